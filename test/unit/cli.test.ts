import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { main } from '../../tracker/src/cli/main';
import { COMMANDS } from '../../tracker/src/cli/registry';
import { Tracker } from '../../tracker/src/sdk/tracker';
import { tempWorkspace } from './helpers';

async function loupe(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), cwd, env: {} });
  return { code, out, err };
}

test('every command answers --help with its usage', async () => {
  const { root } = tempWorkspace();
  for (const c of COMMANDS) {
    const r = await loupe([c.name, '--help'], root);
    assert.equal(r.code, 0, c.name);
    assert.match(r.out, new RegExp(`Usage: loupe ${c.name}`), c.name);
  }
  const top = await loupe(['--help'], root);
  for (const c of COMMANDS) assert.match(top.out, new RegExp(`\\b${c.name}\\b`));
});

test('loupe runs prints a table of the workspace runs found from a subfolder', async () => {
  const { root, loupeDir } = tempWorkspace();
  const tracker = Tracker.open({ dir: loupeDir });
  const run = await tracker.startRun({ experiment: 'penguins', name: 'cli-table-run', params: { lr: 0.5 } });
  run.log({ acc: 0.9125 }, 1);
  run.end();
  tracker.close();
  const sub = `${root}/notebooks`;
  fs.mkdirSync(sub);
  const r = await loupe(['runs'], sub);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.match(lines[0], /^id\s+name\s+experiment\s+status/);
  assert.match(lines[2], /cli-table-run\s+penguins\s+finished/);
  assert.match(lines[2], /0\.5\s+0\.9125$/);
});

test('loupe runs --format csv and json carry the requested columns', async () => {
  const { root, loupeDir } = tempWorkspace();
  const tracker = Tracker.open({ dir: loupeDir });
  const run = await tracker.startRun({ experiment: 'e', name: 'a,"quoted" name' });
  run.log({ loss: NaN }, 0);
  run.end();
  tracker.close();
  const csv = await loupe(['runs', '--columns', 'name,metrics.loss', '--format', 'csv'], root);
  assert.equal(csv.out.trim(), 'name,metrics.loss\n"a,""quoted"" name",NaN');
  const json = await loupe(['runs', '--columns', 'name,metrics.loss', '--format', 'json'], root);
  assert.deepEqual(JSON.parse(json.out), [{ name: 'a,"quoted" name', 'metrics.loss': 'NaN' }]);
});

test('an unknown command or option is a usage error that says what is wrong', async () => {
  const { root } = tempWorkspace();
  const unknown = await loupe(['frobnicate'], root);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown command "frobnicate"/);
  const badOption = await loupe(['runs', '--colour'], root);
  assert.equal(badOption.code, 2);
  assert.match(badOption.err, /--colour/);
});
