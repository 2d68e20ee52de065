import * as vscode from 'vscode';

/**
 * A view with nothing to list yet: VS Code then shows the view's welcome content from package.json,
 * which tells the user how to fill it (datasets and models arrive with their own features).
 */
export class PlaceholderTree implements vscode.TreeDataProvider<never> {
  getChildren(): never[] {
    return [];
  }

  getTreeItem(node: never): vscode.TreeItem {
    return node;
  }
}
