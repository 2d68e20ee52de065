import * as vscode from 'vscode';
import type { DatasetSummary, DatasetVersion } from '../../../tracker/src/datasets/types';
import { DatasetRepo } from '../../../tracker/src/datasets/repo';
import { COMMANDS } from '../constants';
import { StoreTree } from '../views/storeTree';

export type DatasetsNode =
  | { kind: 'dataset'; dataset: DatasetSummary }
  | { kind: 'version'; version: DatasetVersion }
  | { kind: 'user'; runId: string; runName: string; role: string };

const bytes = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`);

function age(ms: number): string {
  const s = Math.max(0, (Date.now() - ms) / 1000);
  return s < 3600 ? `${Math.round(s / 60)}m` : s < 86400 ? `${Math.round(s / 3600)}h` : `${Math.round(s / 86400)}d`;
}

/** Datasets, their versions (newest first) and the runs that used each version. */
export class DatasetsTree extends StoreTree<DatasetsNode> {
  private repo(): DatasetRepo {
    return new DatasetRepo(this.store.get().db);
  }

  getChildren(node?: DatasetsNode): DatasetsNode[] {
    const repo = this.repo();
    if (!node) return repo.listDatasets().map((dataset) => ({ kind: 'dataset' as const, dataset }));
    if (node.kind === 'dataset') return repo.log(node.dataset.name).slice().sort((a, b) => b.version - a.version).map((version) => ({ kind: 'version' as const, version }));
    if (node.kind === 'version') return repo.runsOfVersion(node.version.id).map((r) => ({ kind: 'user' as const, ...r }));
    return [];
  }

  getTreeItem(node: DatasetsNode): vscode.TreeItem {
    if (node.kind === 'dataset') {
      const item = new vscode.TreeItem(node.dataset.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `dataset:${node.dataset.id}`;
      item.description = `${node.dataset.versions} version${node.dataset.versions === 1 ? '' : 's'}`;
      item.iconPath = new vscode.ThemeIcon('database');
      item.contextValue = 'loupe.dataset';
      return item;
    }
    if (node.kind === 'version') {
      const v = node.version;
      const item = new vscode.TreeItem(`v${v.version}${v.splitRole ? ` (${v.splitRole})` : ''}`, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `dataset-version:${v.id}`;
      item.description = [v.message, bytes(v.totalBytes), v.rows === null ? '' : `${v.rows} rows`, `${age(v.createdAt)} ago`].filter(Boolean).join(' · ');
      item.tooltip = `${v.dataset}@${v.version}\n${v.fileCount} file(s) from ${v.sourcePath}\ndigest ${v.digest}`;
      item.iconPath = new vscode.ThemeIcon('versions');
      item.contextValue = 'loupe.datasetVersion';
      item.command = { command: COMMANDS.showDataset, title: 'Show Profile', arguments: [node] };
      return item;
    }
    const item = new vscode.TreeItem(node.runName, vscode.TreeItemCollapsibleState.None);
    item.description = node.role;
    item.iconPath = new vscode.ThemeIcon('beaker');
    item.command = { command: COMMANDS.openRun, title: 'Open Run', arguments: [node.runId] };
    return item;
  }

}
