import { PANEL_READY, isRecord, type PanelError, type PanelReady } from './common';

/** The evaluation panel: the verdict first, then the evidence; promotion is an intent the host confirms. */
export const EVALUATION_REPORT = 'evaluation/report';
export const EVALUATION_PROMOTE = 'evaluation/promote';

export interface MetricComparison {
  name: string;
  champion: number | null;
  challenger: number | null;
  /** challenger − champion */
  difference: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  higherIsBetter: boolean;
}

export interface FlipRow {
  row: number;
  label: string;
  champion: string;
  challenger: string;
}

export interface SliceResult {
  column: string;
  slice: string;
  n: number;
  champion: number;
  challenger: number;
  regressed: boolean;
}

export interface EvaluationView {
  type: typeof EVALUATION_REPORT;
  id: string;
  createdAt: number;
  champion: string;
  challenger: string;
  dataset: string;
  task: 'classification' | 'regression';
  primaryMetric: string;
  verdict: 'promote' | 'reject';
  reasons: { passed: boolean; text: string }[];
  metrics: MetricComparison[];
  pairedTest: { name: string; statistic: string; pValue: number | null } | null;
  agreement: number | null;
  flips: { rightToWrong: FlipRow[]; wrongToRight: FlipRow[]; total: number };
  latency: { model: 'champion' | 'challenger'; p50: number; p95: number; p99: number; rowsPerSecond: number }[];
  slices: SliceResult[];
  confusion: { labels: string[]; champion: number[][]; challenger: number[][] } | null;
  roc: { model: 'champion' | 'challenger'; fpr: number[]; tpr: number[]; auc: number | null }[];
  checks: { name: string; passed: boolean; detail: string }[];
  /** Whether the promote button is enabled (gate passed, or the user may override). */
  promotable: boolean;
  promoted: boolean;
}

export type EvaluationHostMessage = EvaluationView | PanelError;

export interface EvaluationPromote {
  type: typeof EVALUATION_PROMOTE;
  evaluationId: string;
  /** Required to promote when the gate failed; recorded in the audit log. */
  overrideReason: string | null;
}

export type EvaluationPanelMessage = PanelReady | EvaluationPromote;

export function parseEvaluationPanelMessage(m: unknown): EvaluationPanelMessage | undefined {
  if (!isRecord(m)) return undefined;
  if (m.type === PANEL_READY) return { type: PANEL_READY };
  if (m.type === EVALUATION_PROMOTE && typeof m.evaluationId === 'string' && m.evaluationId.length <= 64 && (m.overrideReason === null || (typeof m.overrideReason === 'string' && m.overrideReason.length <= 2000))) {
    return { type: EVALUATION_PROMOTE, evaluationId: m.evaluationId, overrideReason: m.overrideReason };
  }
  return undefined;
}
