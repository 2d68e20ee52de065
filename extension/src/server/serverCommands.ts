import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { showError } from '../services/log';
import { requireTrust } from '../services/trust';
import type { ServerManager } from './serverManager';

/** Start/stop the tracking server, and copy its variables for a notebook kernel or a shell. */
export function registerServerCommands(context: vscode.ExtensionContext, server: ServerManager): void {
  const register = (id: string, fn: () => Promise<unknown>) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, async () => {
      try {
        return await fn();
      } catch (e) {
        void showError(`${id} failed`, e);
      }
    }));

  register(COMMANDS.startServer, async () => {
    if (!requireTrust('The tracking server')) return undefined;
    const info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Loupe: starting the tracking server…' }, () => server.ensureStarted());
    void vscode.window.showInformationMessage(`Loupe: tracking server at ${info.url}. New terminals get MLFLOW_TRACKING_URI and LOUPE_TRACKING_URI.`);
    return info.url;
  });

  register(COMMANDS.stopServer, async () => {
    server.stop();
  });

  register(COMMANDS.copyTrackingEnv, async () => {
    if (!requireTrust('The tracking server')) return;
    const info = await server.ensureStarted();
    const style = await vscode.window.showQuickPick(
      [{ label: 'Python (notebook cell)', value: 'python' as const }, { label: 'Shell (export lines)', value: 'shell' as const }],
      { placeHolder: 'Copy the tracking variables as…' },
    );
    if (!style) return;
    await vscode.env.clipboard.writeText(server.environmentLines(info, style.value));
    void vscode.window.showInformationMessage('Loupe: tracking variables copied. Paste them into a notebook cell or a shell.');
  });
}
