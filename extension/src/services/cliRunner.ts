import * as path from 'node:path';
import * as vscode from 'vscode';
import { spawnTrackerProcess, stopProcessTree } from './cliProcess';
import { log } from './log';
import type { WorkspaceStore } from './workspaceStore';

/**
 * Runs `loupe ARGS --format json` in a child process with a cancellable progress notification and
 * returns its parsed output; undefined when the user cancelled. The CLI's error sentence becomes the error.
 */
export function runCli<T>(context: vscode.ExtensionContext, store: WorkspaceStore, title: string, args: string[], options: { okExitCodes?: number[]; text?: boolean } = {}): Promise<T | undefined> {
  const ok = options.okExitCodes ?? [0];
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Loupe: ${title}…`, cancellable: true }, (_progress, token) =>
    new Promise<T | undefined>((resolve, reject) => {
      const child = spawnTrackerProcess(context.extensionUri, 'cli.js', args, { cwd: path.dirname(store.loupeDir), env: { LOUPE_DIR: store.loupeDir } });
      let out = '';
      let err = '';
      child.stdout?.on('data', (d) => (out += d));
      child.stderr?.on('data', (d) => (err += d));
      const cancel = token.onCancellationRequested(() => {
        stopProcessTree(child);
        resolve(undefined);
      });
      child.on('exit', (code) => {
        cancel.dispose();
        log().info(`loupe ${args.join(' ')} → exit ${code}${err ? `\n${err}` : ''}`);
        if (token.isCancellationRequested) return;
        if (code === null || !ok.includes(code)) return reject(new Error(err.trim().replace(/^loupe [a-z]+: /, '') || `loupe ${args[0]} exited with ${code}`));
        if (options.text) return resolve(out as T);
        try {
          resolve(out.trim() ? (JSON.parse(out) as T) : (undefined as T));
        } catch {
          resolve(undefined);
        }
      });
    })));
}
