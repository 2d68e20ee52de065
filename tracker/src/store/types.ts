/** Plain data types of the tracker. No SQLite types leak through these. */

export const RUN_STATUSES = ['running', 'finished', 'failed', 'killed', 'queued'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export function isRunStatus(s: unknown): s is RunStatus {
  return typeof s === 'string' && (RUN_STATUSES as readonly string[]).includes(s);
}

export interface Experiment {
  id: number;
  name: string;
  description: string;
  lifecycle: 'active' | 'deleted';
  createdAt: number;
  updatedAt: number;
}

export interface Run {
  id: string;
  experimentId: number;
  experimentName: string;
  name: string;
  status: RunStatus;
  lifecycle: 'active' | 'deleted';
  parentRunId: string | null;
  /** ms since epoch */
  startTime: number;
  endTime: number | null;
  heartbeatAt: number | null;
  pid: number | null;
  host: string;
  sourceCommand: string;
  gitCommit: string | null;
  gitDirty: boolean | null;
  notes: string;
}

/** Per-key summary kept up to date in the same transaction as the points. */
export interface MetricSummary {
  key: string;
  /** NaN when the last logged value was NaN. */
  last: number;
  lastStep: number;
  lastTime: number;
  /** Over every non-NaN value (may be ±Infinity); NaN when there is none. */
  min: number;
  max: number;
  /** Over finite values only; NaN when there is none. */
  mean: number;
  /** Every point, NaN included. */
  count: number;
}

export interface RunDetail extends Run {
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, MetricSummary>;
}

/** A metric series in columnar form, ordered by step then insertion. */
export interface MetricSeries {
  runId: string;
  key: string;
  steps: Float64Array;
  values: Float64Array;
  timestamps: Float64Array;
  /** True when points were dropped by downsampling. */
  downsampled: boolean;
  /** Points stored in the requested range before downsampling. */
  totalPoints: number;
}

/** A block of points of one key of one run, as the batched write path receives them. */
export interface MetricBlock {
  runId: string;
  key: string;
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
  timestamps: ArrayLike<number>;
}

export interface ArtifactInfo {
  runId: string;
  path: string;
  hash: string;
  size: number;
  createdAt: number;
}

export interface NewRun {
  experiment: string;
  name?: string;
  parentRunId?: string | null;
  status?: RunStatus;
  startTime?: number;
  sourceCommand?: string;
  host?: string;
  pid?: number | null;
  gitCommit?: string | null;
  gitDirty?: boolean | null;
  params?: Record<string, unknown>;
  tags?: Record<string, unknown>;
}

export interface RunPatch {
  name?: string;
  status?: RunStatus;
  endTime?: number | null;
  notes?: string;
}

export interface ListRunsOptions {
  /** Experiment names; all experiments when absent. */
  experiments?: string[];
  /** Loupe query language, e.g. `metrics.loss.min < 0.3 and params.lr = 0.01`. */
  filter?: string;
  /** e.g. `metrics.acc.max desc`, `created`, `params.lr asc`. */
  orderBy?: string[];
  limit?: number;
  offset?: number;
  includeDeleted?: boolean;
}

export interface RunPage {
  runs: RunDetail[];
  /** Runs matching the filter, before paging. */
  total: number;
}
