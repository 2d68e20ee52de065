import * as vscode from 'vscode';
import type { WorkspaceStore } from '../services/workspaceStore';

/** A tree view over the workspace database that redraws whenever any process writes to it. */
export abstract class StoreTree<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(protected readonly store: WorkspaceStore) {
    this.subscription = store.onDidChange(() => this.changed.fire(undefined));
  }

  abstract getChildren(node?: T): T[];
  abstract getTreeItem(node: T): vscode.TreeItem;

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
