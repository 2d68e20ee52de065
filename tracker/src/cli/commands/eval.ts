import { trainingRowHashes } from '../../evaluation/trainingRows';
import type { TrainingRowsByModel } from '../../evaluation/checks';
import { LoupeError } from '../../errors';
import { runEvaluation } from '../../evaluation/evaluate';
import { adapterFromRef, loadEvaluationData } from '../../evaluation/refs';
import { reportText } from '../../evaluation/reportText';
import type { ModelAdapter, Task } from '../../evaluation/types';
import { findLoupeDir } from '../../workspace';
import type { CliCommand } from '../command';

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'Shadow-evaluate a challenger model against the champion on held-out data and gate its promotion.',
  usage: 'loupe eval --champion REF --challenger REF --data FILE.csv|DATASET@VERSION --label COL [--task classification|regression] [--policy JSON] [--seed N] [--format text|json]',
  details: [
    'REF is cmd:<shell command> (reads rows as CSV on stdin, prints one prediction per row) or MODEL@VERSION / MODEL@ALIAS.',
    'Policy fields: primaryMetric, mode (superiority|non-inferiority), minImprovement, nonInferiorityMargin, alpha,',
    '  maxLatencyRatio, maxSliceRegression, minSliceSize.',
    'Exit code: 0 when the verdict is promote, 1 when it is reject.',
    'Example:',
    "  loupe eval --champion 'cmd:python3 rule.py' --challenger 'cmd:python3 better.py' --data data/penguins.csv --label Species",
  ].join('\n'),
  options: {
    champion: { type: 'string' },
    challenger: { type: 'string' },
    data: { type: 'string' },
    label: { type: 'string' },
    task: { type: 'string' },
    policy: { type: 'string' },
    seed: { type: 'string' },
    format: { type: 'string', default: 'text' },
    'batch-size': { type: 'string' },
    timeout: { type: 'string' },
    input: { type: 'string' },
  },
  run: async ({ values }, io) => {
    for (const required of ['champion', 'challenger', 'data', 'label']) {
      if (typeof values[required] !== 'string' || !values[required]) throw new LoupeError('INVALID_ARGUMENT', `--${required} is required.\nUsage: ${evalCommand.usage}`);
    }
    const task = values.task as string | undefined;
    if (task !== undefined && task !== 'classification' && task !== 'regression') throw new LoupeError('INVALID_ARGUMENT', '--task must be classification or regression.');
    const input = values.input as string | undefined;
    if (input !== undefined && input !== 'csv' && input !== 'jsonl') throw new LoupeError('INVALID_ARGUMENT', '--input must be csv or jsonl.');
    const loupeDir = findLoupeDir(io.cwd, io.env);
    const { dataset, ref } = await loadEvaluationData(String(values.data), { cwd: io.cwd, loupeDir });
    const timeout = optionalNumber(values.timeout, '--timeout');
    const adapterOptions = { loupeDir, input: input as 'csv' | 'jsonl' | undefined, timeoutMs: timeout === undefined ? undefined : timeout * 1000 };
    const adapters: ModelAdapter[] = [];
    try {
      const champion = await adapterFromRef(String(values.champion), adapterOptions);
      adapters.push(champion);
      const challenger = await adapterFromRef(String(values.challenger), adapterOptions);
      adapters.push(challenger);
      const { report, reportHash } = await runEvaluation({
        loupeDir, champion, challenger, rows: dataset.rows, columns: dataset.columns, labelColumn: String(values.label), dataset: ref,
        task: task as Task | undefined, policy: parsePolicy(values.policy as string | undefined), seed: optionalNumber(values.seed, '--seed'),
        batchSize: optionalNumber(values['batch-size'], '--batch-size'),
        trainingRowHashes: leakageSources(loupeDir, String(values.champion), String(values.challenger), dataset.columns),
      });
      if (values.format === 'json') io.out(JSON.stringify({ ...report, reportHash }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2));
      else io.out(reportText(report, reportHash));
      return report.verdict === 'promote' ? 0 : 1;
    } finally {
      for (const a of adapters) await a.close?.();
    }
  },
};

/** Training rows of each registered model, when its package says where they came from. */
function leakageSources(loupeDir: string, champion: string, challenger: string, columns: string[]): TrainingRowsByModel | undefined {
  const byModel: TrainingRowsByModel = { champion: trainingRowHashes(loupeDir, champion, columns), challenger: trainingRowHashes(loupeDir, challenger, columns) };
  return byModel.champion || byModel.challenger ? byModel : undefined;
}

function parsePolicy(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new LoupeError('INVALID_ARGUMENT', `--policy is not valid JSON: ${(e as Error).message}`);
  }
}

function optionalNumber(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new LoupeError('INVALID_ARGUMENT', `${flag} must be a number, got "${String(v)}".`);
  return n;
}
