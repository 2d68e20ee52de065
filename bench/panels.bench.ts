// Panels in headless Chromium: first paint of the runs table with 10,000 runs, and the compare panel
// drawing 50 runs × 1,000 points. Times run from the host message to the frame after drawing.
import { launchChromium } from '../test/harness/browser';
import { openPanel } from '../test/harness/panelPage';
import { compareSeries, compareSnapshot, runRow, runsSnapshot } from '../test/browser/fixtures';
import { report } from './lib';

async function timeUntil(panel: Awaited<ReturnType<typeof openPanel>>, message: unknown, selector: string): Promise<number> {
  return panel.page.evaluate(
    async ({ message, selector }) => {
      const t0 = performance.now();
      window.postMessage(message, '*');
      while (!document.querySelector(selector)) await new Promise((r) => setTimeout(r, 1));
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      return performance.now() - t0;
    },
    { message, selector },
  );
}

async function main(): Promise<void> {
  const browser = await launchChromium();
  try {
    const runs = runsSnapshot(Array.from({ length: 10_000 }, (_, i) => runRow(i)));
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const panel = await openPanel(browser, 'runs');
      best = Math.min(best, await timeUntil(panel, runs, '.grid-row'));
      await panel.close();
    }
    report('runs_panel_first_paint_10k', best, 'ms', '<=', 500);

    const compareRuns = Array.from({ length: 50 }, (_, i) => runRow(i));
    let bestCompare = Infinity;
    for (let i = 0; i < 3; i++) {
      const panel = await openPanel(browser, 'compare');
      await panel.deliver(compareSnapshot(compareRuns));
      // Both default metrics arrive together, as the host answers both requests.
      const t = await panel.page.evaluate(
        async (messages) => {
          const t0 = performance.now();
          for (const m of messages) window.postMessage(m, '*');
          // (no named helpers in here: tsx would wrap them in a __name() the page does not have)
          while (document.querySelectorAll('#curves .chart canvas').length < 2) await new Promise((r) => setTimeout(r, 1));
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          return performance.now() - t0;
        },
        [compareSeries(compareRuns, 'acc', 1000), compareSeries(compareRuns, 'loss', 1000)],
      );
      bestCompare = Math.min(bestCompare, t);
      await panel.close();
    }
    report('compare_panel_50x1000_draw', bestCompare, 'ms', '<=', 1000);
  } finally {
    await browser.close();
  }
}

void main();
