import * as vscode from 'vscode';
import { OUTPUT_CHANNEL, COMMANDS } from '../constants';

let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  return channel;
}

/** Shows a user-facing sentence with a "Show Log" action; the stack goes to the log only. */
export async function showError(context: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  log().error(`${context}: ${error instanceof Error ? (error.stack ?? message) : message}`);
  const choice = await vscode.window.showErrorMessage(`Loupe: ${message}`, 'Show Log');
  if (choice === 'Show Log') void vscode.commands.executeCommand(COMMANDS.showLog);
}
