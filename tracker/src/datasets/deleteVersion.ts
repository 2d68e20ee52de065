import { LoupeError } from '../errors';
import type { SqliteDatabase } from '../store/database';
import { DatasetRepo } from './repo';

/** What still needs a dataset version: runs that used it, splits made from it, models and evaluations that name it. */
export function usesOfVersion(db: SqliteDatabase, versionId: number): string[] {
  const repo = new DatasetRepo(db);
  const v = repo.getVersion(versionId);
  const ref = `${v.dataset}@${v.version}`;
  const tables = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name));
  const count = (sql: string, arg: string | number) => (db.prepare(sql).get(arg) as { n: number }).n;
  const uses: string[] = [];
  const runs = repo.runsOfVersion(versionId).length;
  if (runs) uses.push(`${runs} run(s) used it`);
  const splits = repo.children(versionId).length;
  if (splits) uses.push(`${splits} split version(s) were made from it`);
  if (tables.has('model_versions') && count('SELECT count(*) AS n FROM model_versions WHERE training_dataset = ?', ref)) uses.push('a registered model was trained on it');
  if (tables.has('evaluations') && count('SELECT count(*) AS n FROM evaluations WHERE dataset = ?', ref)) uses.push('an evaluation was run on it');
  return uses;
}

/**
 * Deletes a version nothing uses (and its dataset when it was the last version). Its files stay in
 * the object store until `loupe gc`, so a mistaken delete loses no bytes before then.
 */
export function deleteUnusedVersion(db: SqliteDatabase, versionId: number): void {
  const uses = usesOfVersion(db, versionId);
  const v = new DatasetRepo(db).getVersion(versionId);
  if (uses.length) throw new LoupeError('CONFLICT', `${v.dataset}@${v.version} is still in use: ${uses.join('; ')}.`);
  db.transaction(() => {
    db.prepare('DELETE FROM dataset_versions WHERE id = ?').run(versionId);
    db.prepare('DELETE FROM datasets WHERE id = ? AND NOT EXISTS (SELECT 1 FROM dataset_versions WHERE dataset_id = ?)').run(v.datasetId, v.datasetId);
  }).immediate();
}
