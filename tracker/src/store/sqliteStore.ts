import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { LoupeError } from '../errors';
import { compileRunQuery } from '../query';
import { downsampleSeries } from '../series/downsample';
import { explainStorageError, openDatabase, type SqliteDatabase } from './database';
import * as path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { MetricsRepo, toSummary, type SummaryRow } from './metricsRepo';
import { RUN_COLUMNS, toExperiment, toRun, type ExperimentRow, type RunRow } from './runRows';
import type { TrackerStore } from './trackerStore';
import type {
  ArtifactInfo, Experiment, ListRunsOptions, MetricBlock, MetricSeries, MetricSummary,
  NewRun, Run, RunDetail, RunPage, RunPatch,
} from './types';
import { checkName, valueToText } from './validate';
import { suggestRunName } from './runNames';
import { isProcessAlive } from './processes';

/** A run without a heartbeat for this long is presumed dead (writers beat every 10 s). */
export const DEFAULT_STALE_AFTER_MS = 5 * 60_000;

export class SqliteTrackerStore implements TrackerStore {
  readonly metrics: MetricsRepo;

  static open(loupeDir: string, options: { readonly?: boolean } = {}): SqliteTrackerStore {
    return new SqliteTrackerStore(openDatabase(loupeDir, options));
  }

  constructor(readonly db: SqliteDatabase) {
    this.metrics = new MetricsRepo(db);
  }

  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  /** Prepared once per SQL text: filters repeat (the runs panel re-queries as runs log), compiling them does not need to. */
  private cached<P extends unknown[] = unknown[], R = unknown>(sql: string): BetterSqlite3.Statement<P, R> {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size > 200) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt as unknown as BetterSqlite3.Statement<P, R>;
  }

  private get loupeDir(): string {
    return path.dirname(this.db.name);
  }

  createExperiment(name: string, description = ''): Experiment {
    checkName('experiment', name);
    const now = Date.now();
    try {
      const info = this.db.prepare('INSERT INTO experiments (name, description, created_at, updated_at) VALUES (?, ?, ?, ?)').run(name, description, now, now);
      return this.getExperiment(Number(info.lastInsertRowid));
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new LoupeError('ALREADY_EXISTS', `An experiment named "${name}" already exists.`);
      }
      throw e;
    }
  }

  ensureExperiment(name: string): Experiment {
    checkName('experiment', name);
    const now = Date.now();
    this.db.prepare('INSERT INTO experiments (name, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING').run(name, now, now);
    return this.getExperimentByName(name)!;
  }

  getExperiment(id: number): Experiment {
    const row = this.db.prepare<[number], ExperimentRow>('SELECT * FROM experiments WHERE id = ?').get(id);
    if (!row) throw new LoupeError('NOT_FOUND', `No experiment with id ${id}.`);
    return toExperiment(row);
  }

  getExperimentByName(name: string): Experiment | undefined {
    const row = this.db.prepare<[string], ExperimentRow>('SELECT * FROM experiments WHERE name = ?').get(name);
    return row && toExperiment(row);
  }

  listExperiments(): Experiment[] {
    return this.db.prepare<[], ExperimentRow>("SELECT * FROM experiments WHERE lifecycle = 'active' ORDER BY id").all().map(toExperiment);
  }

  updateExperiment(id: number, patch: { name?: string; description?: string; lifecycle?: 'active' | 'deleted' }): Experiment {
    const current = this.getExperiment(id);
    if (patch.name !== undefined) checkName('experiment', patch.name);
    this.db
      .prepare('UPDATE experiments SET name = ?, description = ?, lifecycle = ?, updated_at = ? WHERE id = ?')
      .run(patch.name ?? current.name, patch.description ?? current.description, patch.lifecycle ?? current.lifecycle, Date.now(), id);
    return this.getExperiment(id);
  }

  createRun(spec: NewRun): RunDetail {
    const id = randomBytes(16).toString('hex');
    const create = this.db.transaction(() => {
      const exp = this.ensureExperiment(spec.experiment);
      const name = spec.name === undefined ? suggestRunName(this.countRuns(exp.id) + 1) : checkName('run', spec.name);
      const now = spec.startTime ?? Date.now();
      this.db
        .prepare(
          `INSERT INTO runs (id, experiment_id, name, status, parent_run_id, start_time, heartbeat_at, pid, host, source_command, git_commit, git_dirty)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
        )
        .run(
          id, exp.id, name, spec.status ?? 'running', spec.parentRunId ?? null, now, now, spec.pid ?? null,
          spec.host ?? os.hostname(), spec.sourceCommand ?? '', spec.gitCommit ?? null,
          spec.gitDirty === undefined || spec.gitDirty === null ? null : Number(spec.gitDirty),
        );
      if (spec.params) this.logParams(id, spec.params);
      if (spec.tags) this.setTags(id, spec.tags);
    });
    try {
      create.immediate();
    } catch (e) {
      throw explainStorageError(e, this.loupeDir);
    }
    return this.getRun(id);
  }

  private countRuns(experimentId: number): number {
    return (this.db.prepare('SELECT count(*) AS n FROM runs WHERE experiment_id = ?').get(experimentId) as { n: number }).n;
  }

  private runRow(id: string): RunRow | undefined {
    return this.db.prepare<[string], RunRow>(`SELECT ${RUN_COLUMNS} FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?`).get(id);
  }

  getRun(id: string): RunDetail {
    const row = this.runRow(id);
    if (!row) throw new LoupeError('NOT_FOUND', `No run with id ${JSON.stringify(id)}.`);
    return this.detail(row);
  }

  resolveRun(idOrName: string): RunDetail {
    const exact = this.runRow(idOrName);
    if (exact) return this.detail(exact);
    const candidates = this.db
      .prepare<[{ q: string }], RunRow>(
        `SELECT ${RUN_COLUMNS} FROM runs r JOIN experiments e ON e.id = r.experiment_id
         WHERE r.lifecycle = 'active' AND ((length(@q) >= 6 AND substr(r.id, 1, length(@q)) = @q) OR r.name = @q) LIMIT 2`,
      )
      .all({ q: idOrName });
    if (candidates.length === 1) return this.detail(candidates[0]);
    if (candidates.length > 1) throw new LoupeError('INVALID_ARGUMENT', `"${idOrName}" matches more than one run; use the run id.`);
    throw new LoupeError('NOT_FOUND', `No run with id, id prefix or name "${idOrName}".`);
  }

  private detail(row: RunRow): RunDetail {
    const params: Record<string, string> = {};
    for (const p of this.db.prepare<[string], { key: string; value: string }>('SELECT key, value FROM params WHERE run_id = ?').all(row.id)) params[p.key] = p.value;
    const tags: Record<string, string> = {};
    for (const t of this.db.prepare<[string], { key: string; value: string }>('SELECT key, value FROM tags WHERE run_id = ?').all(row.id)) tags[t.key] = t.value;
    const metrics: Record<string, MetricSummary> = {};
    for (const m of this.metrics.summaries(row.id)) metrics[m.key] = m;
    return { ...toRun(row), params, tags, metrics };
  }

  /** Details of many runs in three queries (not three per run): the runs panel lists thousands. */
  private details(rows: RunRow[]): RunDetail[] {
    if (rows.length === 0) return [];
    const ids = JSON.stringify(rows.map((r) => r.id));
    const byId = new Map(rows.map((r) => [r.id, { ...toRun(r), params: {}, tags: {}, metrics: {} } as RunDetail]));
    const inIds = 'run_id IN (SELECT value FROM json_each(?))';
    for (const p of this.cached<[string], { run_id: string; key: string; value: string }>(`SELECT run_id, key, value FROM params WHERE ${inIds}`).all(ids)) byId.get(p.run_id)!.params[p.key] = p.value;
    for (const t of this.cached<[string], { run_id: string; key: string; value: string }>(`SELECT run_id, key, value FROM tags WHERE ${inIds}`).all(ids)) byId.get(t.run_id)!.tags[t.key] = t.value;
    for (const m of this.cached<[string], SummaryRow & { run_id: string }>(`SELECT * FROM metric_summaries WHERE ${inIds}`).all(ids)) byId.get(m.run_id)!.metrics[m.key] = toSummary(m);
    return [...byId.values()];
  }

  listRuns(options: ListRunsOptions = {}): RunPage {
    const q = compileRunQuery(options.filter, options.orderBy);
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (!options.includeDeleted) where.push("r.lifecycle = 'active'");
    if (options.experiments?.length) {
      where.push(`e.name IN (${options.experiments.map(() => '?').join(',')})`);
      args.push(...options.experiments);
    }
    where.push(`(${q.where})`);
    args.push(...q.params);
    const from = `FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE ${where.join(' AND ')}`;
    const limit = options.limit ?? -1;
    // count(*) OVER () totals the matches in the same pass that sorts them, so the filter runs once;
    // only ids travel through the sort, and the page's rows are read afterwards.
    const page = this.cached<unknown[], { id: string; total_matched: number }>(
      `SELECT id, count(*) OVER () AS total_matched FROM (SELECT r.id AS id, r.start_time${q.sortColumns} ${from}) AS r ORDER BY ${q.sortBy} LIMIT ? OFFSET ?`,
    ).all(...args, limit, options.offset ?? 0);
    const total = page.length > 0 ? page[0].total_matched : limit === 0 || options.offset ? (this.cached(`SELECT count(*) AS n ${from}`).get(...args) as { n: number }).n : 0;
    const byId = new Map(this.cached<[string], RunRow>(`SELECT ${RUN_COLUMNS} FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(page.map((p) => p.id))).map((r) => [r.id, r]));
    return { runs: this.details(page.map((p) => byId.get(p.id)!)), total };
  }

  updateRun(id: string, patch: RunPatch): Run {
    const run = this.getRun(id);
    if (patch.name !== undefined) checkName('run', patch.name);
    const ending = patch.status !== undefined && patch.status !== 'running' && patch.status !== 'queued';
    const endTime = patch.endTime !== undefined ? patch.endTime : ending ? (run.endTime ?? Date.now()) : run.endTime;
    this.db
      .prepare('UPDATE runs SET name = ?, status = ?, end_time = ?, notes = ? WHERE id = ?')
      .run(patch.name ?? run.name, patch.status ?? run.status, endTime, patch.notes ?? run.notes, id);
    return this.getRun(id);
  }

  deleteRun(id: string, purge = false): void {
    this.getRun(id);
    if (purge) this.db.prepare('DELETE FROM runs WHERE id = ?').run(id);
    else this.db.prepare("UPDATE runs SET lifecycle = 'deleted' WHERE id = ?").run(id);
  }

  logParams(runId: string, params: Record<string, unknown>): void {
    const get = this.db.prepare<[string, string], { value: string }>('SELECT value FROM params WHERE run_id = ? AND key = ?');
    const put = this.db.prepare('INSERT OR IGNORE INTO params (run_id, key, value) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      this.requireRun(runId);
      for (const [key, raw] of Object.entries(params)) {
        checkName('param', key);
        const value = valueToText('param', key, raw);
        const existing = get.get(runId, key);
        if (existing && existing.value !== value) {
          throw new LoupeError('CONFLICT', `The param "${key}" is already "${existing.value}" on this run; params cannot change (log a tag or a new run instead).`);
        }
        put.run(runId, key, value);
      }
    })();
  }

  setTags(runId: string, tags: Record<string, unknown>): void {
    const put = this.db.prepare('INSERT INTO tags (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value');
    this.db.transaction(() => {
      this.requireRun(runId);
      for (const [key, raw] of Object.entries(tags)) put.run(runId, checkName('tag', key), valueToText('tag', key, raw));
    })();
  }

  deleteTag(runId: string, key: string): void {
    this.requireRun(runId);
    const info = this.db.prepare('DELETE FROM tags WHERE run_id = ? AND key = ?').run(runId, key);
    if (info.changes === 0) throw new LoupeError('NOT_FOUND', `The run has no tag "${key}".`);
  }

  private requireRun(runId: string): void {
    if (!this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId)) throw new LoupeError('NOT_FOUND', `No run with id ${JSON.stringify(runId)}.`);
  }

  appendMetrics(blocks: MetricBlock[]): void {
    if (blocks.length === 0) return;
    for (const b of blocks) checkName('metric', b.key);
    const write = this.db.transaction(() => {
      for (const b of blocks) this.metrics.append(b);
    });
    try {
      write.immediate();
    } catch (e) {
      throw explainStorageError(e, this.loupeDir);
    }
  }

  getMetricHistory(runId: string, key: string, options: { minStep?: number; maxStep?: number; maxPoints?: number } = {}): MetricSeries {
    const full = this.metrics.read(runId, key, options.minStep ?? -Infinity, options.maxStep ?? Infinity);
    const totalPoints = full.values.length;
    if (options.maxPoints !== undefined && totalPoints > options.maxPoints) {
      const d = downsampleSeries(full.steps, full.values, full.timestamps, options.maxPoints);
      return { runId, key, steps: d.steps, values: d.values, timestamps: d.timestamps, downsampled: d.downsampled, totalPoints };
    }
    return { runId, key, ...full, downsampled: false, totalPoints };
  }

  getMetricSummaries(runId: string): MetricSummary[] {
    return this.metrics.summaries(runId);
  }

  heartbeat(runId: string, at = Date.now()): void {
    this.db.prepare('UPDATE runs SET heartbeat_at = ? WHERE id = ?').run(at, runId);
  }

  finalizeDeadRuns(staleAfterMs = DEFAULT_STALE_AFTER_MS): string[] {
    const host = os.hostname();
    const now = Date.now();
    const running = this.db
      .prepare<[], { id: string; pid: number | null; host: string; heartbeat_at: number | null; start_time: number }>(
        "SELECT id, pid, host, heartbeat_at, start_time FROM runs WHERE status = 'running'",
      )
      .all();
    const dead = running.filter((r) => {
      if (r.host === host && r.pid !== null) return !isProcessAlive(r.pid);
      return now - (r.heartbeat_at ?? r.start_time) > staleAfterMs;
    });
    const mark = this.db.prepare("UPDATE runs SET status = 'killed', end_time = coalesce(heartbeat_at, start_time) WHERE id = ? AND status = 'running'");
    this.db.transaction(() => dead.forEach((r) => mark.run(r.id))).immediate();
    return dead.map((r) => r.id);
  }

  recordArtifact(info: ArtifactInfo): void {
    this.requireRun(info.runId);
    this.db
      .prepare('INSERT INTO artifacts (run_id, path, hash, size, created_at) VALUES (?,?,?,?,?) ON CONFLICT (run_id, path) DO UPDATE SET hash = excluded.hash, size = excluded.size, created_at = excluded.created_at')
      .run(info.runId, info.path, info.hash, info.size, info.createdAt);
  }

  listArtifacts(runId: string): ArtifactInfo[] {
    return this.db
      .prepare<[string], { run_id: string; path: string; hash: string; size: number; created_at: number }>('SELECT * FROM artifacts WHERE run_id = ? ORDER BY path')
      .all(runId)
      .map((a) => ({ runId: a.run_id, path: a.path, hash: a.hash, size: a.size, createdAt: a.created_at }));
  }

  dataVersion(): number {
    // PRAGMA data_version only changes for commits by OTHER connections; add our own change counter.
    return (this.db.pragma('data_version', { simple: true }) as number) * 1e9 + (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
