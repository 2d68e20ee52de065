import type * as fs from 'node:fs';
import type { SqliteDatabase } from '../store/database';

const INT64_MAX = 2n ** 63n - 1n;

interface CacheRow {
  path: string;
  inode: bigint;
  size: bigint;
  mtime_ns: bigint;
  hash: string;
}

/**
 * Remembers each workspace file's hash with the (inode, size, mtime) it had, so re-versioning an
 * unchanged folder stats files instead of reading them. Loaded in one query and written back in one
 * transaction: 10,000 point lookups would cost more than the hashing they save on small files.
 */
export class StatCache {
  private readonly entries = new Map<string, CacheRow>();
  private readonly dirty: CacheRow[] = [];
  private readonly gone: string[] = [];

  constructor(private readonly db: SqliteDatabase) {}

  /** Loads the entries under `prefix` (a workspace-relative posix folder or file, '' for all). */
  load(prefix: string): void {
    const stmt = this.db.prepare<[{ p: string }], CacheRow>(
      "SELECT path, inode, size, mtime_ns, hash FROM stat_cache WHERE @p = '' OR path = @p OR substr(path, 1, length(@p) + 1) = @p || '/'",
    );
    stmt.safeIntegers(true);
    for (const row of stmt.all({ p: prefix })) this.entries.set(row.path, row);
  }

  lookup(rel: string, st: fs.BigIntStats): string | undefined {
    const e = this.entries.get(rel);
    return e && e.inode === st.ino && e.size === st.size && e.mtime_ns === st.mtimeNs ? e.hash : undefined;
  }

  remember(rel: string, st: fs.BigIntStats, hash: string): void {
    if (st.ino > INT64_MAX || st.mtimeNs > INT64_MAX) return; // SQLite integers are signed 64-bit
    const row = { path: rel, inode: st.ino, size: st.size, mtime_ns: st.mtimeNs, hash };
    this.entries.set(rel, row);
    this.dirty.push(row);
  }

  /** Drops loaded entries not in `keep` (files deleted since), so the table does not grow forever. */
  keepOnly(keep: Set<string>): void {
    for (const p of this.entries.keys()) {
      if (!keep.has(p)) {
        this.entries.delete(p);
        this.gone.push(p);
      }
    }
  }

  flush(): void {
    if (this.gone.length) {
      const del = this.db.prepare('DELETE FROM stat_cache WHERE path = ?');
      this.db.transaction(() => {
        for (const p of this.gone) del.run(p);
      })();
      this.gone.length = 0;
    }
    if (!this.dirty.length) return;
    const upsert = this.db.prepare(
      `INSERT INTO stat_cache (path, inode, size, mtime_ns, hash) VALUES (@path, @inode, @size, @mtime_ns, @hash)
       ON CONFLICT (path) DO UPDATE SET inode = excluded.inode, size = excluded.size, mtime_ns = excluded.mtime_ns, hash = excluded.hash`,
    );
    this.db.transaction(() => {
      for (const row of this.dirty) upsert.run(row);
    })();
    this.dirty.length = 0;
  }
}
