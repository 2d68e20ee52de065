// UI tests: a real VS Code workbench (code-server) in headless Chromium, driven like a user.
// Each suite file in test/ui exports `suite(ctx)`; steps count toward the closing summary line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, workbenchUrl } from './browser';
import { REPO_ROOT, startCodeServer, type CodeServer } from './codeServer';
import { freshWorkspace, OUTPUT_DIR } from './workspaces';
import { waitForWorkbench } from './workbench';

export interface UiContext {
  page: Page;
  workspace: string;
  cs: CodeServer;
  step(name: string, fn: () => Promise<void>): Promise<void>;
  screenshot(name: string): Promise<string>;
}

export interface UiSuite {
  name: string;
  /** Prepares the workspace before VS Code opens it (e.g. logs runs). */
  prepare?(workspace: string): Promise<void> | void;
  settings?: Record<string, unknown>;
  /** Install this packaged extension instead of loading the checkout as a development extension. */
  vsix?: string;
  run(ctx: UiContext): Promise<void>;
}

async function runSuite(suite: UiSuite, counts: { passed: number; failed: number }): Promise<void> {
  const workspace = freshWorkspace(`ui-${suite.name}`);
  await suite.prepare?.(workspace);
  const cs = await startCodeServer({ workspace, settings: suite.settings, vsix: suite.vsix });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const screenshot = async (name: string) => {
    const file = path.join(OUTPUT_DIR, 'screenshots', `${name}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    return file;
  };
  const step = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
      counts.passed++;
      console.log(`  ok    ${suite.name}: ${name}`);
    } catch (e) {
      counts.failed++;
      console.log(`  FAIL  ${suite.name}: ${name} - ${(e as Error).message.split('\n')[0]}`);
      await screenshot(`FAILED-${suite.name}`).catch(() => undefined);
      fs.writeFileSync(path.join(OUTPUT_DIR, `ui-${suite.name}-code-server.log`), cs.log());
      throw e;
    }
  };
  try {
    const payload: [string, string][] = suite.vsix ? [['skipWelcome', 'true']] : [['extensionDevelopmentPath', cs.remote(REPO_ROOT)], ['skipWelcome', 'true']];
    await page.goto(workbenchUrl(cs.url, workspace, payload));
    await waitForWorkbench(page);
    await suite.run({ page, workspace, cs, step, screenshot });
  } catch {
    // the failing step is already counted and reported
  } finally {
    await browser.close();
    await cs.stop();
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const only = process.argv[2];
  const dir = path.join(REPO_ROOT, 'test/ui');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ui.ts') && (!only || f.includes(only))).sort();
  const counts = { passed: 0, failed: 0 };
  for (const f of files) {
    const mod = (await import(path.join(dir, f))) as { suite?: UiSuite; suites?: UiSuite[] };
    for (const suite of [...(mod.suite ? [mod.suite] : []), ...(mod.suites ?? [])]) await runSuite(suite, counts);
  }
  console.log(`ui tests: ${Date.now() - started} ms`);
  console.log(`ui: ${counts.passed} passed, ${counts.failed} failed`);
  return counts.failed || counts.passed === 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
