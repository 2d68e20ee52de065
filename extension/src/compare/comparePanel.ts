import * as vscode from 'vscode';
import { parseComparePanelMessage, type CompareHostMessage, type ComparePanelMessage } from '../../../protocol/compare';
import { PANELS } from '../constants';
import { showError } from '../services/log';
import type { WorkspaceStore } from '../services/workspaceStore';
import { PanelChannel } from '../webview/panelChannel';
import { panelHtml } from '../webview/panelHtml';
import { buildCompareSeries, buildCompareSnapshot } from './compareViewModel';
import { saveChartImage } from './saveChartImage';

/** A compare panel for a fixed set of runs (any number); live while those runs log. */
export class ComparePanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly channel: PanelChannel<ComparePanelMessage, CompareHostMessage>;
  private pending: NodeJS.Timeout | undefined;
  private disposed = false;

  static show(extensionUri: vscode.Uri, store: WorkspaceStore, runIds: string[], title = `Loupe: Compare ${runIds.length} runs`): ComparePanel {
    const panel = vscode.window.createWebviewPanel(PANELS.compare, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    });
    return new ComparePanel(panel, extensionUri, store, [...new Set(runIds)]);
  }

  private constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, private readonly store: WorkspaceStore, private readonly runIds: string[]) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'loupe.svg');
    this.channel = new PanelChannel(panel.webview, parseComparePanelMessage, (m) => this.onMessage(m));
    this.disposables.push(this.channel, panel.onDidDispose(() => this.dispose()), store.onDidChange(() => this.scheduleSnapshot()));
    panel.webview.html = panelHtml(panel.webview, extensionUri, 'compare', panel.title);
  }

  private async onMessage(m: ComparePanelMessage): Promise<void> {
    try {
      switch (m.type) {
        case 'panel/ready':
          this.sendSnapshot();
          break;
        case 'compare/loadSeries':
          this.channel.post(buildCompareSeries(this.store.get(), this.runIds, m.key, m.range, m.requestId));
          break;
        case 'compare/saveImage':
          await saveChartImage(m);
          break;
      }
    } catch (e) {
      void showError('The compare panel could not do that', e);
    }
  }

  private scheduleSnapshot(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.sendSnapshot(), 300);
  }

  private sendSnapshot(): void {
    try {
      this.channel.post(buildCompareSnapshot(this.store.get(), this.runIds));
    } catch (e) {
      void showError('Could not read the runs to compare', e);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.pending);
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
  }
}
