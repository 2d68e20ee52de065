// Serves the sample workspace in code-server with Loupe as a development extension, and prints the URL.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { workbenchUrl } from '../test/harness/browser';
import { REPO_ROOT, startCodeServer } from '../test/harness/codeServer';

async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 8765);
  const workspace = path.join(REPO_ROOT, 'sample-workspace');
  const userDataDir = path.join(os.homedir(), '.cache', 'loupe-code-server');
  fs.mkdirSync(userDataDir, { recursive: true });
  const cs = await startCodeServer({ workspace, port, persistent: true, userDataDir });
  const url = workbenchUrl(cs.url, workspace, [['extensionDevelopmentPath', cs.remote(REPO_ROOT)], ['skipWelcome', 'true']]);
  console.log(`\nLoupe is running in VS Code at:\n\n  ${url}\n\nOpen it in a browser (Loupe is the magnifier in the activity bar). Ctrl+C stops it.`);
  const stop = async () => {
    await cs.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
