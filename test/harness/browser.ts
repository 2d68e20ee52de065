import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with the background networking that this closed network refuses turned off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * Makes the workbench honour the test payload (extensionTestsPath) by enabling the smoke-test driver
 * in the configuration the page reads. Avoids page.route(), which breaks code-server's WebSockets.
 */
export async function enableTestDriver(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const original = Element.prototype.getAttribute;
    Element.prototype.getAttribute = function (this: Element, name: string) {
      const value = original.call(this, name);
      if (name === 'data-settings' && this.id === 'vscode-workbench-web-configuration' && value) {
        const config = JSON.parse(value);
        config.developmentOptions = { ...(config.developmentOptions ?? {}), enableSmokeTestDriver: true };
        return JSON.stringify(config);
      }
      return value;
    };
  });
}

export function workbenchUrl(base: string, folder: string, payload?: [string, string][]): string {
  const q = `folder=${encodeURIComponent(folder)}` + (payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '');
  return `${base}/?${q}`;
}
