import * as vscode from 'vscode';
import { parseRunsPanelMessage, type RunsHostMessage, type RunsPanelMessage, type RunsQuery } from '../../../protocol/runs';
import { PANELS, COMMANDS } from '../constants';
import { showError } from '../services/log';
import type { WorkspaceStore } from '../services/workspaceStore';
import { PanelChannel } from '../webview/panelChannel';
import { panelHtml } from '../webview/panelHtml';
import { buildRunsSnapshot } from './runsViewModel';
import { exportRunsCsv } from './exportCsv';

/** The runs table panel: one per window, re-revealed when opened again. */
export class RunsPanel implements vscode.Disposable {
  private static current: RunsPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly channel: PanelChannel<RunsPanelMessage, RunsHostMessage>;
  private query: RunsQuery = { filter: '', orderBy: [] };
  private pending: NodeJS.Timeout | undefined;

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
    this.disposables.push(store.onDidChange(() => this.scheduleSnapshot()));
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

  /** Coalesces bursts of database changes into one snapshot. */
  private scheduleSnapshot(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.sendSnapshot(), 150);
  }

  private sendSnapshot(): void {
    try {
      this.channel.post(buildRunsSnapshot(this.store.get(), this.query));
    } catch (e) {
      void showError('Could not read runs', e);
      this.channel.post({ type: 'panel/error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  dispose(): void {
    clearTimeout(this.pending);
    RunsPanel.current = undefined;
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
  }
}
