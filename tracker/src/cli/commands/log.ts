import * as os from 'node:os';
import { LoupeError } from '../../errors';
import { isRunStatus } from '../../store/types';
import type { CliCommand } from '../command';
import { withStore } from '../storeAccess';

function pairs(list: unknown, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of (list as string[] | undefined) ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new LoupeError('INVALID_ARGUMENT', `--${what} takes KEY=VALUE, got "${item}".`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

function metricValue(key: string, text: string): number {
  const v = /^[+-]?(nan|inf|infinity)$/i.test(text) ? Number(text.replace(/^([+-]?)inf$/i, '$1Infinity').replace(/^[+-]?nan$/i, 'NaN')) : Number(text);
  if (text.trim() === '' || (Number.isNaN(v) && !/nan/i.test(text))) throw new LoupeError('INVALID_ARGUMENT', `The metric "${key}" got "${text}", which is not a number.`);
  return v;
}

export const logCommand: CliCommand = {
  name: 'log',
  summary: 'Log from shell scripts: start a run (prints its id), log metrics/params/tags to it, end it.',
  usage: 'loupe log start [--experiment E] [--name N] [--param K=V]... [--tag K=V]...\n       loupe log RUN [--metric K=V]... [--step N] [--param K=V]... [--tag K=V]... [--end STATUS]',
  details: 'Example:\n  RUN=$(loupe log start --experiment nightly --param lr=0.01)\n  loupe log "$RUN" --metric loss=0.42 --step 1\n  loupe log "$RUN" --end finished',
  options: {
    experiment: { type: 'string', short: 'e', default: 'Default' },
    name: { type: 'string' },
    param: { type: 'string', short: 'p', multiple: true },
    tag: { type: 'string', short: 't', multiple: true },
    metric: { type: 'string', short: 'm', multiple: true },
    step: { type: 'string' },
    end: { type: 'string' },
  },
  allowPositionals: true,
  run: ({ values, positionals }, io) =>
    withStore(io, (store) => {
      const [target] = positionals;
      if (!target) {
        io.err('loupe log: say `start` or name a run. See `loupe log --help`.');
        return 2;
      }
      if (target === 'start') {
        const run = store.createRun({
          experiment: String(values.experiment), name: values.name as string | undefined,
          params: pairs(values.param, 'param'), tags: pairs(values.tag, 'tag'),
          host: os.hostname(), sourceCommand: 'loupe log',
        });
        io.out(run.id);
        return 0;
      }
      const run = store.resolveRun(target);
      const params = pairs(values.param, 'param');
      const tags = pairs(values.tag, 'tag');
      if (Object.keys(params).length) store.logParams(run.id, params);
      if (Object.keys(tags).length) store.setTags(run.id, tags);
      const metrics = pairs(values.metric, 'metric');
      if (Object.keys(metrics).length) {
        const step = values.step === undefined ? undefined : Number(values.step);
        if (step !== undefined && !Number.isFinite(step)) throw new LoupeError('INVALID_ARGUMENT', `--step must be a number, got "${values.step}".`);
        const now = Date.now();
        store.appendMetrics(Object.entries(metrics).map(([key, text]) => ({
          runId: run.id, key, values: [metricValue(key, text)], timestamps: [now],
          steps: [step ?? (run.metrics[key] ? run.metrics[key].lastStep + 1 : 0)],
        })));
      }
      store.heartbeat(run.id);
      if (values.end !== undefined) {
        if (!isRunStatus(values.end) || values.end === 'running' || values.end === 'queued') {
          throw new LoupeError('INVALID_ARGUMENT', `--end takes finished, failed or killed, not "${values.end}".`);
        }
        store.updateRun(run.id, { status: values.end });
      }
      return 0;
    }),
};
