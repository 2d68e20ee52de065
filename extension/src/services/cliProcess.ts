import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * Starts the bundled tracker CLI (dist/cli.js) or a worker in a child process, so heavy work never
 * runs on the extension host thread. In desktop VS Code process.execPath is Electron: ELECTRON_RUN_AS_NODE
 * makes it behave as Node (harmless where it already is Node, as in code-server).
 */
export function spawnTrackerProcess(
  extensionUri: vscode.Uri,
  script: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; detached?: boolean },
): ChildProcess {
  const entry = path.join(extensionUri.fsPath, 'dist', script);
  const spawnOptions: SpawnOptions = {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? true,
  };
  return spawn(process.execPath, [entry, ...args], spawnOptions);
}

/** Ends a child started detached, with its whole process group: TERM first, KILL if it lingers. */
export function stopProcessTree(child: ChildProcess, graceMs = 5000): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  child.once('exit', () => clearTimeout(timer));
}
