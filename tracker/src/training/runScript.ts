import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LoupeError } from '../errors';
import { Tracker } from '../sdk/tracker';
import type { RunStatus } from '../store/types';
import { findLoupeDir } from '../workspace';
import { startOrAdoptRun } from './adoptRun';
import { spawnTree, STOP_GRACE_MS } from './processTree';

export interface RunScriptOptions {
  /** Default: found from `cwd` like git finds a repository. */
  loupeDir?: string;
  cwd?: string;
  experiment?: string;
  name?: string;
  parentRunId?: string | null;
  tags?: Record<string, string>;
  /** Start this `queued` run instead of creating one. */
  runId?: string;
  /** Turn `--key value` / `--key=value` arguments into run params. */
  parseArgs?: boolean;
  trackingUri?: string;
  token?: string;
  env?: NodeJS.ProcessEnv;
  /** Stops the command's whole process tree; the run ends `killed`. */
  signal?: AbortSignal;
  graceMs?: number;
  /** Where live output goes; default: this process's stdout/stderr. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
}

export interface ScriptResult {
  runId: string;
  status: RunStatus;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** `--lr 0.1 --epochs=5 --verbose` → { lr: '0.1', epochs: '5', verbose: 'true' }; positional words are ignored. */
export function parseScriptArgs(args: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--([^=\s][^=]*)(?:=(.*))?$/s.exec(args[i]);
    if (!m) continue;
    if (m[2] !== undefined) params[m[1]] = m[2];
    else if (i + 1 < args.length && !args[i + 1].startsWith('--')) params[m[1]] = args[++i];
    else params[m[1]] = 'true';
  }
  return params;
}

/** A command line as a shell would need it typed, for `source_command`. */
export function shellJoin(command: readonly string[]): string {
  return command.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * Runs any command as a run: it sees LOUPE_RUN_ID / LOUPE_DIR (so a Loupe client inside logs to the
 * same run), its stdout and stderr stream live and are saved as the artifact `output.log`, and its
 * exit decides the status: 0 finished, non-zero failed, a signal (or a stop) killed.
 */
export async function runScript(command: readonly string[], options: RunScriptOptions = {}): Promise<ScriptResult> {
  if (command.length === 0 || !command[0]) throw new LoupeError('INVALID_ARGUMENT', 'Name a command to run, e.g. loupe run -- python train.py --lr 0.01');
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const loupeDir = options.loupeDir ?? findLoupeDir(cwd);
  const tracker = Tracker.open({ dir: loupeDir });
  const run = await startOrAdoptRun(tracker, options.runId, {
    experiment: options.experiment ?? 'scripts',
    name: options.name,
    parentRunId: options.parentRunId ?? null,
    sourceCommand: shellJoin(command),
    params: options.parseArgs ? parseScriptArgs(command.slice(1)) : undefined,
    tags: { 'loupe.kind': 'script', ...options.tags },
  });
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-run-')), 'output.log');
  const log = fs.createWriteStream(logFile);
  const show = options.onOutput ?? ((text, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(text));
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    LOUPE_RUN_ID: run.id,
    LOUPE_DIR: loupeDir,
    ...(options.trackingUri ? { LOUPE_TRACKING_URI: options.trackingUri } : {}),
    ...(options.token ? { LOUPE_TRACKING_TOKEN: options.token } : {}),
  };
  let status: RunStatus = 'failed';
  let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
  try {
    const tree = spawnTree(command[0], command.slice(1), { cwd, env });
    const abort = () => tree.stop(options.graceMs ?? STOP_GRACE_MS);
    options.signal?.addEventListener('abort', abort, { once: true });
    if (options.signal?.aborted) abort();
    for (const stream of ['stdout', 'stderr'] as const) {
      tree.child[stream]!.on('data', (d: Buffer) => {
        log.write(d);
        show(d.toString(), stream);
      });
    }
    try {
      exit = await tree.exited;
    } catch (cause) {
      const message = `Cannot start ${JSON.stringify(command[0])}: ${(cause as Error).message}`;
      log.write(message + '\n');
      throw new LoupeError('NOT_FOUND', message, { cause });
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
    status = tree.stopping || exit.signal ? 'killed' : exit.code === 0 ? 'finished' : 'failed';
    // Through the store, not the run: a Ctrl-C may already have ended the run (the SDK's signal hook).
    tracker.store.setTags(run.id, { 'loupe.exit_code': exit.code ?? '', ...(exit.signal ? { 'loupe.exit_signal': exit.signal } : {}) });
    return { runId: run.id, status, exitCode: exit.code, signal: exit.signal };
  } finally {
    await new Promise<void>((resolve) => log.end(resolve));
    try {
      // A Ctrl-C may have ended the run already (the SDK's signal hook); the output is kept regardless.
      if (!run.isEnded) await run.logArtifact(logFile, 'output.log');
      else {
        const stored = await tracker.objects.putFile(logFile);
        tracker.store.recordArtifact({ runId: run.id, path: 'output.log', hash: stored.hash, size: stored.size, createdAt: Date.now() });
      }
    } finally {
      fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
      if (!run.isEnded) run.end(status);
      tracker.close();
    }
  }
}
