import * as path from 'node:path';
import { addVersion } from '../../tracker/src/datasets/datasetStore';
import type { UiSuite } from '../harness/run-ui-tests';
import { findWebviewFrame } from '../harness/workbench';

export const suite: UiSuite = {
  name: 'datasets',
  async prepare(workspace) {
    const loupeDir = path.join(workspace, '.loupe');
    await addVersion(workspace, loupeDir, 'data/releases/penguins-2007.csv', { name: 'penguins', message: '2007 season' });
    await addVersion(workspace, loupeDir, 'data/penguins.csv', { name: 'penguins', message: 'all seasons' });
  },
  async run({ page, step, screenshot }) {
    await step('the Datasets view lists the dataset and its two versions', async () => {
      await page.locator('.activitybar .action-item a[aria-label^="Loupe"]').click();
      await page.locator('.monaco-list-row', { hasText: 'penguins' }).first().click();
      await page.locator('.monaco-list-row', { hasText: 'v2' }).waitFor({ timeout: 20_000 });
      await page.locator('.monaco-list-row', { hasText: 'v1' }).waitFor({ timeout: 5_000 });
    });
    await step('a version opens its profile: schema, histograms, missing values and correlations', async () => {
      await page.locator('.monaco-list-row', { hasText: 'v2' }).click();
      const panel = await findWebviewFrame(page, 'h1');
      await panel.locator('h1', { hasText: 'penguins v2' }).waitFor({ timeout: 20_000 });
      await panel.waitForFunction(() => document.querySelectorAll('.small-multiples canvas').length === 7, undefined, { timeout: 20_000 });
      const text = await panel.locator('#app').textContent();
      if (!/344 rows/.test(text ?? '')) throw new Error('row count missing');
      if (!/Likely label column: Species/.test(text ?? '')) throw new Error('label guess missing');
      await screenshot('dataset-profile');
    });
    await step('Diff with Version… shows rows added and the drift of each column', async () => {
      await page.locator('.monaco-list-row', { hasText: 'v2' }).click({ button: 'right' });
      // Pointer clicks on a context menu opened by a synthetic right-click are not always taken;
      // keyboard navigation is: the second item is "Diff with Version…".
      await page.getByRole('menuitem', { name: /Diff with Version/ }).waitFor({ timeout: 10_000 });
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget input.input').waitFor({ state: 'visible', timeout: 15_000 });
      await page.keyboard.type('v1');
      await page.keyboard.press('Enter');
      const diff = await findWebviewFrame(page, 'h1:has-text("v1 → v2")');
      await diff.locator('text=rows: 274 → 344').waitFor({ timeout: 20_000 });
      await diff.waitForSelector('section canvas');
      await screenshot('dataset-diff');
    });
  },
};
