import * as vscode from 'vscode';

/**
 * Training, evaluation, scripts and the local server run code from the workspace, so they need a
 * trusted workspace. Returns false (after telling the user why) when it is not.
 */
export function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(
      `Loupe: ${what} runs code from this workspace, so it is disabled until you trust the workspace. Browsing runs still works.`,
      'Manage Workspace Trust',
    )
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}
