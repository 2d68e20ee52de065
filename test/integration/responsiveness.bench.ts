import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { LoupeApi } from '../../extension/src/extension';
import { EXTENSION_ID, eventually } from './helpers';

/** Prints figures in the bench format; run through bench/responsiveness.bench.ts. */
function report(name: string, value: number, unit: string, target: number): void {
  console.log(`bench ${name}: ${value.toFixed(1)} ${unit} (target <= ${target}) ${value <= target ? 'ok' : 'short'}`);
}

describe('responsiveness of the extension host', () => {
  it('measures activation and the longest block of the host thread during a session', async () => {
    const ext = vscode.extensions.getExtension<LoupeApi>(EXTENSION_ID)!;
    const t0 = performance.now();
    const api = await ext.activate();
    report('activation_first_use', performance.now() - t0, 'ms', 100);
    report('activate_function', api.activationMs, 'ms', 100);

    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    // What a user does first: look at runs while a script logs more, open the table, compare.
    api.experimentsTree!.getChildren();
    const cli = path.resolve(__dirname, '../../dist/cli.js');
    // Asynchronously: the bench must measure Loupe's blocking, not its own.
    await promisify(execFile)(process.execPath, [cli, 'demo', '--workspace', workspace]);
    await vscode.commands.executeCommand('loupe.openRuns');
    await new Promise((r) => setTimeout(r, 1500));
    report('exthost_longest_block_open_and_log', delay.max / 1e6, 'ms', 50);
    const runs = await eventually(() => {
      const exp = api.experimentsTree!.getChildren().find((n) => n.kind === 'experiment');
      const children = exp ? api.experimentsTree!.getChildren(exp) : [];
      return children.length >= 2 ? children : undefined;
    }, 'demo runs');
    await vscode.commands.executeCommand('loupe.compareRuns', runs.flatMap((n) => (n.kind === 'run' ? [n.run.id] : [])));
    await new Promise((r) => setTimeout(r, 2000));
    delay.disable();
    report('exthost_longest_block', delay.max / 1e6, 'ms', 50);
  });
});
