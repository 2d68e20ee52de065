import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { addVersion, readManifest, withDatasets } from '../../tracker/src/datasets/datasetStore';
import { leakageCheck } from '../../tracker/src/datasets/leakage';
import { splitVersion } from '../../tracker/src/datasets/split';
import { isLoupeError } from '../../tracker/src/errors';
import { parseCsv } from '../../tracker/src/tabular/csv';
import { REPO_ROOT, tempWorkspace } from './helpers';

async function penguins() {
  const ws = tempWorkspace();
  fs.mkdirSync(path.join(ws.root, 'data'));
  fs.copyFileSync(path.join(REPO_ROOT, 'sample-workspace/data/penguins.csv'), path.join(ws.root, 'data/penguins.csv'));
  await addVersion(ws.root, ws.loupeDir, 'data/penguins.csv');
  return ws;
}

async function splitTexts(loupeDir: string, refs: string[]): Promise<string[]> {
  return withDatasets(loupeDir, ({ repo, objects }) =>
    refs.map((r) => objects.read(readManifest(objects, repo.resolve(r)).files[0].hash).toString('utf8')));
}

test('a split with the same seed is identical, and a different seed differs', async () => {
  const { loupeDir } = await penguins();
  const a = await splitVersion(loupeDir, 'penguins@1', { seed: 7 });
  assert.deepEqual(a.parts.map((p) => [p.role, p.status, p.version.dataset, p.version.version]), [
    ['train', 'created', 'penguins-train', 1], ['validation', 'created', 'penguins-validation', 1], ['test', 'created', 'penguins-test', 1],
  ]);
  const first = await splitTexts(loupeDir, ['penguins-train@1', 'penguins-validation@1', 'penguins-test@1']);
  const again = await splitVersion(loupeDir, 'penguins', { seed: 7 });
  assert.deepEqual(again.parts.map((p) => p.status), ['unchanged', 'unchanged', 'unchanged']);
  const other = await splitVersion(loupeDir, 'penguins', { seed: 8 });
  assert.deepEqual(other.parts.map((p) => [p.status, p.version.version]), [['created', 2], ['created', 2], ['created', 2]]);
  const second = await splitTexts(loupeDir, ['penguins-train@2', 'penguins-validation@2', 'penguins-test@2']);
  assert.notDeepEqual(first, second);
  // Every row lands in exactly one split, under the original header.
  for (const texts of [first, second]) {
    const tables = texts.map((t) => parseCsv(t));
    assert.deepEqual(tables.map((t) => t.rows.length), [275, 34, 35]);
    const all = tables.flatMap((t) => t.rows.map((r) => r.join(','))).sort();
    const original = parseCsv(fs.readFileSync(path.join(REPO_ROOT, 'sample-workspace/data/penguins.csv'), 'utf8')).rows.map((r) => r.join(',')).sort();
    assert.deepEqual(all, original);
  }
  for (const p of a.parts) assert.equal(p.version.parentVersionId, a.source.id);
  assert.deepEqual(a.parts.map((p) => [p.version.splitRole, p.version.sourcePath]), [
    ['train', 'data/penguins.train.csv'], ['validation', 'data/penguins.validation.csv'], ['test', 'data/penguins.test.csv'],
  ]);
});

test('a stratified split keeps each label\'s share in every split', async () => {
  const { loupeDir } = await penguins();
  await splitVersion(loupeDir, 'penguins@1', { seed: 1, label: 'Species', ratios: [0.6, 0.2, 0.2] });
  const texts = await splitTexts(loupeDir, ['penguins-train', 'penguins-validation', 'penguins-test']);
  const totals: Record<string, number> = { Adelie: 152, Gentoo: 124, Chinstrap: 68 };
  texts.forEach((text, k) => {
    const counts: Record<string, number> = {};
    for (const r of parseCsv(text).rows) counts[r[0]] = (counts[r[0]] ?? 0) + 1;
    for (const [species, n] of Object.entries(totals)) {
      const expected = [0.6, 0.2, 0.2][k] * n;
      assert.ok(Math.abs(counts[species] - expected) <= 1, `${species} in split ${k}: ${counts[species]} vs ${expected}`);
    }
  });
});

test('splitting refuses bad ratios, an unknown label and a folder', async () => {
  const { root, loupeDir } = await penguins();
  await assert.rejects(splitVersion(loupeDir, 'penguins', { ratios: [0.5, 0.1, 0.1] }), (e) => isLoupeError(e, 'INVALID_ARGUMENT') && /adding up to 1/.test(e.message));
  await assert.rejects(splitVersion(loupeDir, 'penguins', { label: 'Colour' }), (e) => isLoupeError(e, 'INVALID_ARGUMENT') && /no column "Colour"/.test(e.message));
  fs.writeFileSync(path.join(root, 'data/notes.txt'), 'two files now');
  await addVersion(root, loupeDir, 'data');
  await assert.rejects(splitVersion(loupeDir, 'data'), (e) => isLoupeError(e, 'INVALID_ARGUMENT') && /single CSV/.test(e.message));
});

test('leakage is flagged when held-out rows occur in training, and not for a clean split', async () => {
  const { root, loupeDir } = await penguins();
  await splitVersion(loupeDir, 'penguins', { seed: 3 });
  const clean = await leakageCheck(loupeDir, 'penguins-train', 'penguins-test');
  assert.deepEqual([clean.sharedRows, clean.trainRows, clean.heldOutRows], [0, 275, 35]);

  // A held-out file that copies two training rows (reordered columns, other spacing and case).
  const [trainText] = await splitTexts(loupeDir, ['penguins-train']);
  const train = parseCsv(trainText);
  const leaked = [train.rows[0], train.rows[10]].map((r) => [...r].reverse().map((v) => ` ${v.toUpperCase()} `).join(','));
  const fresh = 'Gentoo,Biscoe,99.9,19.9,299,9999,MALE'.split(',').reverse().join(',');
  fs.writeFileSync(path.join(root, 'held.csv'), [[...train.header].reverse().join(','), ...leaked, fresh].join('\n') + '\n');
  await addVersion(root, loupeDir, 'held.csv');
  const dirty = await leakageCheck(loupeDir, 'penguins-train', 'held');
  assert.deepEqual([dirty.sharedRows, dirty.heldOutRows, dirty.examples.length], [2, 3, 2]);
  assert.equal(dirty.examples[0].Species.trim().toLowerCase(), train.rows[0][0].toLowerCase());
});
