import * as vscode from 'vscode';
import type { CompareSaveImage } from '../../../protocol/compare';

/** Asks where to save a chart the panel rendered, then writes it. The name is only a suggestion. */
export async function saveChartImage(m: CompareSaveImage): Promise<void> {
  const safeName = m.name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'chart';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, `${safeName}.${m.format}`) : undefined,
    filters: m.format === 'png' ? { 'PNG image': ['png'] } : { 'SVG image': ['svg'] },
  });
  if (!target) return;
  const bytes = m.format === 'png' ? Buffer.from(m.data.slice('data:image/png;base64,'.length), 'base64') : Buffer.from(m.data, 'utf8');
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(`Loupe: saved ${vscode.workspace.asRelativePath(target)}`);
}
