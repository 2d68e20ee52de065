import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { addVersion } from '../../tracker/src/datasets/datasetStore';
import { diffVersions, ksOf, psiOf } from '../../tracker/src/datasets/diff';
import { seededRandom } from '../../tracker/src/demo/softmaxRegression';
import { tempWorkspace } from './helpers';

function table(rows: number, shift: number, seed: number, withExtra: boolean): string {
  const random = seededRandom(seed);
  const header = ['x', 'steady', 'code', ...(withExtra ? ['extra'] : [])];
  const lines = [header.join(',')];
  for (let i = 0; i < rows; i++) {
    // `code` holds integers in the first version and text in the second: a type change.
    const code = withExtra ? `c${i % 5}` : String(i % 5);
    lines.push([(random() * 100 + shift).toFixed(3), (random() * 100).toFixed(3), code, ...(withExtra ? ['1'] : [])].join(','));
  }
  return lines.join('\n') + '\n';
}

test('a diff lists changed files, schema changes and flags the column that drifted', async () => {
  const { root, loupeDir } = tempWorkspace();
  fs.mkdirSync(path.join(root, 'd'));
  fs.writeFileSync(path.join(root, 'd/table.csv'), table(2000, 0, 1, false));
  fs.writeFileSync(path.join(root, 'd/readme.txt'), 'v1');
  fs.writeFileSync(path.join(root, 'd/gone.txt'), 'bye');
  await addVersion(root, loupeDir, 'd');
  fs.writeFileSync(path.join(root, 'd/table.csv'), table(2500, 40, 2, true));
  fs.rmSync(path.join(root, 'd/gone.txt'));
  fs.writeFileSync(path.join(root, 'd/new.txt'), 'hi');
  await addVersion(root, loupeDir, 'd');

  const d = await diffVersions(loupeDir, 'd@1', 'd@2');
  assert.deepEqual(d.files.added.map((f) => f.path), ['new.txt']);
  assert.deepEqual(d.files.removed.map((f) => f.path), ['gone.txt']);
  assert.deepEqual(d.files.changed.map((f) => f.path), ['table.csv']);
  assert.equal(d.files.unchanged, 1);

  assert.equal(d.tables.length, 1);
  const t = d.tables[0];
  assert.deepEqual([t.rowsBefore, t.rowsAfter, t.rowsDelta], [2000, 2500, 500]);
  assert.deepEqual(t.addedColumns, ['extra']);
  assert.deepEqual(t.removedColumns, []);
  assert.deepEqual(t.typeChanged, [{ column: 'code', before: 'integer', after: 'string' }]);
  const x = t.drift.find((c) => c.column === 'x')!;
  const steady = t.drift.find((c) => c.column === 'steady')!;
  assert.ok(x.drifted && x.psi > 1, `x psi ${x.psi}`);
  assert.ok(Math.abs(x.ks - 0.4) < 0.05, `x ks ${x.ks}`); // U(0,100) against U(40,140)
  assert.ok(!steady.drifted && steady.psi < 0.05, `steady psi ${steady.psi}`);
});

test('identical histograms have no drift, and values beyond the old range still count', () => {
  const h = { kind: 'numeric' as const, edges: [0, 1, 2, 3], counts: [10, 20, 10], approximate: false };
  assert.equal(psiOf(h, h), 0);
  assert.equal(ksOf(h, h), 0);
  const beyond = { kind: 'numeric' as const, edges: [10, 11], counts: [40], approximate: false };
  assert.ok(psiOf(h, beyond) > 1);
  assert.equal(ksOf(h, beyond), 1);
});
