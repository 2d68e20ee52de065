import type BetterSqlite3 from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LoupeError } from '../errors';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';

export type SqliteDatabase = BetterSqlite3.Database;

/**
 * Loaded on first open, not at import: the extension imports the tracker at activation and must not
 * pay for (or fail on) the native module before a Loupe view or command is used.
 */
function loadDriver(): typeof BetterSqlite3 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('better-sqlite3');
}

/** How long a writer waits for another process's lock before giving up (ms). */
export const BUSY_TIMEOUT_MS = 15_000;

export const DB_FILE_NAME = 'loupe.db';

/**
 * Opens (creating when missing) `<loupeDir>/loupe.db` in WAL mode with foreign keys on,
 * then brings its schema up to date. A database written by a newer Loupe is refused:
 * writing to it with old code could corrupt what the newer version stored.
 */
export function openDatabase(loupeDir: string, options: { readonly?: boolean } = {}): SqliteDatabase {
  const file = path.join(loupeDir, DB_FILE_NAME);
  if (!options.readonly) {
    try {
      fs.mkdirSync(loupeDir, { recursive: true });
    } catch (cause) {
      throw new LoupeError('DATABASE_UNAVAILABLE', `Cannot create the Loupe folder ${loupeDir}: ${(cause as Error).message}`, { cause });
    }
  }
  let db: SqliteDatabase;
  try {
    const Database = loadDriver();
    db = new Database(file, { readonly: !!options.readonly, fileMustExist: !!options.readonly });
  } catch (cause) {
    const explained = explainStorageError(cause, loupeDir);
    if (explained !== cause) throw explained;
    throw new LoupeError('DATABASE_UNAVAILABLE', `Cannot open the Loupe database ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Run tables are read by key thousands of times per query: keep them in memory (64 MiB page
    // cache, memory-mapped reads) instead of going through the OS for every page.
    db.pragma('cache_size = -65536');
    db.pragma('mmap_size = 268435456');
    migrate(db, file, !!options.readonly);
  } catch (e) {
    db.close();
    throw explainStorageError(e, loupeDir);
  }
  return db;
}

/** Applies every migration newer than the database's `user_version`, each in its own transaction. */
export function migrate(db: SqliteDatabase, file: string, readonly = false): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_SCHEMA_VERSION) {
    throw new LoupeError(
      'SCHEMA_TOO_NEW',
      `The Loupe database ${file} uses schema version ${current}, but this Loupe only knows up to ${LATEST_SCHEMA_VERSION}. ` +
        'Update Loupe to open it; nothing was changed.',
    );
  }
  if (current === LATEST_SCHEMA_VERSION) return;
  if (readonly) {
    throw new LoupeError('SCHEMA_TOO_NEW', `The Loupe database ${file} needs an upgrade (schema ${current} → ${LATEST_SCHEMA_VERSION}); open it read-write once.`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    // IMMEDIATE takes the write lock first so two processes cannot both apply the same migration.
    const apply = db.transaction(() => {
      const now = db.pragma('user_version', { simple: true }) as number;
      if (now >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    });
    apply.immediate();
  }
}

/**
 * Turns SQLite's storage failures into sentences a user can act on; other errors pass through.
 * Nothing already committed is affected by any of these.
 */
export function explainStorageError(e: unknown, loupeDir: string): unknown {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_FULL') {
    return new LoupeError('DATABASE_UNAVAILABLE', `The disk holding ${loupeDir} is full: this write was not stored (earlier data is intact). Free some space and try again.`, { cause: e });
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code === 'EROFS' || code === 'EACCES') {
    return new LoupeError('DATABASE_UNAVAILABLE', `${loupeDir} is read-only, so Loupe cannot write to it (earlier data is intact and can still be read).`, { cause: e });
  }
  if (code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_')) {
    return new LoupeError('DATABASE_UNAVAILABLE', `Writing to ${loupeDir} failed with an I/O error (${code}); earlier data is intact. Check the disk.`, { cause: e });
  }
  return e;
}
