import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { WorkspaceStore } from '../services/workspaceStore';

/** A status bar item counting running runs; hidden when none run. Updates with the database. */
export class ActiveRunsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('loupe.activeRuns', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: WorkspaceStore) {
    this.item.name = 'Loupe: active runs';
    this.item.command = COMMANDS.openRuns;
    this.subscription = store.onDidChange(() => this.update());
  }

  update(): void {
    const running = this.store.get().listRuns({ filter: "status = 'running'", limit: 0 }).total;
    if (running === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(sync~spin) ${running} run${running === 1 ? '' : 's'}`;
    this.item.tooltip = `Loupe: ${running} run${running === 1 ? ' is' : 's are'} logging. Click to open the runs table.`;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
