// The same integration suite in desktop VS Code via @vscode/test-electron, for machines that can
// download VS Code (CI here cannot and uses test/harness/run-exthost-tests.ts with code-server).
// Desktop VS Code runs extensions on Electron's Node: rebuild better-sqlite3 for it first
// (see README, "Desktop VS Code").
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { runTests } = require('@vscode/test-electron');

async function main() {
  const root = path.resolve(__dirname, '../..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-electron-'));
  fs.cpSync(path.join(root, 'sample-workspace'), workspace, { recursive: true, filter: (s) => path.basename(s) !== '.loupe' });
  await runTests({
    version: process.env.VSCODE_VERSION || '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, '.test-output/integration/index'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((e) => {
  console.error('test-electron run failed:', e);
  process.exit(1);
});
