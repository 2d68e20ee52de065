import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Enough of stderr to explain a crash without flooding a terminal with a long traceback. */
const STDERR_KEEP = 8_000;

/**
 * Runs `command` through the shell with `input` on stdin. The child leads its own process group so
 * a timeout can kill the shell AND whatever it started (python, a pipeline): killing only the shell
 * would leave the real model running and holding the pipes open.
 */
export function runShell(command: string, input: string, options: { cwd?: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const windows = process.platform === 'win32';
    const child = spawn(windows ? 'cmd.exe' : '/bin/sh', windows ? ['/d', '/s', '/c', command] : ['-c', command], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: !windows,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      if (err.length < STDERR_KEEP * 2) err += d.toString('utf8');
    });
    // A model that exits without reading all of stdin makes our write fail with EPIPE; its exit code
    // and stderr say more than EPIPE does, so the write error itself is ignored.
    child.stdin.on('error', () => undefined);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, () => child.kill('SIGKILL'));
    }, options.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: tail(err), timedOut });
    });
    child.stdin.end(input);
  });
}

function killGroup(pid: number | undefined, fallback: () => void): void {
  if (pid === undefined || process.platform === 'win32') return fallback();
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    fallback();
  }
}

function tail(text: string): string {
  const t = text.trim();
  return t.length > STDERR_KEEP ? '…' + t.slice(-STDERR_KEEP) : t;
}
