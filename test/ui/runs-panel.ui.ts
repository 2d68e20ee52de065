import * as path from 'node:path';
import { Tracker } from '../../tracker/src/sdk/tracker';
import type { UiSuite } from '../harness/run-ui-tests';
import { runCommand, webviewFrame } from '../harness/workbench';

export const suite: UiSuite = {
  name: 'runs-panel',
  async prepare(workspace) {
    const tracker = Tracker.open({ dir: path.join(workspace, '.loupe') });
    const run = await tracker.startRun({ experiment: 'penguins', name: 'ui-visible-run', params: { lr: 0.003 } });
    for (let step = 0; step < 20; step++) run.log({ val_accuracy: 0.5 + step * 0.02 }, step);
    run.log({ val_accuracy: 0.8765 }, 20);
    run.end('finished');
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
  },
};
