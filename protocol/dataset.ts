import { PANEL_READY, isRecord, type PanelError, type PanelReady } from './common';

/** The dataset panel: a version's profile, or the diff between two versions. */
export const DATASET_PROFILE = 'dataset/profile';
export const DATASET_DIFF = 'dataset/diff';
export const DATASET_OPEN_RUN = 'dataset/openRun';

export interface HistogramBin {
  /** Bin label: a range for numbers, the value for categories. */
  label: string;
  start?: number;
  end?: number;
  count: number;
}

export interface ColumnProfileView {
  name: string;
  type: string;
  count: number;
  missing: number;
  distinct: number | null;
  min: number | null;
  max: number | null;
  mean: number | null;
  median: number | null;
  std: number | null;
  /** True when quantiles or distinct counts were estimated (large files). */
  approximate: boolean;
  top: { value: string; count: number }[];
  histogram: HistogramBin[];
  numeric: boolean;
}

export interface DatasetProfileView {
  type: typeof DATASET_PROFILE;
  dataset: string;
  version: number;
  digest: string;
  message: string;
  createdAt: number;
  rows: number | null;
  files: { path: string; size: number }[];
  columns: ColumnProfileView[];
  correlations: { columns: string[]; matrix: (number | null)[][] };
  labelGuess: string | null;
  malformed: { count: number; examples: { line: number; reason: string }[] };
  runs: { id: string; name: string; role: string }[];
}

export interface DatasetDiffView {
  type: typeof DATASET_DIFF;
  dataset: string;
  from: number;
  to: number;
  files: { added: string[]; removed: string[]; changed: string[] };
  rows: { from: number | null; to: number | null };
  schema: { added: string[]; removed: string[]; typeChanged: { name: string; from: string; to: string }[] };
  drift: { column: string; statistic: string; value: number; flagged: boolean }[];
}

export type DatasetHostMessage = DatasetProfileView | DatasetDiffView | PanelError;

export interface DatasetOpenRun {
  type: typeof DATASET_OPEN_RUN;
  runId: string;
}

export type DatasetPanelMessage = PanelReady | DatasetOpenRun;

export function parseDatasetPanelMessage(m: unknown): DatasetPanelMessage | undefined {
  if (!isRecord(m)) return undefined;
  if (m.type === PANEL_READY) return { type: PANEL_READY };
  if (m.type === DATASET_OPEN_RUN && typeof m.runId === 'string' && /^[0-9a-f]{32}$/.test(m.runId)) return { type: DATASET_OPEN_RUN, runId: m.runId };
  return undefined;
}
