import { spawn, type ChildProcess } from 'node:child_process';

/** How long a stopped process tree gets to end cleanly (flush, mark its run killed) before SIGKILL. */
export const STOP_GRACE_MS = 5000;

export interface ProcessTree {
  child: ChildProcess;
  pid: number;
  /** Resolves once the leader has exited and its stdio has closed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True once `stop()` was called. */
  readonly stopping: boolean;
  /** SIGTERM to the whole process group, then SIGKILL to what is left after `graceMs`. */
  stop(graceMs?: number): void;
}

const windows = process.platform === 'win32';

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(windows ? pid : -pid, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group.
  }
}

/**
 * Spawns `command` as the leader of a new process group, so stopping it also stops whatever it
 * started (a shell's python, a worker's helpers): killing only the leader would leave those running.
 */
export function spawnTree(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: 'ignore' | 'inherit' } = {}): ProcessTree {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: !windows,
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  let stopping = false;
  let killTimer: NodeJS.Timeout | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', (e) => {
      clearTimeout(killTimer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      // The leader is gone; if its group is empty too, nothing is left for SIGKILL to do. Otherwise
      // the escalation still happens, but no longer holds this process open (a never-reaped zombie
      // in a container counts as a member, and must not delay a CLI's exit by the grace period).
      if (killTimer && child.pid !== undefined && !signalGroup(child.pid, 0)) clearTimeout(killTimer);
      killTimer?.unref();
      resolve({ code, signal });
    });
  });
  return {
    child,
    pid: child.pid ?? -1,
    exited,
    get stopping() {
      return stopping;
    },
    stop(graceMs = STOP_GRACE_MS) {
      if (stopping || child.pid === undefined) return;
      stopping = true;
      if (!signalGroup(child.pid, 'SIGTERM')) return;
      killTimer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), graceMs);
    },
  };
}

/**
 * Children in their own process group do not get the terminal's Ctrl-C. While a CLI command waits
 * on them, SIGINT/SIGTERM/SIGHUP call `onSignal` (which stops them) instead of ending this process;
 * the returned function removes the listeners again.
 */
export function onParentSignals(onSignal: (signal: NodeJS.Signals) => void): () => void {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const handler = (signal: NodeJS.Signals) => onSignal(signal);
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.removeListener(s, handler);
  };
}
