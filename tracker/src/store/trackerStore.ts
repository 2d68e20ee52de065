import type {
  ArtifactInfo,
  Experiment,
  ListRunsOptions,
  MetricBlock,
  MetricSeries,
  MetricSummary,
  NewRun,
  Run,
  RunDetail,
  RunPage,
  RunPatch,
} from './types';

/**
 * The tracker's storage contract. These comments are the spec; the SQLite implementation is the
 * embedded default and other implementations (a remote server) must behave the same.
 *
 * Errors: every method throws `LoupeError` with code NOT_FOUND for an unknown run or experiment,
 * INVALID_ARGUMENT for a bad name/key/value, QUERY_SYNTAX for a bad filter.
 */
export interface TrackerStore {
  /** Creates an experiment; ALREADY_EXISTS when the name is taken. Names: 1-250 chars, no control characters. */
  createExperiment(name: string, description?: string): Experiment;
  /** The experiment with this name, creating it when missing. */
  ensureExperiment(name: string): Experiment;
  getExperiment(id: number): Experiment;
  getExperimentByName(name: string): Experiment | undefined;
  /** Active experiments, oldest first. */
  listExperiments(): Experiment[];
  updateExperiment(id: number, patch: { name?: string; description?: string; lifecycle?: 'active' | 'deleted' }): Experiment;

  /** Creates a run (status `running` unless given) with its initial params and tags, atomically. */
  createRun(spec: NewRun): RunDetail;
  /** A run with its params, tags and metric summaries. */
  getRun(id: string): RunDetail;
  /** Finds a run by full id, unique id prefix (>= 6 chars) or exact name. */
  resolveRun(idOrName: string): RunDetail;
  /** Filtered, ordered page of runs (see ListRunsOptions). */
  listRuns(options?: ListRunsOptions): RunPage;
  updateRun(id: string, patch: RunPatch): Run;
  /** Soft delete (lifecycle 'deleted'); `purge` removes the rows for good. */
  deleteRun(id: string, purge?: boolean): void;

  /** Params are write-once like MLflow's: logging a different value for a key raises CONFLICT. */
  logParams(runId: string, params: Record<string, unknown>): void;
  setTags(runId: string, tags: Record<string, unknown>): void;
  deleteTag(runId: string, key: string): void;

  /**
   * The single batched write path for metric points: every block is appended and its summary merged
   * in ONE transaction, so readers never see a point without its summary. NaN and ±Infinity are kept.
   */
  appendMetrics(blocks: MetricBlock[]): void;
  /**
   * A key's points with minStep <= step <= maxStep in step order; when `maxPoints` is given and
   * exceeded, a shape-preserving downsample (first, last and extrema kept).
   */
  getMetricHistory(runId: string, key: string, options?: { minStep?: number; maxStep?: number; maxPoints?: number }): MetricSeries;
  getMetricSummaries(runId: string): MetricSummary[];

  /** Records that the run's process is alive. */
  heartbeat(runId: string, at?: number): void;
  /**
   * Marks `killed` every running run whose process is gone: same host and its pid no longer exists,
   * or no heartbeat for `staleAfterMs`. Points already flushed are kept. Returns the ids it finalised.
   */
  finalizeDeadRuns(staleAfterMs?: number): string[];

  recordArtifact(info: ArtifactInfo): void;
  listArtifacts(runId: string): ArtifactInfo[];

  /** A number that changes whenever any process commits to the database (cheap to poll). */
  dataVersion(): number;
  close(): void;
}
