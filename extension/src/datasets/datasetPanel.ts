import * as vscode from 'vscode';
import { parseDatasetPanelMessage, type DatasetHostMessage, type DatasetPanelMessage } from '../../../protocol/dataset';
import { COMMANDS, PANELS } from '../constants';
import { PanelChannel } from '../webview/panelChannel';
import { panelHtml } from '../webview/panelHtml';

/** Shows one dataset view (a version's profile or a diff); each opens its own panel. */
export function showDatasetPanel(extensionUri: vscode.Uri, title: string, view: DatasetHostMessage): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(PANELS.dataset, title, vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
  });
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'loupe.svg');
  const channel = new PanelChannel<DatasetPanelMessage, DatasetHostMessage>(panel.webview, parseDatasetPanelMessage, async (m) => {
    if (m.type === 'dataset/openRun') await vscode.commands.executeCommand(COMMANDS.openRun, m.runId);
  });
  channel.post(view);
  panel.onDidDispose(() => channel.dispose());
  panel.webview.html = panelHtml(panel.webview, extensionUri, 'dataset', title);
  return panel;
}
