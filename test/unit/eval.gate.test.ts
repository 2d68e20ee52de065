import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { digestCheck, leakageCheck } from '../../tracker/src/evaluation/checks';
import { datasetFromCsv, normaliseRow, rowHash } from '../../tracker/src/evaluation/dataset';
import { gate, improvementInterval, type GateInput } from '../../tracker/src/evaluation/gate';
import { defaultPolicy, resolvePolicy } from '../../tracker/src/evaluation/policy';
import { regressionOf } from '../../tracker/src/evaluation/slices';
import { latencySummary } from '../../tracker/src/evaluation/stats/latency';

const latency = latencySummary(Float64Array.from([10, 10]), Int32Array.from([100, 100]));

function input(overrides: Partial<GateInput>): GateInput {
  return {
    task: 'classification', policy: defaultPolicy('classification'), champion: 0.8, challenger: 0.85,
    diff: { lo: 0.02, hi: 0.08, valid: 1000 }, confidence: 0.95, mcnemar: { b: 2, c: 12, p: 0.013 },
    latency: { champion: latency, challenger: latency }, slices: { metric: 'accuracy', slices: [], skippedColumns: [] }, checks: [],
    ...overrides,
  };
}

test('a superiority gate promotes when the interval clears the minimum improvement and McNemar favours the challenger', () => {
  const g = gate(input({}));
  assert.equal(g.verdict, 'promote');
  assert.deepEqual(g.reasons.map((r) => [r.check, r.passed]), [['primary_metric', true], ['mcnemar', true], ['latency', true], ['slices', true]]);
  assert.match(g.reasons[2].sentence, /1× the champion's 0\.1 ms \(limit 1\.5×\)/);
});

test('a significant McNemar test in the champion’s favour, or a required improvement not met, rejects', () => {
  const favoursChampion = gate(input({ mcnemar: { b: 12, c: 2, p: 0.013 } }));
  assert.equal(favoursChampion.verdict, 'reject');
  assert.match(favoursChampion.reasons[1].sentence, /in the champion's favour/);
  const notEnough = gate(input({ policy: { ...defaultPolicy('classification'), minImprovement: 0.05 } }));
  assert.equal(notEnough.verdict, 'reject');
  assert.match(notEnough.reasons[0].sentence, /\[0\.02, 0\.08\], whose lower bound is not above the required improvement of 0\.05/);
});

test('for lower-is-better metrics the improvement interval is the negated difference interval', () => {
  assert.deepEqual(improvementInterval('rmse', { lo: -0.3, hi: -0.1, valid: 10 }), { lo: 0.1, hi: 0.3 });
  const policy = { ...defaultPolicy('regression') };
  const g = gate(input({ task: 'regression', policy, champion: 2, challenger: 1.8, diff: { lo: -0.3, hi: -0.1, valid: 1000 }, mcnemar: undefined, slices: { metric: 'rmse', slices: [], skippedColumns: [] } }));
  assert.equal(g.verdict, 'promote');
  assert.match(g.reasons[0].sentence, /rmse \(lower is better\): challenger 1\.8 vs champion 2; the 95% CI of the improvement is \[0\.1, 0\.3\]/);
  assert.equal(regressionOf('rmse', 2, 2.2), 0.10000000000000009, 'relative for error metrics');
  assert.equal(regressionOf('accuracy', 0.9, 0.8), 0.09999999999999998, 'absolute for bounded metrics');
});

test('a primary metric without a bootstrap interval cannot pass', () => {
  const g = gate(input({ policy: { ...defaultPolicy('classification'), primaryMetric: 'roc_auc' }, diff: { lo: NaN, hi: NaN, valid: 0 } }));
  assert.equal(g.verdict, 'reject');
  assert.match(g.reasons[0].sentence, /has no bootstrap interval/);
});

test('every failed check is a reason of its own, and any one of them rejects', () => {
  const g = gate(input({ checks: [digestCheck('a'.repeat(64), 'a'.repeat(64), 'b'.repeat(64))] }));
  assert.equal(g.verdict, 'reject');
  assert.match(g.reasons.at(-1)!.sentence, /The models did not score the same rows: dataset aaaaaaaaaaaa, champion aaaaaaaaaaaa, challenger bbbbbbbbbbbb/);
});

test('policies are checked field by field with the allowed values named', () => {
  assert.equal(resolvePolicy('regression').primaryMetric, 'rmse');
  assert.equal(resolvePolicy('classification', { primaryMetric: 'macro_f1', mode: 'non-inferiority' }).mode, 'non-inferiority');
  assert.throws(() => resolvePolicy('classification', { primaryMetric: 'rmse' }), /primaryMetric must be one of accuracy, macro_precision/);
  assert.throws(() => resolvePolicy('classification', { mode: 'better' }), /mode must be "superiority" or "non-inferiority"/);
  assert.throws(() => resolvePolicy('classification', { minSliceSize: '20' }), /minSliceSize must be a finite number/);
  assert.throws(() => resolvePolicy('classification', []), /must be a JSON object/);
});

test('rows hash by their trimmed cells joined with U+001F, and a membership function works as training rows', () => {
  const data = datasetFromCsv('a,b,label\n 1 ,x,yes\n2,,no\n', 'inline.csv');
  assert.deepEqual(data.types, { a: 'number', b: 'string', label: 'string' });
  assert.equal(normaliseRow(data.rows[0], data.columns), '1\u001fx\u001fyes');
  assert.equal(normaliseRow(data.rows[1], data.columns), '2\u001f\u001fno');
  const second = rowHash(data.rows[1], data.columns);
  const leak = leakageCheck(data.rows.map((r) => normaliseRow(r, data.columns)), Int32Array.from([0, 1]), { champion: (h) => h === second });
  assert.equal(leak.passed, false);
  assert.match(leak.sentence, /1 held-out row\(s\) are in the champion's training data \(rows 1\)/);
});
