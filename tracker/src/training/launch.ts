import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LoupeError, type LoupeErrorCode } from '../errors';
import { SqliteTrackerStore } from '../store/sqliteStore';
import type { RunStatus } from '../store/types';
import { decodeEvent, lineSplitter, type TrainEvent } from './events';
import { spawnTree, STOP_GRACE_MS } from './processTree';
import type { RunTrainingOptions } from './runTraining';

/** What the worker receives as its third argument (JSON): the serialisable part of RunTrainingOptions. */
export type WorkerOptions = Omit<RunTrainingOptions, 'workspace' | 'signal' | 'onEvent'>;

export interface LaunchOptions extends WorkerOptions {
  workspace: string;
  onEvent?: (e: TrainEvent) => void;
  /** Worker output that is not a progress event (warnings, stderr). */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
  /** Aborting stops the worker's process tree (SIGTERM, SIGKILL after `graceMs`); its runs end `killed`. */
  signal?: AbortSignal;
  graceMs?: number;
  env?: NodeJS.ProcessEnv;
  /** The worker command line before its arguments; default: see trainWorkerCommand(). */
  workerCommand?: string[];
}

export interface LaunchResult {
  runId: string;
  status: RunStatus;
  modelName: string | null;
  modelVersion: number | null;
  metrics: Record<string, number>;
}

const REPO_NODE_MODULES = path.resolve(__dirname, '../../../node_modules');

/**
 * The bundled worker (dist/workers/trainWorker.js, next to dist/cli.js and dist/extension.js), or
 * the TypeScript source through tsx when running from the repository (tests, `npm run loupe`).
 */
export function trainWorkerCommand(): string[] {
  for (const bundled of [path.join(__dirname, 'workers', 'trainWorker.js'), path.join(__dirname, 'trainWorker.js')]) {
    if (fs.existsSync(bundled)) return [process.execPath, bundled];
  }
  const source = path.resolve(__dirname, '../workers/trainWorker.ts');
  // Only reached from sources. tsx's loader by path, not `require.resolve('tsx')`, which bundlers would try to follow.
  const tsx = path.join(REPO_NODE_MODULES, 'tsx', 'dist', 'loader.mjs');
  if (fs.existsSync(source)) return [process.execPath, '--import', pathToFileURL(tsx).href, source];
  throw new LoupeError('NOT_FOUND', `The training worker is missing (looked for dist/workers/trainWorker.js near ${__dirname}); rebuild Loupe.`);
}

/**
 * Trains in a child process (a crash or an out-of-memory cannot take the editor or CLI down, and
 * stopping is a signal, not cooperation). Progress arrives as events; resolves with the top-level
 * run once the worker exits — also when it was stopped (status `killed`).
 */
export function launchTraining(configPath: string, options: LaunchOptions): Promise<LaunchResult> {
  const { workspace, onEvent, onOutput, signal, graceMs = STOP_GRACE_MS, env, workerCommand, ...workerOptions } = options;
  const [command, ...prefix] = workerCommand ?? trainWorkerCommand();
  const childEnv = { ...(env ?? process.env), ...(options.backend ? { LOUPE_TF_BACKEND: options.backend } : {}) };
  const tree = spawnTree(command, [...prefix, path.resolve(configPath), path.resolve(workspace), JSON.stringify(workerOptions)], { cwd: workspace, env: childEnv });
  let topRunId: string | undefined = options.runId;
  let done: Extract<TrainEvent, { type: 'done' }> | undefined;
  let failure: Extract<TrainEvent, { type: 'error' }> | undefined;
  let stderrTail = '';
  const stdout = lineSplitter((line) => {
    const event = decodeEvent(line);
    if (!event) return onOutput?.(line + '\n', 'stdout');
    if (event.type === 'started' && topRunId === undefined) topRunId = event.runId;
    if (event.type === 'done') done = event;
    if (event.type === 'error') failure = event;
    onEvent?.(event);
  });
  tree.child.stdout!.on('data', (d: Buffer) => stdout.push(d));
  tree.child.stderr!.on('data', (d: Buffer) => {
    stderrTail = (stderrTail + d.toString()).slice(-4000);
    onOutput?.(d.toString(), 'stderr');
  });
  const abort = () => tree.stop(graceMs);
  if (signal?.aborted) abort();
  signal?.addEventListener('abort', abort, { once: true });

  return tree.exited.then(({ code, signal: how }) => {
    stdout.end();
    signal?.removeEventListener('abort', abort);
    const loupeDir = options.loupeDir ?? path.join(workspace, '.loupe');
    if (done && code === 0) return { runId: done.runId, status: 'finished' as RunStatus, modelName: done.modelName, modelVersion: done.modelVersion, metrics: done.metrics };
    const status: RunStatus = tree.stopping ? 'killed' : 'failed';
    settleRuns(loupeDir, topRunId, status);
    if (tree.stopping && topRunId) return { runId: topRunId, status, modelName: null, modelVersion: null, metrics: {} };
    if (tree.stopping) throw Object.assign(new Error('Training was stopped before its run started.'), { name: 'AbortError' });
    const why = failure?.message ?? `The training worker ${how ? `was killed by ${how}` : `exited with code ${code}`}.${stderrTail.trim() ? `\n${stderrTail.trim()}` : ''}`;
    throw new LoupeError((failure?.code as LoupeErrorCode | undefined) ?? 'INVALID_ARGUMENT', why);
  });
}

/**
 * After the worker is gone: a run it left `running` (SIGKILL gave it no chance to end it) becomes
 * `killed` when we stopped it or `failed` when it crashed; its children are finalised as dead runs.
 */
function settleRuns(loupeDir: string, runId: string | undefined, status: RunStatus): void {
  if (!fs.existsSync(loupeDir)) return;
  const store = SqliteTrackerStore.open(loupeDir);
  try {
    if (runId) {
      const run = store.getRun(runId);
      if (run.status === 'running' || run.status === 'queued') store.updateRun(runId, { status });
    }
    store.finalizeDeadRuns();
  } finally {
    store.close();
  }
}
