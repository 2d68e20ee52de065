import type { Frame, FrameLocator, Page } from 'playwright-core';

/**
 * Runs a command from the palette like a user. Contributed commands appear a moment after the
 * workbench draws and an open palette does not refresh, so reopen it until the command is listed.
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (let attempt = 0; attempt < 40; attempt++) {
    if (await input.isVisible()) await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
    if (!(await input.isVisible())) {
      await page.mouse.click(700, 450);
      continue;
    }
    await page.keyboard.type(title, { delay: 5 });
    if (await row.waitFor({ timeout: 1500 }).then(() => true, () => false)) {
      await page.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`command not in palette: ${title}`);
}

/** The extension's HTML inside a webview: iframe.webview (outer) -> iframe#active-frame. */
export function webviewFrame(page: Page, index = 0): FrameLocator {
  return page.frameLocator('iframe.webview.ready').nth(index).frameLocator('iframe#active-frame');
}

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-workbench .statusbar', { timeout: 90_000 });
}

/** The webview frame whose document contains `selector` (several panels may be open at once). */
export async function findWebviewFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    if (Date.now() > until) throw new Error(`no webview shows ${selector}`);
    await page.waitForTimeout(250);
  }
}
