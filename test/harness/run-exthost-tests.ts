// Runs the mocha integration suite INSIDE code-server's real extension host. The workbench URL carries
// a payload (extensionDevelopmentPath + extensionTestsPath), the mechanism VS Code's own web integration
// tests use; VS Code requires the suite's index.js, awaits run(), and reports the exit code through
// window.codeAutomationExit, which Playwright exposes here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { enableTestDriver, launchChromium, workbenchUrl } from './browser';
import { REPO_ROOT, startCodeServer } from './codeServer';
import { freshWorkspace, OUTPUT_DIR } from './workspaces';

const SUITE = path.join(REPO_ROOT, '.test-output/integration/index.js');
const NOISE = /^(Resolving|Resolved|Creating a socket|Updating additional|\[Service Worker\]|ChatSessionStore|.*open-vsx\.org)/;

async function main(): Promise<number> {
  if (!fs.existsSync(SUITE)) throw new Error(`${SUITE} is missing: run \`node scripts/build-tests.mjs\` first`);
  const started = Date.now();
  const workspace = freshWorkspace('integration');
  const cs = await startCodeServer({ workspace });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let finish!: (code: number | 'timeout') => void;
  const finished = new Promise<number | 'timeout'>((r) => (finish = r));
  await page.exposeFunction('codeAutomationLog', (_type: string, args: string[]) => {
    const text = args.join(' ');
    if (process.env.VERBOSE || !NOISE.test(text)) console.log(text);
  });
  await page.exposeFunction('codeAutomationExit', async (code: number) => {
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'integration-end.png') }).catch(() => undefined);
    finish(code);
  });
  await enableTestDriver(page);
  await page.goto(workbenchUrl(cs.url, workspace, [
    ['extensionDevelopmentPath', cs.remote(REPO_ROOT)],
    ['extensionTestsPath', cs.remote(SUITE.replace(/\.js$/, ''))],
    ['skipWelcome', 'true'],
  ]));
  const limit = Number(process.env.TEST_TIMEOUT_MS ?? 300_000);
  const timer = setTimeout(() => finish('timeout'), limit);
  const code = await finished;
  clearTimeout(timer);
  if (code !== 0) fs.writeFileSync(path.join(OUTPUT_DIR, 'integration-code-server.log'), cs.log());
  if (code === 'timeout') {
    console.error(`integration tests did not finish within ${limit} ms`);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'integration-timeout.png') }).catch(() => undefined);
  }
  await browser.close();
  await cs.stop();
  console.log(`extension-host tests: exit ${code} in ${Date.now() - started} ms`);
  return code === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
