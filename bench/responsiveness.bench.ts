// Activation time and the longest block of the extension host thread, measured inside a real VS Code
// (code-server's extension host) by test/integration/responsiveness.bench.ts.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
spawnSync(process.execPath, ['scripts/build-tests.mjs'], { cwd: root, stdio: 'ignore' });
const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/harness/run-exthost-tests.ts'], {
  cwd: root, encoding: 'utf8', env: { ...process.env, LOUPE_EXTHOST_SUITE: 'bench' },
});
const lines = (r.stdout + r.stderr).split('\n').filter((l) => l.startsWith('bench '));
for (const l of lines) console.log(l);
if (lines.length === 0) {
  console.error(r.stdout, r.stderr);
  process.exit(1);
}
