import type { Page } from 'playwright-core';
import type { UiSuite } from '../harness/run-ui-tests';
import { findWebviewFrame, runCommand } from '../harness/workbench';

/** Expands a walkthrough step by its title, then clicks its button. */
async function runStep(page: Page, title: string, button: string): Promise<void> {
  await page.locator('.getting-started-step .step-title', { hasText: title }).first().click();
  const action = page.locator('.getting-started-step.expanded a, .getting-started-step.expanded button', { hasText: button }).first();
  await action.waitFor({ timeout: 15_000 });
  await action.click();
}

/** The newcomer's path: the walkthrough, one click per step, ending with a promoted challenger. */
export const suite: UiSuite = {
  name: 'walkthrough',
  async run({ page, step, screenshot }) {
    await step('the walkthrough opens from the Welcome page', async () => {
      await runCommand(page, 'Welcome: Open Walkthrough...');
      await page.keyboard.type('From data to a promoted model', { delay: 5 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'From data to a promoted model' }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await page.locator('.getting-started-step .step-title', { hasText: '1. Version the data' }).waitFor({ timeout: 20_000 });
      await screenshot('walkthrough');
    });
    await step('step 1 versions and splits the data; the Datasets view shows them', async () => {
      await runStep(page, '1. Version the data', 'Version and split the data');
      await page.locator('.monaco-list-row', { hasText: 'penguins-test' }).waitFor({ timeout: 60_000 });
    });
    await step('step 2 trains the baseline; the Models view marks it champion', async () => {
      await runStep(page, '2. Train a baseline champion', 'Train the baseline');
      await page.locator('.monaco-list-row', { hasText: 'penguins-species' }).first().waitFor({ timeout: 120_000 });
      await page.locator('.monaco-list-row', { hasText: '@champion' }).waitFor({ timeout: 30_000 });
    });
    await step('step 3 sweeps and trains the challenger', async () => {
      await runStep(page, '3. Sweep for a better model', 'Sweep and train the challenger');
      await page.locator('.monaco-list-row', { hasText: '@challenger' }).waitFor({ timeout: 240_000 });
    });
    await step('step 4 compares the sweep trials', async () => {
      await runStep(page, '4. Compare the runs', 'Compare the sweep trials');
      await page.locator('.tab', { hasText: 'Compare 4 sweep trials' }).waitFor({ timeout: 30_000 });
      const compare = await findWebviewFrame(page, '#curves');
      await compare.waitForSelector('#curves .chart canvas', { timeout: 30_000 });
      await screenshot('walkthrough-compare');
    });
    await step('step 5 evaluates: the panel leads with the promote verdict', async () => {
      await page.locator('.tab', { hasText: 'Walkthrough' }).first().click();
      await runStep(page, '5. Evaluate the challenger', 'Evaluate on the test split');
      const panel = await findWebviewFrame(page, '.verdict', 120_000);
      await panel.locator('.verdict.pass h1', { hasText: 'Promote' }).waitFor({ timeout: 30_000 });
      await panel.waitForSelector('section canvas', { timeout: 30_000 });
      await screenshot('evaluation-panel');
    });
    await step('Promote in the evaluation panel asks for confirmation, then the challenger is champion', async () => {
      const panel = await findWebviewFrame(page, '#promote');
      await panel.locator('#promote').click();
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Promote' }).click();
      await page.locator('.monaco-list-row', { hasText: 'v2' }).filter({ hasText: '@champion' }).waitFor({ timeout: 30_000 });
      await screenshot('promoted');
    });
  },
};
