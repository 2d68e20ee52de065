import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { main } from '../../tracker/src/cli/main';
import { REPO_ROOT, tempWorkspace } from './helpers';

async function loupe(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), cwd, env: {} });
  return { code, out, err };
}

function workspace(): string {
  const { root } = tempWorkspace();
  fs.mkdirSync(path.join(root, '.loupe'));
  fs.mkdirSync(path.join(root, 'data'));
  fs.copyFileSync(path.join(REPO_ROOT, 'sample-workspace/data/penguins.csv'), path.join(root, 'data/penguins.csv'));
  return root;
}

test('loupe data --help lists every subcommand', async () => {
  const r = await loupe(['data', '--help'], workspace());
  assert.equal(r.code, 0);
  for (const sub of ['add', 'list', 'show', 'diff', 'checkout', 'log', 'split', 'leakage']) assert.match(r.out, new RegExp(`^  ${sub}\\b`, 'm'), sub);
});

test('loupe data add, list, show and log describe the versions from a subfolder', async () => {
  const root = workspace();
  const sub = path.join(root, 'data');
  const add = await loupe(['data', 'add', 'penguins.csv', '--message', 'initial import'], sub);
  assert.equal(add.code, 0, add.err);
  assert.match(add.out, /^Created penguins@1: 1 file, 13\.2 KiB, 344 rows/);
  assert.match((await loupe(['data', 'add', 'penguins.csv'], sub)).out, /^Unchanged: .* penguins@1/);
  assert.match((await loupe(['data', 'list'], root)).out, /penguins\s+1\s+1\s+1\s+13\.2 KiB\s+344\s+data\/penguins\.csv/);
  const show = await loupe(['data', 'show', 'penguins@1'], root);
  assert.match(show.out, /label guess: Species/);
  assert.match(show.out, /^Sex\s+string\s+10\s+3\s/m);
  assert.match(show.out, /^Body Mass \(g\)\s+integer\s+2\s+94\s+2700\s+6300/m);
  assert.match((await loupe(['data', 'log', 'penguins'], root)).out, /^1\s+\S+ \S+\s+1\s+13\.2 KiB\s+344\s+[0-9a-f]{12}\s+initial import$/m);
  const json = JSON.parse((await loupe(['data', 'show', 'penguins', '--format', 'json'], root)).out);
  assert.equal(json.profile.tables[0].rows, 344);
});

test('loupe data split, leakage, diff and checkout work end to end', async () => {
  const root = workspace();
  assert.equal((await loupe(['data', 'add', 'data/penguins.csv'], root)).code, 0);
  const split = await loupe(['data', 'split', 'penguins@1', '--seed', '5', '--ratios', '0.7,0.15,0.15', '--label', 'Species'], root);
  assert.equal(split.code, 0, split.err);
  assert.match(split.out, /train\s+241 rows → penguins-train@1/);
  const clean = await loupe(['data', 'leakage', 'penguins-train@1', 'penguins-test@1'], root);
  assert.deepEqual([clean.code, /No leakage found/.test(clean.out)], [0, true]);
  const leaky = await loupe(['data', 'leakage', 'penguins@1', 'penguins-test@1'], root);
  assert.equal(leaky.code, 1);
  assert.match(leaky.out, /^51 of 51 rows of penguins-test@1 also occur in penguins@1/);
  const diff = await loupe(['data', 'diff', 'penguins@1', 'penguins-train@1'], root);
  assert.match(diff.out, /rows 344 → 241 \(-103\)/);
  const co = await loupe(['data', 'checkout', 'penguins-test@1'], root);
  assert.equal(co.code, 0, co.err);
  assert.match(co.out, /data\/penguins\.test\.csv/);
  assert.equal(fs.readFileSync(path.join(root, 'data/penguins.test.csv'), 'utf8').split('\n')[0], 'Species,Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex');
});

test('loupe data explains bad references and unknown subcommands', async () => {
  const root = workspace();
  const none = await loupe(['data', 'show', 'nothing'], root);
  assert.deepEqual([none.code, none.err.trim()], [1, 'loupe data: No dataset named "nothing"; see `loupe data list`.']);
  const bad = await loupe(['data', 'show', 'x@one'], root);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /must be a number/);
  const unknown = await loupe(['data', 'frob'], root);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown subcommand "frob"/);
  const outside = await loupe(['data', 'add', '../..'], root);
  assert.equal(outside.code, 1);
  assert.match(outside.err, /outside the workspace/);
});
