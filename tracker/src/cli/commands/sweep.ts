import * as path from 'node:path';
import { LoupeError } from '../../errors';
import { parseOverrides } from '../../training/configLoad';
import { onParentSignals } from '../../training/processTree';
import { runSweep } from '../../training/sweep';
import type { CliCommand } from '../command';
import { formatNumber } from '../format';
import { readBackend, resolveWorkspace } from './train';

function positiveInt(v: unknown, flag: string, min = 1): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new LoupeError('INVALID_ARGUMENT', `${flag} takes a whole number of at least ${min}, not "${v}".`);
  return n;
}

export const sweepCommand: CliCommand = {
  name: 'sweep',
  summary: 'Random-search hyperparameters: one child run per trial, trained in parallel worker processes.',
  usage: 'loupe sweep CONFIG [--trials N] [--parallel P] [--seed S] [--set FIELD=VALUE]... [--backend node|wasm|cpu] [--workspace DIR]',
  details: [
    'The search space lives in the config:',
    '  sweep:',
    '    metric: val_accuracy        # default: val_accuracy (classification) / val_rmse (regression)',
    '    space:',
    '      training.learningRate: {logUniform: [0.0001, 0.1]}',
    '      model.layers.0.units: {int: [8, 64]}',
    "      training.optimizer: {choice: ['adam', 'sgd']}",
    '      model.layers.0.dropout: {uniform: [0, 0.5]}',
    'The same --seed draws the same trials. --parallel defaults to the number of CPU cores minus one.',
  ].join('\n'),
  options: {
    trials: { type: 'string', short: 'n' },
    parallel: { type: 'string', short: 'p' },
    seed: { type: 'string' },
    set: { type: 'string', short: 's', multiple: true },
    backend: { type: 'string' },
    workspace: { type: 'string', short: 'w' },
  },
  allowPositionals: true,
  run: async ({ values, positionals }, io) => {
    if (positionals.length !== 1) throw new LoupeError('INVALID_ARGUMENT', `Name exactly one config file.\nUsage: ${sweepCommand.usage}`);
    const { workspace, loupeDir } = resolveWorkspace(values, io);
    const stop = new AbortController();
    const release = onParentSignals(() => {
      io.err('stopping the sweep…');
      stop.abort();
    });
    try {
      const result = await runSweep(path.resolve(io.cwd, positionals[0]), {
        workspace, loupeDir,
        trials: positiveInt(values.trials, '--trials'),
        parallel: positiveInt(values.parallel, '--parallel'),
        seed: positiveInt(values.seed, '--seed', 0),
        overrides: parseOverrides((values.set as string[] | undefined) ?? []),
        backend: readBackend(values.backend),
        env: io.env,
        signal: stop.signal,
        onTrial: (t) => {
          const params = Object.entries(t.params).map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : String(v)}`).join(' ');
          const value = t.value === null ? '' : ` ${formatNumber(t.value)}`;
          io.out(`trial ${t.index} ${t.status}${value}  ${params}${t.error ? `\n  ${t.error.split('\n')[0]}` : ''}`);
        },
      });
      const { best, settings } = result;
      io.out(`sweep ${result.runId.slice(0, 8)} ${result.status}: ${result.trials.filter((t) => t.status === 'finished').length}/${settings.trials} trials finished (seed ${settings.seed})`);
      if (best) io.out(`best: trial ${best.index} (${best.runId?.slice(0, 8)}) ${settings.metric} ${formatNumber(best.value!)}`);
      io.out(result.runId);
      return result.status === 'finished' ? 0 : 1;
    } finally {
      release();
    }
  },
};
