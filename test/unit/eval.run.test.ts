import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { rowHash } from '../../tracker/src/evaluation/dataset';
import { runEvaluation } from '../../tracker/src/evaluation/evaluate';
import { readReport } from '../../tracker/src/evaluation/report';
import type { ModelAdapter, Prediction, Row } from '../../tracker/src/evaluation/types';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { tempWorkspace } from './helpers';

const truth = (k: number) => (k % 3 === 0 ? 'yes' : 'no');
const flip = (l: string) => (l === 'yes' ? 'no' : 'yes');

function rows(n = 200): Row[] {
  return Array.from({ length: n }, (_, k) => ({ k, region: k % 2 ? 'B' : 'A', label: truth(k) }));
}

/** An in-process model answering from the row's `k`; `wrong(k)` decides where it errs. */
function model(id: string, wrong: (k: number, region: string) => boolean, options: { delayMs?: number; inputSchema?: ModelAdapter['inputSchema'] } = {}): ModelAdapter {
  return {
    id,
    describe: () => `test model ${id}`,
    inputSchema: options.inputSchema,
    predict: async (batch: Row[]): Promise<Prediction[]> => {
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      return batch.map((r) => {
        const k = r.k as number;
        const p = wrong(k, r.region as string) ? flip(truth(k)) : truth(k);
        return { label: p, probabilities: { [p]: 0.8, [flip(p)]: 0.2 } };
      });
    },
  };
}

/** In-process models answer in microseconds; their latency ratio is noise, so tests that are not about latency lift the limit. */
const NO_LATENCY_LIMIT = { maxLatencyRatio: 1e9 };

test('identical models agree on every row, get zero-width difference intervals, and are rejected by a superiority gate', async () => {
  const { loupeDir } = tempWorkspace();
  const same = (k: number) => k % 7 === 0;
  const { report, evaluationId, reportHash } = await runEvaluation({ loupeDir, champion: model('m@1', same), challenger: model('m@2', same), rows: rows(), labelColumn: 'label', seed: 3 });
  assert.equal(report.agreement.rate, 1);
  for (const [metric, d] of Object.entries(report.bootstrap.differences)) {
    assert.equal(d.estimate, 0, metric);
    assert.deepEqual([d.lo, d.hi], [0, 0], `${metric} interval`);
  }
  assert.equal(report.verdict, 'reject');
  const primary = report.reasons.find((r) => r.check === 'primary_metric')!;
  assert.equal(primary.passed, false);
  assert.match(primary.sentence, /CI of the improvement is \[0, 0\], whose lower bound is not above the required improvement of 0/);
  assert.match(report.reasons.find((r) => r.check === 'mcnemar')!.sentence, /0 discordant row\(s\).*p = 1, not below α = 0\.05/);
  assert.deepEqual(report.tests.mcnemar, { b: 0, c: 0, p: 1 });

  const store = SqliteTrackerStore.open(loupeDir);
  const rec = store.db.prepare('SELECT * FROM evaluations WHERE id = ?').get(evaluationId) as Record<string, unknown>;
  const logged = store.db.prepare('SELECT count(*) AS n, sum(champion = challenger) AS same, sum(champion_correct) AS right FROM evaluation_rows WHERE evaluation_id = ?').get(evaluationId) as Record<string, number>;
  const row7 = store.db.prepare('SELECT * FROM evaluation_rows WHERE evaluation_id = ? AND row_index = 7').get(evaluationId);
  store.close();
  assert.equal(rec.verdict, 'reject');
  assert.equal(rec.champion, 'm@1');
  assert.equal(rec.report_hash, reportHash);
  assert.equal(rec.dataset_digest, report.dataset.digest);
  assert.deepEqual(logged, { n: 200, same: 200, right: 200 - 29 });
  assert.deepEqual(row7, { evaluation_id: evaluationId, row_index: 7, label: 'no', champion: 'yes', challenger: 'yes', champion_correct: 0, challenger_correct: 0 });
  assert.deepEqual(readReport(loupeDir, reportHash), JSON.parse(JSON.stringify(report)));
});

test('a non-inferiority gate promotes a challenger that is as good as the champion', async () => {
  const { loupeDir } = tempWorkspace();
  const same = (k: number) => k % 7 === 0;
  const { report } = await runEvaluation({ loupeDir, champion: model('a', same), challenger: model('b', same), rows: rows(), labelColumn: 'label', policy: { mode: 'non-inferiority', ...NO_LATENCY_LIMIT } });
  assert.equal(report.verdict, 'promote', report.reasons.map((r) => r.sentence).join('\n'));
  assert.match(report.reasons[0].sentence, /lower bound is above −0\.01 \(the non-inferiority margin\)/);
  assert.ok(!report.reasons.some((r) => r.check === 'mcnemar'), "McNemar's test gates superiority only");
});

test('a challenger better overall but worse on one slice is caught by the slice check', async () => {
  const { loupeDir } = tempWorkspace();
  const champion = model('champ', (k, region) => region === 'A' && k % 5 < 2);
  const challenger = model('chall', (k, region) => region === 'B' && k % 20 < 3);
  const { report } = await runEvaluation({ loupeDir, champion, challenger, rows: rows(), labelColumn: 'label', seed: 1, policy: NO_LATENCY_LIMIT });
  const byCheck = Object.fromEntries(report.reasons.map((r) => [r.check, r]));
  assert.equal(byCheck.primary_metric.passed, true, byCheck.primary_metric.sentence);
  assert.equal(byCheck.mcnemar.passed, true, byCheck.mcnemar.sentence);
  assert.equal(byCheck.slices.passed, false);
  assert.match(byCheck.slices.sentence, /worse than the champion by more than 0\.05 in accuracy on 1 slice\(s\): region = B \(n = 100\): 0\.9 vs 1/);
  assert.equal(report.verdict, 'reject');
  const a = report.slices.slices.find((s) => s.column === 'region' && s.value === 'A')!;
  assert.deepEqual([a.champion, a.challenger, a.regressed], [0.6, 1, false]);
  assert.deepEqual(report.slices.slices.filter((s) => s.column === 'k').map((s) => s.n), [50, 50, 50, 50], 'quartile bins of a numeric column');
});

test('slices under the minimum size are reported but never fail the gate', async () => {
  const { loupeDir } = tempWorkspace();
  const champion = model('champ', (k, region) => region === 'A' && k % 5 < 2);
  const challenger = model('chall', (k, region) => region === 'B' && k % 20 < 3);
  const { report } = await runEvaluation({ loupeDir, champion, challenger, rows: rows(), labelColumn: 'label', policy: { ...NO_LATENCY_LIMIT, minSliceSize: 101 } });
  assert.ok(report.slices.slices.every((s) => s.tooSmall && !s.regressed));
  assert.equal(report.verdict, 'promote', report.reasons.map((r) => r.sentence).join('\n'));
});

test('a held-out set that shares rows with a model’s training data is flagged as leakage', async () => {
  const { loupeDir } = tempWorkspace();
  const data = rows();
  const columns = ['k', 'region', 'label'];
  const training = [data[4], data[150], { k: 999, region: 'A', label: 'no' }].map((r) => rowHash({ ...r, region: ` ${r.region} ` }, columns));
  const { report } = await runEvaluation({
    loupeDir, champion: model('champ', () => false), challenger: model('chall', () => false), rows: data, labelColumn: 'label',
    trainingRowHashes: { challenger: training }, policy: { mode: 'non-inferiority', ...NO_LATENCY_LIMIT },
  });
  const leak = report.checks.find((c) => c.name === 'leakage')!;
  assert.equal(leak.passed, false);
  assert.match(leak.sentence, /2 held-out row\(s\) are in the challenger's training data \(rows 4, 150\)/);
  assert.match(leak.sentence, /The champion's training rows were not given/);
  assert.equal(report.verdict, 'reject');
});

test('a model that needs a column the data lacks, or the label itself, fails the schema check', async () => {
  const { loupeDir } = tempWorkspace();
  const champion = model('champ', () => false, { inputSchema: [{ name: 'k', type: 'number' }, { name: 'region', type: 'string' }] });
  const challenger = model('chall', () => false, { inputSchema: [{ name: 'region', type: 'number' }, { name: 'label', type: 'string' }, { name: 'age', type: 'number' }] });
  const { report } = await runEvaluation({ loupeDir, champion, challenger, rows: rows(), labelColumn: 'label', policy: NO_LATENCY_LIMIT });
  const schema = report.checks.find((c) => c.name === 'input_schema')!;
  assert.equal(schema.passed, false);
  assert.match(schema.sentence, /the challenger needs "region" as number, but the data holds string values/);
  assert.match(schema.sentence, /reads the label column "label"/);
  assert.match(schema.sentence, /needs the column "age", which the data does not have/);
  assert.doesNotMatch(schema.sentence, /champion/);
});

test('a slower challenger fails the latency rule with both p95 figures in the sentence', async () => {
  const { loupeDir } = tempWorkspace();
  const { report } = await runEvaluation({
    loupeDir, champion: model('fast', () => false), challenger: model('slow', () => false, { delayMs: 20 }), rows: rows(), labelColumn: 'label', batchSize: 50, policy: { mode: 'non-inferiority' },
  });
  const latency = report.reasons.find((r) => r.check === 'latency')!;
  assert.equal(latency.passed, false);
  assert.match(latency.sentence, /p95 latency per row is [\d.]+ ms, [\d.]+× the champion's [\d.e-]+ ms \(limit 1\.5×\)/);
  assert.equal(report.latency.challenger.batches, 4);
  assert.ok(report.latency.challenger.perBatchMs.p50 >= 19);
});

test('rows without a label are skipped and counted, and row indices still point into the input', async () => {
  const { loupeDir } = tempWorkspace();
  const data = rows(60).map((r, i) => (i === 2 || i === 5 ? { ...r, label: null } : r));
  const { report } = await runEvaluation({ loupeDir, champion: model('a', (k) => k === 6), challenger: model('b', () => false), rows: data, labelColumn: 'label', policy: NO_LATENCY_LIMIT });
  assert.equal(report.dataset.rows, 58);
  assert.equal(report.dataset.skippedRows, 2);
  assert.deepEqual(report.agreement.wrongToRight, [6]);
});

test('a model that fails mid-evaluation leaves no evaluation, no rows and no report behind', async () => {
  const { loupeDir } = tempWorkspace();
  SqliteTrackerStore.open(loupeDir).close();
  let calls = 0;
  const flaky: ModelAdapter = {
    id: 'flaky', describe: () => 'flaky',
    predict: async (batch) => {
      if (++calls === 3) throw new Error('GPU fell off the bus');
      return batch.map(() => ({ label: 'no' }));
    },
  };
  await assert.rejects(runEvaluation({ loupeDir, champion: model('ok', () => false), challenger: flaky, rows: rows(), labelColumn: 'label', batchSize: 50 }), /The challenger failed while scoring rows 100–149\. flaky threw: GPU fell off the bus/);
  const store = SqliteTrackerStore.open(loupeDir);
  const counts = store.db.prepare('SELECT (SELECT count(*) FROM evaluations) AS e, (SELECT count(*) FROM evaluation_rows) AS r').get();
  store.close();
  assert.deepEqual(counts, { e: 0, r: 0 });
  assert.ok(!fs.existsSync(path.join(loupeDir, 'objects')) || fs.readdirSync(path.join(loupeDir, 'objects')).every((d) => d === 'tmp'), 'no report object');
});

test('a regression challenger with smaller errors is promoted on RMSE, with a Wilcoxon test on absolute errors', async () => {
  const { loupeDir } = tempWorkspace();
  const data: Row[] = Array.from({ length: 300 }, (_, k) => ({ x: k, y: 2 * k + 1 + ((k * 37) % 11) - 5 }));
  // Each model predicts the line plus a share of the true noise: the larger share, the smaller its errors.
  const line = (id: string, share: number): ModelAdapter => ({
    id, describe: () => id,
    predict: async (batch) => batch.map((r) => ({ value: 2 * (r.x as number) + 1 + share * ((((r.x as number) * 37) % 11) - 5) })),
  });
  const { report } = await runEvaluation({ loupeDir, champion: line('rough', 0), challenger: line('fine', 0.7), rows: data, labelColumn: 'y', policy: NO_LATENCY_LIMIT });
  assert.equal(report.task, 'regression');
  assert.equal(report.policy.primaryMetric, 'rmse');
  assert.ok(report.metrics.challenger.rmse! < report.metrics.champion.rmse!);
  assert.ok(report.bootstrap.differences.rmse.hi! < 0, 'the whole RMSE interval is below zero');
  assert.ok(report.tests.wilcoxon!.p < 0.001);
  assert.equal(report.verdict, 'promote', report.reasons.map((r) => r.sentence).join('\n'));
  assert.equal(report.tests.mcnemar, undefined);
});
