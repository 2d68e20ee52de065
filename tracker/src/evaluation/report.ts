import { ObjectStore } from '../objects/objectStore';
import type { CheckResult } from './checks';
import type { Reason, Verdict } from './gate';
import type { GatePolicy } from './policy';
import type { SliceReport } from './slices';
import type { LatencySummary } from './stats/latency';
import type { McNemarResult, WilcoxonResult } from './stats/pairedTests';
import type { ReliabilityBin } from './stats/probabilistic';
import type { ColumnType, Task } from './types';

export const REPORT_SCHEMA = 'loupe.evaluation/1';

/** Undefined metrics (no probabilities, one class only…) are null: JSON has no NaN. */
export type MetricValues = Record<string, number | null>;

export interface DifferenceInterval {
  /** challenger − champion on all rows. */
  estimate: number | null;
  lo: number | null;
  hi: number | null;
  /** Resamples where the metric was defined for both models. */
  valid: number;
}

/** The full evaluation, stored as JSON in the object store; `evaluations.report_hash` points to it. */
export interface EvaluationReport {
  schema: typeof REPORT_SCHEMA;
  id: string;
  createdAt: number;
  task: Task;
  labelColumn: string;
  champion: { ref: string; description: string };
  challenger: { ref: string; description: string };
  dataset: { ref: string; digest: string; rows: number; skippedRows: number; columns: { name: string; type: ColumnType }[] };
  policy: GatePolicy;
  seed: number;
  verdict: Verdict;
  reasons: Reason[];
  metrics: { champion: MetricValues; challenger: MetricValues };
  perClass?: { classes: string[]; champion: PerClass[]; challenger: PerClass[] };
  bootstrap: { resamples: number; confidence: number; differences: Record<string, DifferenceInterval>; notes: string[] };
  tests: { mcnemar?: McNemarResult; wilcoxon?: WilcoxonResult & { on: string } };
  agreement: { rate: number | null; rightToWrong?: number[]; wrongToRight?: number[] };
  calibration?: { champion: { ece: number | null; bins: ReliabilityBin[] }; challenger: { ece: number | null; bins: ReliabilityBin[] } };
  /** Micro-averaged one-vs-rest ROC curves (classification with probabilities), thinned for drawing. */
  roc?: { champion: { fpr: number[]; tpr: number[] }; challenger: { fpr: number[]; tpr: number[] } };
  latency: { batchSize: number; champion: LatencySummary; challenger: LatencySummary };
  slices: SliceReport;
  checks: CheckResult[];
  runId: string | null;
}

export interface PerClass {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export function nullIfNaN(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export function toMetricValues(m: Record<string, number>): MetricValues {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, nullIfNaN(v)]));
}

/** Stores the report (non-finite numbers as null) and returns its object id. */
export function storeReport(loupeDir: string, report: EvaluationReport): string {
  const json = JSON.stringify(report, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
  return new ObjectStore(loupeDir).putBuffer(Buffer.from(json, 'utf8')).hash;
}

export function readReport(loupeDir: string, hash: string): EvaluationReport {
  return JSON.parse(new ObjectStore(loupeDir).read(hash).toString('utf8')) as EvaluationReport;
}
