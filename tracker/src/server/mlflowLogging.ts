import type { MetricBlock } from '../store/types';
import { checkName } from '../store/validate';
import { keyValue, toNumber } from './args';
import { invalid } from './http';
import { RUN_NAME_TAG } from './mlflowFilter';
import { type ServerContext, decodePageToken, encodePageToken } from './mlflowModel';
import { type Handler, runIdOf } from './mlflowRuns';

/** MLflow's log-batch limits; clients split larger batches themselves. */
export const MAX_BATCH_METRICS = 1000;
export const MAX_BATCH_PARAMS = 100;
export const MAX_BATCH_TAGS = 100;
const MAX_HISTORY_PAGE = 25_000;

interface Point {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

interface Batch {
  metrics: Point[];
  params: Record<string, string>;
  tags: Record<string, string>;
  runName?: string;
}

function point(item: Record<string, unknown>, i: number, now: number, checked?: Set<unknown>): Point {
  // A batch repeats a few keys many times; each is checked once.
  if (!checked?.has(item.key)) {
    checkName('metric', item.key);
    checked?.add(item.key);
  }
  const key = item.key as string;
  if (item.value === undefined || item.value === null) throw invalid(`Missing value for required parameter 'value' of metric ${i} ('${key}').`);
  const value = toNumber(item.value, `the value of metric '${key}'`);
  const timestamp = item.timestamp === undefined || item.timestamp === null ? now : toNumber(item.timestamp, `the timestamp of metric '${key}'`);
  const step = item.step === undefined || item.step === null ? 0 : toNumber(item.step, `the step of metric '${key}'`);
  if (!Number.isFinite(timestamp) || !Number.isFinite(step)) throw invalid(`The timestamp and step of metric '${key}' must be finite numbers.`);
  return { key, value, timestamp, step };
}

/** Same-key points become one block each, in the order sent, so one append covers the batch. */
function blocksOf(runId: string, points: Point[]): MetricBlock[] {
  const byKey = new Map<string, { steps: number[]; values: number[]; timestamps: number[] }>();
  for (const p of points) {
    let b = byKey.get(p.key);
    if (!b) byKey.set(p.key, (b = { steps: [], values: [], timestamps: [] }));
    b.steps.push(p.step);
    b.values.push(p.value);
    b.timestamps.push(p.timestamp);
  }
  return [...byKey].map(([key, b]) => ({ runId, key, ...b }));
}

/**
 * Writes everything in ONE immediate transaction: the store's own transactions nest as savepoints,
 * so an invalid item anywhere, or the process dying midway, leaves none of the batch behind.
 */
function writeBatch(ctx: ServerContext, runId: string, batch: Batch): void {
  const { store } = ctx;
  store.db
    .transaction(() => {
      if (store.getRun(runId).lifecycle !== 'active') throw invalid(`The run ${runId} is deleted; restore it before logging to it.`);
      if (Object.keys(batch.params).length) store.logParams(runId, batch.params);
      if (Object.keys(batch.tags).length) store.setTags(runId, batch.tags);
      if (batch.runName !== undefined) store.updateRun(runId, { name: batch.runName });
      store.appendMetrics(blocksOf(runId, batch.metrics));
      store.heartbeat(runId);
    })
    .immediate();
}

function tagInto(batch: Batch, key: string, value: string): void {
  checkName('tag', key);
  if (key === RUN_NAME_TAG) batch.runName = value;
  else batch.tags[key] = value;
}

const logBatch: Handler = (ctx, args) => {
  const runId = runIdOf(args);
  const metrics = args.objects('metrics');
  const params = args.objects('params');
  const tags = args.objects('tags');
  if (metrics.length > MAX_BATCH_METRICS) throw invalid(`A batch logged ${metrics.length} metrics; the limit is ${MAX_BATCH_METRICS}.`);
  if (params.length > MAX_BATCH_PARAMS) throw invalid(`A batch logged ${params.length} params; the limit is ${MAX_BATCH_PARAMS}.`);
  if (tags.length > MAX_BATCH_TAGS) throw invalid(`A batch logged ${tags.length} tags; the limit is ${MAX_BATCH_TAGS}.`);
  const now = Date.now();
  const checked = new Set<unknown>();
  const batch: Batch = { metrics: metrics.map((m, i) => point(m, i, now, checked)), params: {}, tags: {} };
  for (const item of params) {
    const { key, value } = keyValue(item, 'param');
    checkName('param', key);
    if (Object.hasOwn(batch.params, key) && batch.params[key] !== value) throw invalid(`Duplicate parameter key '${key}' with different values in one batch.`);
    batch.params[key] = value;
  }
  for (const item of tags) {
    const { key, value } = keyValue(item, 'tag');
    tagInto(batch, key, value);
  }
  writeBatch(ctx, runId, batch);
  return {};
};

const logMetric: Handler = (ctx, args) => {
  const runId = runIdOf(args);
  const p = point({ key: args.str('key'), value: args.raw('value'), timestamp: args.raw('timestamp'), step: args.raw('step') }, 0, Date.now());
  writeBatch(ctx, runId, { metrics: [p], params: {}, tags: {} });
  return {};
};

const logParam: Handler = (ctx, args) => {
  const { key, value } = keyValue({ key: args.str('key'), value: args.raw('value') }, 'param');
  writeBatch(ctx, runIdOf(args), { metrics: [], params: { [checkName('param', key)]: value }, tags: {} });
  return {};
};

const setTag: Handler = (ctx, args) => {
  const { key, value } = keyValue({ key: args.str('key'), value: args.raw('value') }, 'tag');
  const batch: Batch = { metrics: [], params: {}, tags: {} };
  tagInto(batch, key, value);
  writeBatch(ctx, runIdOf(args), batch);
  return {};
};

const deleteTag: Handler = (ctx, args) => {
  const runId = runIdOf(args);
  const key = args.str('key');
  if (key === RUN_NAME_TAG) throw invalid(`The tag '${RUN_NAME_TAG}' holds the run name and cannot be deleted; rename the run instead.`);
  ctx.store.deleteTag(runId, key);
  return {};
};

const getHistory: Handler = (ctx, args) => {
  const runId = runIdOf(args);
  const key = args.str('metric_key');
  const max = args.optInt('max_results', 1, MAX_HISTORY_PAGE) ?? MAX_HISTORY_PAGE;
  const offset = decodePageToken(args.optStr('page_token'));
  ctx.store.getRun(runId);
  const s = ctx.store.getMetricHistory(runId, key);
  const end = Math.min(s.values.length, offset + max);
  const metrics: Point[] = [];
  for (let i = offset; i < end; i++) metrics.push({ key, value: s.values[i], timestamp: s.timestamps[i], step: s.steps[i] });
  return end < s.values.length ? { metrics, next_page_token: encodePageToken(end) } : { metrics };
};

export const LOGGING_HANDLERS: Record<string, Handler> = {
  'runs/log-batch': logBatch,
  'runs/log-metric': logMetric,
  'runs/log-parameter': logParam,
  'runs/set-tag': setTag,
  'runs/delete-tag': deleteTag,
  'metrics/get-history': getHistory,
};
