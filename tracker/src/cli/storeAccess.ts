import { SqliteTrackerStore } from '../store/sqliteStore';
import { findLoupeDir } from '../workspace';
import type { CliIo } from './command';

/** Opens the workspace's store for one command and always closes it. */
export async function withStore<T>(io: CliIo, fn: (store: SqliteTrackerStore, loupeDir: string) => T | Promise<T>): Promise<T> {
  const dir = findLoupeDir(io.cwd, io.env);
  const store = SqliteTrackerStore.open(dir);
  try {
    return await fn(store, dir);
  } finally {
    store.close();
  }
}
