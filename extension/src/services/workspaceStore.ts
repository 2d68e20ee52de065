import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SqliteTrackerStore } from '../../../tracker/src/store/sqliteStore';
import { SETTINGS } from '../constants';

/**
 * The workspace's tracker store, opened on first use (so activation never loads the native driver),
 * and a change event fired when any process commits to the database (polled via data_version: cheap,
 * and it sees writers the file watcher would miss, like WAL-only commits).
 */
export class WorkspaceStore implements vscode.Disposable {
  private store: SqliteTrackerStore | undefined;
  private lastVersion = -1;
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(readonly loupeDir: string) {}

  static forWorkspace(): WorkspaceStore | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? new WorkspaceStore(path.join(folder.uri.fsPath, '.loupe')) : undefined;
  }

  get(): SqliteTrackerStore {
    if (!this.store) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { SqliteTrackerStore } = require('../../../tracker/src/store/sqliteStore') as typeof import('../../../tracker/src/store/sqliteStore');
      this.store = SqliteTrackerStore.open(this.loupeDir);
      this.store.finalizeDeadRuns();
      this.lastVersion = this.store.dataVersion();
      this.startPolling();
      // Views that opened the store draw once more with everything that depends on it (status bar).
      setTimeout(() => this.changed.fire(), 0);
    }
    return this.store;
  }

  /** Tells listeners to re-read now (after the extension itself wrote). */
  notifyChanged(): void {
    if (this.store) this.lastVersion = this.store.dataVersion();
    this.changed.fire();
  }

  private startPolling(): void {
    const interval = vscode.workspace.getConfiguration(SETTINGS.section).get<number>(SETTINGS.refreshIntervalMs, 500);
    this.timer = setInterval(() => {
      if (!this.store) return;
      const v = this.store.dataVersion();
      if (v !== this.lastVersion) {
        this.lastVersion = v;
        this.changed.fire();
      }
    }, Math.max(100, interval));
  }

  dispose(): void {
    clearInterval(this.timer);
    this.changed.dispose();
    this.store?.close();
  }
}
