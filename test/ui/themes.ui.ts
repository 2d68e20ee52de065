import * as path from 'node:path';
import { Tracker } from '../../tracker/src/sdk/tracker';
import type { UiSuite } from '../harness/run-ui-tests';
import { runCommand, webviewFrame } from '../harness/workbench';

/** The runs panel must stay readable in the dark and high-contrast themes too (light is covered elsewhere). */
function themeSuite(label: string, theme: string): UiSuite {
  return {
    name: `theme-${label}`,
    settings: { 'workbench.colorTheme': theme },
    async prepare(workspace) {
      const tracker = Tracker.open({ dir: path.join(workspace, '.loupe') });
      for (const lr of [0.01, 0.1]) {
        const run = await tracker.startRun({ experiment: 'themes', name: `themed-lr${lr}`, params: { lr } });
        for (let s = 0; s < 10; s++) run.log({ loss: 1 / (s + 1 + lr) }, s);
        run.end(lr > 0.05 ? 'failed' : 'finished');
      }
      tracker.close();
    },
    async run({ page, step, screenshot }) {
      await step(`the runs panel renders in ${label} theme colours`, async () => {
        await runCommand(page, 'Loupe: Open Runs');
        const panel = webviewFrame(page);
        await panel.locator('.grid-row', { hasText: 'themed-lr0.1' }).waitFor({ timeout: 30_000 });
        const [fg, bg] = await panel.locator('body').evaluate((b) => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]);
        if (fg === bg) throw new Error(`text and background share the colour ${fg}`);
        await screenshot(`runs-panel-${label}`);
      });
    },
  };
}

export const suites: UiSuite[] = [themeSuite('dark', 'Default Dark Modern'), themeSuite('high-contrast', 'Default High Contrast')];
