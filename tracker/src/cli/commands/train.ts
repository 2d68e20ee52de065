import * as path from 'node:path';
import { LoupeError } from '../../errors';
import { isBackendName } from '../../training/backend';
import { parseOverrides } from '../../training/configLoad';
import type { TrainEvent } from '../../training/events';
import { launchTraining } from '../../training/launch';
import { onParentSignals } from '../../training/processTree';
import { findLoupeDir, workspaceOf } from '../../workspace';
import type { CliCommand, CliIo } from '../command';
import { formatNumber } from '../format';

/** `loss 0.31  val_acc 0.93`, a few significant digits each. */
export function formatMetrics(metrics: Record<string, number | null>): string {
  return Object.entries(metrics).map(([k, v]) => `${k} ${v === null ? 'NaN' : formatNumber(v)}`).join('  ');
}

/** The workspace (data paths resolve inside it): --workspace, else the one holding the nearest .loupe. */
export function resolveWorkspace(values: Record<string, unknown>, io: CliIo): { workspace: string; loupeDir: string } {
  if (typeof values.workspace === 'string') {
    const workspace = path.resolve(io.cwd, values.workspace);
    return { workspace, loupeDir: path.join(workspace, '.loupe') };
  }
  const loupeDir = findLoupeDir(io.cwd, io.env);
  return { workspace: workspaceOf(loupeDir), loupeDir };
}

export function readBackend(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isBackendName(value)) throw new LoupeError('INVALID_ARGUMENT', `--backend takes node, wasm or cpu, not "${value}".`);
  return value;
}

/** Prints every epoch of short trainings and about 20 lines for long ones. */
export function epochPrinter(io: CliIo, prefix = ''): (e: TrainEvent) => void {
  return (e) => {
    if (e.type === 'started') io.out(`${prefix}run ${e.name} (${e.runId.slice(0, 8)}) started${e.parentRunId ? ` under ${e.parentRunId.slice(0, 8)}` : ''}`);
    if (e.type === 'epoch') {
      const every = Math.max(1, Math.ceil(e.epochs / 20));
      if (e.epoch % every === 0 || e.epoch === e.epochs || e.epoch === 1) io.out(`${prefix}  epoch ${e.epoch}/${e.epochs}  ${formatMetrics(e.metrics)}`);
    }
    if (e.type === 'run-end') io.out(`${prefix}run ${e.runId.slice(0, 8)} ${e.status}${Object.keys(e.metrics).length ? `: ${formatMetrics(e.metrics)}` : ''}`);
  };
}

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'Train a model from a JSON/YAML config in a worker process, log it as a run and register it.',
  usage: 'loupe train CONFIG [--set FIELD=VALUE]... [--cv K] [--backend node|wasm|cpu] [--no-register] [--model NAME] [--workspace DIR]',
  details: [
    'Examples:',
    '  loupe train train/penguins-mlp.yaml',
    '  loupe train train/penguins-mlp.yaml --set training.learningRate=0.003 --set model.layers.0.units=64',
    '  loupe train train/penguins-mlp.yaml --cv 5          (5-fold cross-validation: a parent run and one child run per fold)',
    'Ctrl-C stops training; the run is kept with status killed.',
  ].join('\n'),
  options: {
    set: { type: 'string', short: 's', multiple: true },
    cv: { type: 'string' },
    backend: { type: 'string' },
    'no-register': { type: 'boolean' },
    model: { type: 'string' },
    workspace: { type: 'string', short: 'w' },
  },
  allowPositionals: true,
  run: async ({ values, positionals }, io) => {
    if (positionals.length !== 1) throw new LoupeError('INVALID_ARGUMENT', `Name exactly one config file.\nUsage: ${trainCommand.usage}`);
    const cv = values.cv === undefined ? undefined : Number(values.cv);
    if (cv !== undefined && (!Number.isInteger(cv) || cv < 2)) throw new LoupeError('INVALID_ARGUMENT', `--cv takes a number of folds of 2 or more, not "${values.cv}".`);
    const { workspace, loupeDir } = resolveWorkspace(values, io);
    const stop = new AbortController();
    const release = onParentSignals(() => {
      io.err('stopping…');
      stop.abort();
    });
    try {
      const result = await launchTraining(path.resolve(io.cwd, positionals[0]), {
        workspace, loupeDir, cv,
        overrides: parseOverrides((values.set as string[] | undefined) ?? []),
        backend: readBackend(values.backend),
        register: !values['no-register'],
        modelName: values.model as string | undefined,
        env: io.env,
        signal: stop.signal,
        onEvent: epochPrinter(io),
        onOutput: (text, stream) => stream === 'stderr' && io.err(text.trimEnd()),
      });
      if (result.status !== 'finished') {
        io.err(`run ${result.runId.slice(0, 8)} ${result.status}`);
        return 1;
      }
      if (result.modelName && result.modelVersion !== null) io.out(`registered ${result.modelName}@${result.modelVersion}`);
      io.out(result.runId);
      return 0;
    } finally {
      release();
    }
  },
};
