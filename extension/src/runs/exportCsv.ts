import * as vscode from 'vscode';
import { formatCsv } from '../../../tracker/src/cli/format';
import { columnValue } from '../../../tracker/src/cli/runColumns';
import type { TrackerStore } from '../../../tracker/src/store/trackerStore';

/** Writes the chosen runs and columns as CSV where the user picks (same columns as `loupe runs --format csv`). */
export async function exportRunsCsv(store: TrackerStore, runIds: string[], columns: string[]): Promise<void> {
  const runs = runIds.map((id) => store.getRun(id));
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({ defaultUri: folder && vscode.Uri.joinPath(folder, 'runs.csv'), filters: { CSV: ['csv'] } });
  if (!target) return;
  const csv = formatCsv(columns, runs.map((r) => columns.map((c) => columnValue(r, c))));
  await vscode.workspace.fs.writeFile(target, Buffer.from(csv + '\n', 'utf8'));
  void vscode.window.showInformationMessage(`Loupe: exported ${runs.length} runs to ${vscode.workspace.asRelativePath(target)}`);
}
