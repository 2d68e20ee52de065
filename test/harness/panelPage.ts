import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { panelDocument } from '../../extension/src/webview/panelDocument';
import { REPO_ROOT } from './codeServer';

/**
 * Serves a built panel (dist/webview/<bundle>.js) in the same document and CSP VS Code gets, with
 * VS Code's webview messaging stood in by a small bridge: messages the panel posts collect in
 * `window.__sent`, and `deliver()` posts host messages to the page. Lets browser tests and benchmarks
 * drive a panel without a whole workbench.
 */
export interface PanelPage {
  page: Page;
  deliver(message: unknown): Promise<void>;
  sent(): Promise<{ type: string; [k: string]: unknown }[]>;
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

export async function openPanel(browser: Browser, bundle: string): Promise<PanelPage> {
  const dist = path.join(REPO_ROOT, 'dist');
  const nonce = randomBytes(16).toString('base64');
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/panel') {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const bridge = `<script nonce="${nonce}">(() => {
        window.__sent = []; window.__csp = []; let state;
        document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
        window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__sent.push(JSON.parse(JSON.stringify(m))), getState: () => state, setState: (s) => { state = s; } });
      })();</script>`;
      const html = panelDocument({ cspSource: origin, nonce, asset: (...p) => `${origin}/dist/${p.join('/')}`, bundle, title: bundle })
        .replace('<div id="app"', `${bridge}\n<div id="app"`);
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    const file = path.normalize(path.join(dist, decodeURIComponent(url.pathname.replace(/^\/dist\//, ''))));
    if (!file.startsWith(dist + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/panel`);
  await page.waitForFunction(() => (window as unknown as { __sent: unknown[] }).__sent.length > 0);
  return {
    page,
    // Structured like VS Code's delivery: a MessageEvent on window whose data is the message.
    deliver: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
    sent: () => page.evaluate(() => (window as unknown as { __sent: { type: string }[] }).__sent),
    cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    async close() {
      await page.close();
      await new Promise((r) => server.close(r));
    },
  };
}
