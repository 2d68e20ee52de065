import * as path from 'node:path';
import { Tracker } from '../../tracker/src/sdk/tracker';
import type { UiSuite } from '../harness/run-ui-tests';
import { findWebviewFrame, runCommand, webviewFrame } from '../harness/workbench';

export const suite: UiSuite = {
  name: 'runs-panel',
  async prepare(workspace) {
    const tracker = Tracker.open({ dir: path.join(workspace, '.loupe') });
    const run = await tracker.startRun({ experiment: 'penguins', name: 'ui-visible-run', params: { lr: 0.003 } });
    for (let step = 0; step < 20; step++) run.log({ val_accuracy: 0.5 + step * 0.02 }, step);
    run.log({ val_accuracy: 0.8765 }, 20);
    run.end('finished');
    const other = await tracker.startRun({ experiment: 'penguins', name: 'ui-second-run', params: { lr: 0.03 } });
    for (let step = 0; step <= 20; step++) other.log({ val_accuracy: 0.4 + step * 0.025 }, step);
    other.end('finished');
    tracker.close();
  },
  async run({ page, step, screenshot }) {
    await step('Loupe: Open Runs from the palette opens the runs panel', async () => {
      await runCommand(page, 'Loupe: Open Runs');
      await page.locator('.tab', { hasText: 'Loupe: Runs' }).waitFor({ timeout: 30_000 });
    });
    const panel = webviewFrame(page);
    await step("the panel shows the run's name and last metric value", async () => {
      await panel.locator('.grid-row', { hasText: 'ui-visible-run' }).waitFor({ timeout: 30_000 });
      await panel.locator('.grid-row .cell', { hasText: '0.8765' }).waitFor({ timeout: 10_000 });
      await panel.locator('.grid-header .cell', { hasText: 'val_accuracy (last)' }).waitFor({ timeout: 10_000 });
    });
    await step('a bad filter shows an error that names the column', async () => {
      await panel.locator('#filter').fill('metrics.val_accuracy >');
      await panel.locator('#filter').press('Enter');
      await panel.locator('#filter-error', { hasText: /column \d+/ }).waitFor({ timeout: 10_000 });
      await panel.locator('#filter').fill('metrics.val_accuracy > 0.8');
      await panel.locator('#filter').press('Enter');
      await panel.locator('.grid-row', { hasText: 'ui-visible-run' }).waitFor({ timeout: 10_000 });
    });
    await step('screenshot of the runs panel is saved', async () => {
      await screenshot('runs-panel');
    });
    await step('two selected runs open in the compare panel with curves and a params diff', async () => {
      await panel.locator('#filter').fill('');
      await panel.locator('#filter').press('Enter');
      await panel.locator('.grid-row', { hasText: 'ui-second-run' }).waitFor({ timeout: 10_000 });
      await panel.locator('.grid-row', { hasText: 'ui-visible-run' }).locator('input[type=checkbox]').check();
      await panel.locator('.grid-row', { hasText: 'ui-second-run' }).locator('input[type=checkbox]').check();
      await panel.locator('#compare').click();
      await page.locator('.tab', { hasText: 'Loupe: Compare 2 runs' }).waitFor({ timeout: 30_000 });
      const compare = await findWebviewFrame(page, '#curves');
      await compare.waitForSelector('#curves .chart canvas', { timeout: 30_000 });
      await compare.waitForSelector('#parallel .chart canvas', { timeout: 10_000 });
      const differs = await compare.locator('table.diff tr.differs th').allTextContents();
      if (!differs.includes('params.lr')) throw new Error(`diff rows: ${differs.join(', ')}`);
      const cells = await compare.locator('table.diff tr.differs td').allTextContents();
      if (!(cells.includes('0.003') && cells.includes('0.03'))) throw new Error(`diff cells: ${cells.join(', ')}`);
      await screenshot('compare-panel');
    });
  },
};
