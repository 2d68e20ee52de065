import * as path from 'node:path';
import { Tracker } from '../sdk/tracker';
import type { RunStatus } from '../store/types';
import { applyOverrides, flattenConfig, readRawConfig } from './configLoad';
import { validateConfig } from './configValidate';
import type { TrainEvent } from './events';
import { launchTraining, type LaunchOptions } from './launch';
import { prepareTraining } from './runTraining';
import { readSweepSettings, sampleTrials, type SweepSettings } from './sweepSpace';

export interface SweepOptions extends Pick<LaunchOptions, 'workspace' | 'loupeDir' | 'backend' | 'env' | 'workerCommand' | 'graceMs' | 'onOutput'> {
  overrides?: Record<string, unknown>;
  trials?: number;
  parallel?: number;
  seed?: number;
  signal?: AbortSignal;
  onEvent?: (e: TrainEvent, trial: number) => void;
  onTrial?: (t: TrialResult) => void;
}

export interface TrialResult {
  /** 1-based. */
  index: number;
  params: Record<string, unknown>;
  runId: string | null;
  status: RunStatus;
  value: number | null;
  error?: string;
}

export interface SweepResult {
  runId: string;
  status: RunStatus;
  settings: SweepSettings;
  trials: TrialResult[];
  best: TrialResult | null;
}

/**
 * Random search: a sweep run (tag loupe.kind=sweep) with one child run per trial, trained by up to
 * `parallel` worker processes at once. Trial values are drawn from the seed before anything runs,
 * and every trial config is validated up front, so a bad search space fails before any training.
 */
export async function runSweep(configPath: string, options: SweepOptions): Promise<SweepResult> {
  const raw = applyOverrides(readRawConfig(configPath), options.overrides);
  const prepared = prepareTraining(raw, { workspace: options.workspace, loupeDir: options.loupeDir });
  const settings = readSweepSettings(raw.sweep, prepared.plan.task, options);
  const trials = sampleTrials(settings.space, settings.trials, settings.seed);
  trials.forEach((t) => validateConfig(applyOverrides(raw, t)));
  const name = prepared.config.name ?? path.basename(configPath, path.extname(configPath));
  const searched = new Set(Object.keys(settings.space));
  const baseParams = Object.fromEntries(Object.entries(flattenConfig(prepared.config)).filter(([k]) => !searched.has(k)));

  const tracker = Tracker.open({ dir: options.loupeDir ?? path.join(options.workspace, '.loupe') });
  const sweepRun = await tracker.startRun({
    experiment: prepared.config.experiment ?? name,
    name: `${name}-sweep`,
    params: {
      ...baseParams,
      'sweep.trials': settings.trials, 'sweep.parallel': settings.parallel, 'sweep.seed': settings.seed,
      'sweep.metric': settings.metric, 'sweep.goal': settings.goal, 'sweep.space': JSON.stringify(settings.space),
    },
    tags: { 'loupe.kind': 'sweep', 'loupe.task': prepared.plan.task, 'loupe.dataset': prepared.table.source.ref },
  });
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();

  const results: TrialResult[] = [];
  let best: TrialResult | null = null;
  const better = (a: number, b: number) => (settings.goal === 'maximize' ? a > b : a < b);
  const runTrial = async (i: number): Promise<void> => {
    const params = trials[i];
    const result: TrialResult = { index: i + 1, params, runId: null, status: 'failed', value: null };
    try {
      const r = await launchTraining(configPath, {
        workspace: options.workspace, loupeDir: options.loupeDir, backend: options.backend, env: options.env,
        workerCommand: options.workerCommand, graceMs: options.graceMs, onOutput: options.onOutput,
        overrides: { ...options.overrides, ...params },
        parentRunId: sweepRun.id, register: false, runName: `${sweepRun.name}-trial${i + 1}`,
        tags: { 'loupe.kind': 'trial', 'loupe.trial': String(i + 1) },
        signal: stop.signal,
        onEvent: (e) => options.onEvent?.(e, i + 1),
      });
      Object.assign(result, { runId: r.runId, status: r.status, value: r.metrics[settings.metric] ?? null });
    } catch (e) {
      result.error = (e as Error).message;
      result.status = stop.signal.aborted ? 'killed' : 'failed';
    }
    results.push(result);
    if (result.status === 'finished' && result.value !== null && Number.isFinite(result.value) && (!best || better(result.value, best.value!))) {
      best = result;
      // Through the store: Ctrl-C ends the sweep run (SDK signal hook) while trials may still report.
      tracker.store.setTags(sweepRun.id, { 'loupe.best_trial_id': result.runId, 'loupe.best_metric': settings.metric, 'loupe.best_value': result.value });
    }
    if (!sweepRun.isEnded) {
      sweepRun.log({ trials_done: results.length, ...(best ? { [`best_${settings.metric}`]: (best as TrialResult).value! } : {}) }, results.length);
    }
    options.onTrial?.(result);
  };

  let next = 0;
  const worker = async () => {
    while (next < trials.length && !stop.signal.aborted) await runTrial(next++);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(settings.parallel, trials.length) }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  const status: RunStatus = stop.signal.aborted ? 'killed' : results.some((r) => r.status === 'finished') ? 'finished' : 'failed';
  if (!sweepRun.isEnded) sweepRun.end(status);
  tracker.close();
  results.sort((a, b) => a.index - b.index);
  return { runId: sweepRun.id, status, settings, trials: results, best };
}
