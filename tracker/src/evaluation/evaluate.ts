import { randomBytes } from 'node:crypto';
import { LoupeError } from '../errors';
import { openDatabase } from '../store/database';
import { analyse } from './analysis';
import { digestCheck, leakageCheck, schemaCheck, type TrainingRowsByModel } from './checks';
import { digestOfRows, inferColumnTypes, normaliseRow, type TrainingRows } from './dataset';
import { gate } from './gate';
import { answerText, encodeOutcomes } from './outcomes';
import { resolvePolicy } from './policy';
import { saveEvaluation } from './repo';
import { REPORT_SCHEMA, storeReport, type EvaluationReport } from './report';
import { shadowReplay } from './shadow';
import { sliceReport } from './slices';
import { latencySummary } from './stats/latency';
import type { Cell, ColumnType, ModelAdapter, Row, Task } from './types';

export interface EvaluationOptions {
  loupeDir: string;
  champion: ModelAdapter;
  challenger: ModelAdapter;
  /** Held-out rows, label column included (it is removed before the models see a row). */
  rows: readonly Row[];
  labelColumn: string;
  /** Column order (for hashing and CSV input); defaults to the first row's keys. */
  columns?: string[];
  /** Inferred when omitted: numeric labels with more than 20 distinct values mean regression. */
  task?: Task;
  /** Overrides of the default gate policy (see `resolvePolicy`). */
  policy?: unknown;
  seed?: number;
  /** Where the rows came from (file path or DATASET@VERSION), recorded with the evaluation. */
  dataset?: string;
  /** Training row hashes (`rowHash`) of both models, or of each; enables the leakage check. */
  trainingRowHashes?: TrainingRows | TrainingRowsByModel;
  batchSize?: number;
  resamples?: number;
  runId?: string;
  maxCategories?: number;
}

/**
 * Shadow-evaluates a challenger against the champion on held-out rows and records the result.
 * Everything is computed first; the report object and the database rows are written only at the
 * end, the rows in a single transaction, so a crash mid-evaluation leaves no partial evaluation.
 */
export async function runEvaluation(options: EvaluationOptions): Promise<{ report: EvaluationReport; evaluationId: string; reportHash: string }> {
  const { rows, labelColumn } = options;
  if (rows.length === 0) throw new LoupeError('INVALID_ARGUMENT', 'There are no rows to evaluate on.');
  const columns = options.columns ?? Object.keys(rows[0]);
  if (!columns.includes(labelColumn)) throw new LoupeError('INVALID_ARGUMENT', `The label column "${labelColumn}" is not in the data; its columns are ${columns.join(', ')}.`);
  const allTypes = inferColumnTypes(columns, rows);

  // Rows without a label cannot be graded; they are left out and counted in the report.
  const kept: Row[] = [];
  const keptIndex: number[] = [];
  rows.forEach((r, i) => {
    const v = r[labelColumn];
    if (v !== null && v !== undefined && String(v).trim() !== '') {
      kept.push(r);
      keptIndex.push(i);
    }
  });
  if (kept.length === 0) throw new LoupeError('INVALID_ARGUMENT', `No row has a value in the label column "${labelColumn}".`);
  const rowIndex = Int32Array.from(keptIndex);
  const labels: Cell[] = kept.map((r) => r[labelColumn]);
  const task = options.task ?? inferTask(labels, allTypes[labelColumn]);
  const policy = resolvePolicy(task, options.policy ?? {});
  const seed = options.seed ?? 0;
  const featureColumns = columns.filter((c) => c !== labelColumn);
  const featureTypes: Record<string, ColumnType> = Object.fromEntries(featureColumns.map((c) => [c, allTypes[c]]));
  const features = kept.map((r) => {
    const f: Record<string, Cell> = {};
    for (const c of featureColumns) f[c] = r[c] ?? null;
    return f as Row;
  });

  const normalised = kept.map((r) => normaliseRow(r, columns));
  const datasetDigest = digestOfRows(normalised);
  const replay = await shadowReplay(options.champion, options.challenger, features, { batchSize: options.batchSize });
  const outcomes = encodeOutcomes(task, labels, replay.champion.predictions, replay.challenger.predictions);
  const analysis = analyse(outcomes, rowIndex, { seed, resamples: options.resamples });
  const latency = {
    batchSize: replay.batchSize,
    champion: latencySummary(replay.champion.batchMs, replay.champion.batchRows),
    challenger: latencySummary(replay.challenger.batchMs, replay.challenger.batchRows),
  };
  const slices = sliceReport(outcomes, features, featureTypes, policy.primaryMetric, { ...policy, maxCategories: options.maxCategories });
  const checks = [
    digestCheck(datasetDigest, digestOfRows(normalised, replay.champion.scored), digestOfRows(normalised, replay.challenger.scored)),
    leakageCheck(normalised, rowIndex, byModel(options.trainingRowHashes)),
    schemaCheck([{ role: 'champion', adapter: options.champion }, { role: 'challenger', adapter: options.challenger }], featureTypes, labelColumn),
  ];
  const primary = policy.primaryMetric;
  const interval = analysis.raw.bootstrap.intervals[primary] ?? { lo: NaN, hi: NaN, valid: 0 };
  const verdict = gate({
    task, policy, champion: analysis.raw.champion[primary], challenger: analysis.raw.challenger[primary], diff: interval,
    confidence: analysis.bootstrap.confidence, mcnemar: analysis.tests.mcnemar, latency, slices, checks,
  });

  const id = randomBytes(16).toString('hex');
  const { raw: _raw, ...stats } = analysis;
  const report: EvaluationReport = {
    schema: REPORT_SCHEMA, id, createdAt: Date.now(), task, labelColumn,
    champion: { ref: options.champion.id, description: options.champion.describe() },
    challenger: { ref: options.challenger.id, description: options.challenger.describe() },
    dataset: { ref: options.dataset ?? 'inline', digest: datasetDigest, rows: kept.length, skippedRows: rows.length - kept.length, columns: columns.map((name) => ({ name, type: allTypes[name] })) },
    policy, seed, verdict: verdict.verdict, reasons: verdict.reasons, ...stats, latency, slices, checks, runId: options.runId ?? null,
  };
  const reportHash = storeReport(options.loupeDir, report);
  const db = openDatabase(options.loupeDir);
  try {
    const correct = outcomes.task === 'classification';
    saveEvaluation(
      db,
      {
        id, createdAt: report.createdAt, champion: report.champion.ref, challenger: report.challenger.ref, dataset: report.dataset.ref, datasetDigest,
        task, policy: { ...policy }, verdict: verdict.verdict, reportHash, runId: report.runId,
      },
      {
        rowIndex,
        label: (i) => (labels[i] === null ? '' : String(labels[i]).trim()),
        champion: (i) => answerText(outcomes, 'champion', i),
        challenger: (i) => answerText(outcomes, 'challenger', i),
        championCorrect: correct ? outcomes.champion.correct : null,
        challengerCorrect: correct ? outcomes.challenger.correct : null,
      },
    );
  } finally {
    db.close();
  }
  return { report, evaluationId: id, reportHash };
}

function inferTask(labels: Cell[], type: ColumnType): Task {
  if (type !== 'number') return 'classification';
  return new Set(labels).size > 20 ? 'regression' : 'classification';
}

function byModel(source: TrainingRows | TrainingRowsByModel | undefined): TrainingRowsByModel | undefined {
  if (source === undefined) return undefined;
  if (typeof source === 'function' || Symbol.iterator in source) return { champion: source as TrainingRows, challenger: source as TrainingRows };
  return source;
}
