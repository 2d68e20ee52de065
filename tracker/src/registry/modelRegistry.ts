import { LoupeError } from '../errors';
import { ObjectStore } from '../objects/objectStore';
import { openDatabase, type SqliteDatabase } from '../store/database';
import { parsePackage, serializePackage, type ModelPackage } from './modelPackage';
import {
  checkAlias, checkModelName, defaultActor, parseModelRef, toEventInfo, toVersionInfo,
  type AliasEventInfo, type EventRow, type ModelSummary, type ModelVersionInfo, type VersionRow,
} from './registryTypes';

const VERSION_SELECT = `SELECT v.*, m.name AS model FROM model_versions v JOIN models m ON m.id = v.model_id`;
const EVENT_SELECT = `SELECT e.id, m.name AS model, e.alias, fv.version AS from_version, tv.version AS to_version, e.actor, e.reason, e.at, e.undone_by
  FROM alias_events e JOIN models m ON m.id = e.model_id
  LEFT JOIN model_versions fv ON fv.id = e.from_version_id LEFT JOIN model_versions tv ON tv.id = e.to_version_id`;

export interface AliasMoveOptions {
  /** Who moved it; the OS user by default. */
  actor?: string;
  reason?: string;
}

/**
 * Named models with numbered versions (1, 2, …), each pointing at a package in the object store,
 * and movable aliases (`champion`) whose every move is recorded in `alias_events`.
 */
export class ModelRegistry {
  constructor(
    readonly db: SqliteDatabase,
    readonly objects: ObjectStore,
  ) {}

  /** Opens the workspace database; `close()` releases it. */
  static open(loupeDir: string): ModelRegistry {
    return new ModelRegistry(openDatabase(loupeDir), new ObjectStore(loupeDir));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Stores the package and adds it as the model's next version (creating the model on first use). */
  registerModel(name: string, pkg: ModelPackage, runId: string | null = null): ModelVersionInfo {
    checkModelName(name);
    if (runId !== null && !this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId)) throw new LoupeError('NOT_FOUND', `No run with id ${JSON.stringify(runId)} to register a model from.`);
    // The blob goes in first: a crash between the two leaves an unreferenced object (gc removes it), never a version without its package.
    const { hash } = this.objects.putBuffer(serializePackage(pkg));
    const now = Date.now();
    const insert = this.db.transaction(() => {
      this.db.prepare('INSERT INTO models (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, now);
      const modelId = this.modelId(name);
      const next = (this.db.prepare('SELECT coalesce(max(version), 0) + 1 AS v FROM model_versions WHERE model_id = ?').get(modelId) as { v: number }).v;
      const dataset = pkg.trainingDataset ? `${pkg.trainingDataset.ref}#sha256:${pkg.trainingDataset.sha256}` : null;
      const info = this.db
        .prepare(`INSERT INTO model_versions (model_id, version, run_id, package_hash, task, metrics_json, input_schema_json, training_dataset, created_at) VALUES (?,?,?,?,?,?,?,?,?)`)
        .run(modelId, next, runId, hash, pkg.task, JSON.stringify(pkg.metrics ?? {}), JSON.stringify(pkg.inputSchema ?? []), dataset, now);
      return Number(info.lastInsertRowid);
    });
    return this.versionById(insert.immediate());
  }

  /** The version a reference names, without reading its package. */
  resolve(ref: string): ModelVersionInfo {
    const { name, version, alias } = parseModelRef(ref);
    const modelId = this.modelId(name);
    let row: { id: number } | undefined;
    if (version !== undefined) row = this.db.prepare<[number, number], { id: number }>('SELECT id FROM model_versions WHERE model_id = ? AND version = ?').get(modelId, version);
    else if (alias === 'latest') row = this.db.prepare<[number], { id: number }>('SELECT id FROM model_versions WHERE model_id = ? ORDER BY version DESC LIMIT 1').get(modelId);
    else row = this.db.prepare<[number, string], { id: number }>('SELECT version_id AS id FROM model_aliases WHERE model_id = ? AND alias = ?').get(modelId, alias!);
    if (!row) {
      const known = this.listVersions(name).map((v) => `v${v.version}${v.aliases.length ? ` (${v.aliases.join(', ')})` : ''}`).join(', ');
      throw new LoupeError('NOT_FOUND', `Model "${name}" has no ${version !== undefined ? `version ${version}` : `alias "${alias}"`}. It has: ${known || 'no versions'}.`);
    }
    return this.versionById(row.id);
  }

  /** `name@alias`, `name@version`, `name@latest` or `name` → the version and its package. */
  getModel(ref: string): { version: ModelVersionInfo; package: ModelPackage } {
    const version = this.resolve(ref);
    return { version, package: parsePackage(this.objects.read(version.packageHash)) };
  }

  listModels(): ModelSummary[] {
    const rows = this.db
      .prepare<[], { name: string; created_at: number; versions: number; latest: number | null; id: number }>(
        `SELECT m.id, m.name, m.created_at, count(v.id) AS versions, max(v.version) AS latest
         FROM models m LEFT JOIN model_versions v ON v.model_id = m.id GROUP BY m.id ORDER BY m.name`,
      )
      .all();
    return rows.map((r) => ({ name: r.name, createdAt: r.created_at, versions: r.versions, latestVersion: r.latest, aliases: this.aliasesOf(r.id) }));
  }

  listVersions(name: string): ModelVersionInfo[] {
    const rows = this.db.prepare<[number], VersionRow>(`${VERSION_SELECT} WHERE v.model_id = ? ORDER BY v.version`).all(this.modelId(name));
    const byVersion = this.aliasNamesByVersion(rows[0]?.model_id);
    return rows.map((r) => toVersionInfo(r, byVersion.get(r.id) ?? []));
  }

  /** The version an alias points at, if it exists. */
  getAlias(name: string, alias: string): number | undefined {
    return this.aliasesOf(this.modelId(name))[alias];
  }

  /** Points `alias` at `version`; a move to where it already points records nothing and returns null. */
  setAlias(name: string, alias: string, version: number, options: AliasMoveOptions = {}): AliasEventInfo | null {
    checkAlias(alias);
    const move = this.db.transaction(() => {
      const target = this.resolve(`${name}@${version}`);
      const modelId = this.modelId(name);
      const current = this.currentAlias(modelId, alias);
      if (current === target.id) return null;
      return this.recordMove(modelId, alias, current ?? null, target.id, options.actor ?? defaultActor(), options.reason ?? '');
    });
    const id = move.immediate();
    return id === null ? null : this.eventById(id);
  }

  /**
   * Reverts the latest move of `alias` that is not itself an undo and not yet undone, so repeated
   * undos walk back through history. The undo is audited like any move.
   */
  undoLastAliasMove(name: string, alias: string, options: AliasMoveOptions = {}): AliasEventInfo {
    const undo = this.db.transaction(() => {
      const modelId = this.modelId(name);
      const last = this.db
        .prepare<[number, string], { id: number; from_version_id: number | null; to_version_id: number | null }>(
          `SELECT id, from_version_id, to_version_id FROM alias_events
           WHERE model_id = ? AND alias = ? AND undone_by IS NULL
             AND id NOT IN (SELECT undone_by FROM alias_events WHERE undone_by IS NOT NULL)
           ORDER BY id DESC LIMIT 1`,
        )
        .get(modelId, alias);
      if (!last) throw new LoupeError('NOT_FOUND', `Alias "${alias}" of model "${name}" has no move left to undo.`);
      const current = this.currentAlias(modelId, alias) ?? null;
      if (current !== last.to_version_id) throw new LoupeError('CONFLICT', `Alias "${alias}" of model "${name}" no longer points where its last recorded move left it; set it explicitly instead.`);
      const id = this.recordMove(modelId, alias, current, last.from_version_id, options.actor ?? defaultActor(), options.reason ?? `undo of move #${last.id}`);
      this.db.prepare('UPDATE alias_events SET undone_by = ? WHERE id = ?').run(id, last.id);
      return id;
    });
    return this.eventById(undo.immediate());
  }

  /** Every recorded move, oldest first; of one alias when given. */
  aliasHistory(name: string, alias?: string): AliasEventInfo[] {
    const modelId = this.modelId(name);
    const rows = alias === undefined
      ? this.db.prepare<[number], EventRow>(`${EVENT_SELECT} WHERE e.model_id = ? ORDER BY e.id`).all(modelId)
      : this.db.prepare<[number, string], EventRow>(`${EVENT_SELECT} WHERE e.model_id = ? AND e.alias = ? ORDER BY e.id`).all(modelId, alias);
    return rows.map(toEventInfo);
  }

  private recordMove(modelId: number, alias: string, fromId: number | null, toId: number | null, actor: string, reason: string): number {
    if (toId === null) this.db.prepare('DELETE FROM model_aliases WHERE model_id = ? AND alias = ?').run(modelId, alias);
    else this.db.prepare('INSERT INTO model_aliases (model_id, alias, version_id) VALUES (?, ?, ?) ON CONFLICT (model_id, alias) DO UPDATE SET version_id = excluded.version_id').run(modelId, alias, toId);
    const info = this.db
      .prepare('INSERT INTO alias_events (model_id, alias, from_version_id, to_version_id, actor, reason, at) VALUES (?,?,?,?,?,?,?)')
      .run(modelId, alias, fromId, toId, actor, reason, Date.now());
    return Number(info.lastInsertRowid);
  }

  private modelId(name: string): number {
    const row = this.db.prepare<[string], { id: number }>('SELECT id FROM models WHERE name = ?').get(name);
    if (!row) throw new LoupeError('NOT_FOUND', `No registered model named "${name}".`);
    return row.id;
  }

  private currentAlias(modelId: number, alias: string): number | undefined {
    return this.db.prepare<[number, string], { version_id: number }>('SELECT version_id FROM model_aliases WHERE model_id = ? AND alias = ?').get(modelId, alias)?.version_id;
  }

  private aliasesOf(modelId: number): Record<string, number> {
    const rows = this.db
      .prepare<[number], { alias: string; version: number }>('SELECT a.alias, v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id WHERE a.model_id = ? ORDER BY a.alias')
      .all(modelId);
    return Object.fromEntries(rows.map((r) => [r.alias, r.version]));
  }

  private aliasNamesByVersion(modelId: number | undefined): Map<number, string[]> {
    const out = new Map<number, string[]>();
    if (modelId === undefined) return out;
    for (const r of this.db.prepare<[number], { alias: string; version_id: number }>('SELECT alias, version_id FROM model_aliases WHERE model_id = ? ORDER BY alias').all(modelId)) {
      out.set(r.version_id, [...(out.get(r.version_id) ?? []), r.alias]);
    }
    return out;
  }

  private versionById(id: number): ModelVersionInfo {
    const row = this.db.prepare<[number], VersionRow>(`${VERSION_SELECT} WHERE v.id = ?`).get(id)!;
    return toVersionInfo(row, this.aliasNamesByVersion(row.model_id).get(row.id) ?? []);
  }

  private eventById(id: number): AliasEventInfo {
    return toEventInfo(this.db.prepare<[number], EventRow>(`${EVENT_SELECT} WHERE e.id = ?`).get(id)!);
  }
}
