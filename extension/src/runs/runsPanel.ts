import * as vscode from 'vscode';
import { parseRunsPanelMessage, type RunsHostMessage, type RunsPanelMessage, type RunsQuery } from '../../../protocol/runs';
import { PANELS, COMMANDS } from '../constants';
import { showError } from '../services/log';
import type { WorkspaceStore } from '../services/workspaceStore';
import { PanelChannel } from '../webview/panelChannel';
import { panelHtml } from '../webview/panelHtml';
import { buildRunsAppend, buildRunsPatch, buildRunsSnapshot } from './runsViewModel';
import { exportRunsCsv } from './exportCsv';

/** A full re-read of the table at most this often while runs are logging. */
const FULL_REFRESH_MS = 10_000;

/** The runs table panel: one per window, re-revealed when opened again. */
export class RunsPanel implements vscode.Disposable {
  private static current: RunsPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly channel: PanelChannel<RunsPanelMessage, RunsHostMessage>;
  private query: RunsQuery = { filter: '', orderBy: [] };
  private pending: NodeJS.Timeout | undefined;
  private shown = new Set<string>();
  private generation = 0;
  private lastRead = 0;
  private lastFull = 0;

  static show(extensionUri: vscode.Uri, store: WorkspaceStore): RunsPanel {
    if (RunsPanel.current) {
      RunsPanel.current.panel.reveal();
      return RunsPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(PANELS.runs, 'Loupe: Runs', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    });
    RunsPanel.current = new RunsPanel(panel, extensionUri, store);
    return RunsPanel.current;
  }

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly store: WorkspaceStore) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'loupe.svg');
    this.channel = new PanelChannel(panel.webview, parseRunsPanelMessage, (m) => this.onMessage(m));
    this.disposables.push(this.channel);
    this.disposables.push(panel.onDidDispose(() => this.dispose()));
    this.disposables.push(store.onDidChange(() => this.scheduleUpdate()));
    panel.webview.html = panelHtml(panel.webview, extensionUri, 'runs', 'Loupe: Runs');
  }

  private async onMessage(m: RunsPanelMessage): Promise<void> {
    switch (m.type) {
      case 'panel/ready':
        this.sendSnapshot();
        break;
      case 'runs/setQuery':
        this.query = m.query;
        this.sendSnapshot();
        break;
      case 'runs/open':
        await vscode.commands.executeCommand(COMMANDS.openRun, m.runId);
        break;
      case 'runs/compare':
        await vscode.commands.executeCommand(COMMANDS.compareRuns, m.runIds);
        break;
      case 'runs/exportCsv':
        await exportRunsCsv(this.store.get(), m.runIds, m.columns);
        break;
    }
  }

  /**
   * Coalesces bursts of database changes. While runs log, only their rows are re-read and patched;
   * the whole table is re-read when a run appears, and at most every FULL_REFRESH_MS otherwise.
   */
  private scheduleUpdate(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      const since = this.lastRead;
      this.lastRead = Date.now();
      const patch = Date.now() - this.lastFull < FULL_REFRESH_MS ? buildRunsPatch(this.store.get(), this.query, this.shown, since - 1000) : undefined;
      if (patch) this.channel.post(patch);
      else this.sendSnapshot();
    }, 150);
  }

  /**
   * Sends the first page now and the rest one page per turn of the event loop, so a table of
   * thousands of runs never blocks the editor for long; a newer snapshot stops an older one's pages.
   */
  private sendSnapshot(): void {
    try {
      this.lastRead = this.lastFull = Date.now();
      const generation = ++this.generation;
      const snapshot = buildRunsSnapshot(this.store.get(), this.query, generation);
      this.shown = new Set(snapshot.runs.map((r) => r.id));
      this.channel.post(snapshot);
      if (snapshot.runs.length < snapshot.total) this.sendNextPage(generation, snapshot.runs.length);
    } catch (e) {
      this.reportReadError(e);
    }
  }

  private sendNextPage(generation: number, offset: number): void {
    setImmediate(() => {
      if (generation !== this.generation || RunsPanel.current !== this) return;
      try {
        const page = buildRunsAppend(this.store.get(), this.query, generation, offset);
        if (!page) return;
        page.rows.forEach((r) => this.shown.add(r.id));
        this.channel.post(page);
        this.sendNextPage(generation, offset + page.rows.length);
      } catch (e) {
        this.reportReadError(e);
      }
    });
  }

  private reportReadError(e: unknown): void {
    void showError('Could not read runs', e);
    this.channel.post({ type: 'panel/error', message: e instanceof Error ? e.message : String(e) });
  }

  dispose(): void {
    if (RunsPanel.current !== this) return;
    clearTimeout(this.pending);
    RunsPanel.current = undefined;
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
  }
}
