import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { main } from '../../tracker/src/cli/main';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { REPO_ROOT, tempWorkspace } from './helpers';

test('loupe serve prints its address, serves the workspace with its token file, and stops cleanly on SIGTERM', async () => {
  const { loupeDir } = tempWorkspace();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tracker/src/cli/bin.ts'), 'serve', '--port', '0'], {
    // From the repo so `--import tsx` resolves; the workspace comes from LOUPE_DIR, as the extension passes it.
    cwd: REPO_ROOT,
    env: { ...process.env, LOUPE_DIR: loupeDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /Loupe server listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`loupe serve exited with ${code}: ${out}`)));
  });
  const token = fs.readFileSync(path.join(loupeDir, 'server-token'), 'utf8').trim();
  const r = await fetch(`${url}/api/2.0/mlflow/runs/create`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: JSON.stringify({ experiment_id: '0', run_name: 'via-cli-server' }),
  });
  assert.equal(r.status, 200);
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  assert.equal(code, 0);
  assert.match(out, /Loupe server stopped/);
  const store = SqliteTrackerStore.open(loupeDir);
  assert.equal(store.listRuns().runs[0].name, 'via-cli-server');
  store.close();
});

test('loupe serve refuses a non-loopback host and a bad port with a usage error', async () => {
  const { root } = tempWorkspace();
  for (const args of [['--host', '0.0.0.0'], ['--port', 'http'], ['--port', '99999']]) {
    let err = '';
    const code = await main(['serve', ...args], { out: () => {}, err: (t) => (err += t), cwd: root, env: {} });
    assert.equal(code, 2, args.join(' '));
    assert.match(err, /127\.0\.0\.1|--port/, args.join(' '));
  }
});
