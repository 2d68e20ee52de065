import type { UiSuite } from '../harness/run-ui-tests';
import { runCommand } from '../harness/workbench';

/** Run Training as a user would: palette, pick the config, accept no overrides, watch it finish. */
export const suite: UiSuite = {
  name: 'training',
  async run({ page, step, screenshot }) {
    await step('Loupe: Run Training from the palette trains the picked config and registers its model', async () => {
      await runCommand(page, 'Loupe: Run Training');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'train/penguins-logistic.yaml' }).first().click({ timeout: 20_000 });
      // The overrides box: accept it empty.
      await page.locator('.quick-input-widget input.input').waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      await page.locator('.notifications-toasts', { hasText: /Loupe: training finished.*Registered penguins-logistic v1/ }).waitFor({ timeout: 120_000 });
      await page.locator('.activitybar .action-item a[aria-label^="Loupe"]').click();
      await page.locator('.monaco-list-row', { hasText: 'penguins-logistic' }).first().waitFor({ timeout: 20_000 });
      await screenshot('training-finished');
    });
  },
};
