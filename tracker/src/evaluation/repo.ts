import { LoupeError } from '../errors';
import type { SqliteDatabase } from '../store/database';
import type { Verdict } from './gate';
import type { Task } from './types';

/** One row of `evaluations` (migration 4). */
export interface EvaluationRecord {
  id: string;
  createdAt: number;
  champion: string;
  challenger: string;
  dataset: string;
  datasetDigest: string;
  task: Task;
  policy: Record<string, unknown>;
  verdict: Verdict;
  reportHash: string;
  runId: string | null;
}

/** The per-row shadow log: answers as text, correctness as 0/1 (null for regression). */
export interface EvaluationRows {
  rowIndex: Int32Array;
  label: (i: number) => string;
  champion: (i: number) => string;
  challenger: (i: number) => string;
  championCorrect: Uint8Array | null;
  challengerCorrect: Uint8Array | null;
}

interface Row {
  id: string;
  created_at: number;
  champion: string;
  challenger: string;
  dataset: string;
  dataset_digest: string;
  task: Task;
  policy_json: string;
  verdict: Verdict;
  report_hash: string;
  run_id: string | null;
}

function toRecord(r: Row): EvaluationRecord {
  return {
    id: r.id, createdAt: r.created_at, champion: r.champion, challenger: r.challenger, dataset: r.dataset, datasetDigest: r.dataset_digest,
    task: r.task, policy: JSON.parse(r.policy_json) as Record<string, unknown>, verdict: r.verdict, reportHash: r.report_hash, runId: r.run_id,
  };
}

/** Writes the evaluation and all its rows in ONE transaction: a crash leaves either everything or nothing. */
export function saveEvaluation(db: SqliteDatabase, rec: EvaluationRecord, rows: EvaluationRows): void {
  const insert = db.prepare(
    `INSERT INTO evaluations (id, created_at, champion, challenger, dataset, dataset_digest, task, policy_json, verdict, report_hash, run_id)
     VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insertRow = db.prepare(
    'INSERT INTO evaluation_rows (evaluation_id, row_index, label, champion, challenger, champion_correct, challenger_correct) VALUES (?,?,?,?,?,?,?)',
  );
  const write = db.transaction(() => {
    if (rec.runId !== null && !db.prepare('SELECT 1 FROM runs WHERE id = ?').get(rec.runId)) {
      throw new LoupeError('NOT_FOUND', `No run with id ${JSON.stringify(rec.runId)} to attach the evaluation to.`);
    }
    insert.run(rec.id, rec.createdAt, rec.champion, rec.challenger, rec.dataset, rec.datasetDigest, rec.task, JSON.stringify(rec.policy), rec.verdict, rec.reportHash, rec.runId);
    const a = rows.championCorrect;
    const b = rows.challengerCorrect;
    for (let i = 0; i < rows.rowIndex.length; i++) {
      insertRow.run(rec.id, rows.rowIndex[i], rows.label(i), rows.champion(i), rows.challenger(i), a ? a[i] : null, b ? b[i] : null);
    }
  });
  write.immediate();
}

export function getEvaluation(db: SqliteDatabase, id: string): EvaluationRecord {
  const row = db.prepare<[string], Row>('SELECT * FROM evaluations WHERE id = ?').get(id);
  if (row) return toRecord(row);
  const byPrefix = id.length >= 6 ? db.prepare<[{ q: string }], Row>('SELECT * FROM evaluations WHERE substr(id, 1, length(@q)) = @q LIMIT 2').all({ q: id }) : [];
  if (byPrefix.length === 1) return toRecord(byPrefix[0]);
  if (byPrefix.length > 1) throw new LoupeError('INVALID_ARGUMENT', `"${id}" matches more than one evaluation; use the full id.`);
  throw new LoupeError('NOT_FOUND', `No evaluation with id ${JSON.stringify(id)}.`);
}

/** Newest first; rowid breaks ties between evaluations recorded in the same millisecond. */
export function latestEvaluation(db: SqliteDatabase, pair: { champion: string; challenger: string; datasetDigest: string }): EvaluationRecord | undefined {
  const row = db
    .prepare<[string, string, string], Row>('SELECT * FROM evaluations WHERE champion = ? AND challenger = ? AND dataset_digest = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
    .get(pair.champion, pair.challenger, pair.datasetDigest);
  return row && toRecord(row);
}

export function listEvaluations(db: SqliteDatabase, filter: { challengerOf?: string; limit?: number } = {}): EvaluationRecord[] {
  // A challenger of model M is recorded as `M@<version>`.
  const where = filter.challengerOf !== undefined ? "WHERE substr(challenger, 1, length(@model) + 1) = @model || '@'" : '';
  return db
    .prepare<[{ model: string | null; limit: number }], Row>(`SELECT * FROM evaluations ${where} ORDER BY created_at DESC, rowid DESC LIMIT @limit`)
    .all({ model: filter.challengerOf ?? null, limit: filter.limit ?? -1 })
    .map(toRecord);
}
