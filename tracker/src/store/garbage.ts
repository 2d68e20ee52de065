import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ObjectStore } from '../objects/objectStore';
import type { SqliteDatabase } from './database';

/**
 * Object ids still referenced by the database. Every table that points into the object store
 * lists its column here, so `gc` never deletes something a row needs. Tables that do not exist
 * yet (older schema) are skipped.
 */
const REFERENCES: { table: string; column: string }[] = [
  { table: 'artifacts', column: 'hash' },
  { table: 'dataset_versions', column: 'manifest_hash' },
  { table: 'dataset_versions', column: 'profile_hash' },
  { table: 'dataset_files', column: 'hash' },
  { table: 'model_versions', column: 'package_hash' },
  { table: 'evaluations', column: 'report_hash' },
];

export function referencedObjects(db: SqliteDatabase, objects: ObjectStore): Set<string> {
  const tables = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name));
  const refs = new Set<string>();
  for (const { table, column } of REFERENCES) {
    if (!tables.has(table)) continue;
    const cols = new Set(db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all().map((c) => c.name));
    if (!cols.has(column)) continue;
    for (const row of db.prepare<[], { h: string | null }>(`SELECT DISTINCT ${column} AS h FROM ${table}`).all()) if (row.h) refs.add(row.h);
  }
  // Dataset manifests list their files' objects inside the manifest itself.
  if (tables.has('dataset_versions')) {
    for (const row of db.prepare<[], { h: string }>('SELECT manifest_hash AS h FROM dataset_versions WHERE manifest_hash IS NOT NULL').all()) {
      try {
        const manifest = JSON.parse(objects.read(row.h).toString('utf8')) as { files?: { hash?: string }[] } | { hash?: string }[];
        const files = Array.isArray(manifest) ? manifest : (manifest.files ?? []);
        for (const f of files) if (f.hash) refs.add(f.hash);
      } catch {
        // A missing or unreadable manifest keeps nothing alive; gc reports it rather than guessing.
      }
    }
  }
  return refs;
}

/** Every object id present on disk. */
export function storedObjects(objects: ObjectStore): string[] {
  const out: string[] = [];
  for (const prefix of safeReaddir(objects.root)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const rest of safeReaddir(path.join(objects.root, prefix))) out.push(prefix + rest);
  }
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
