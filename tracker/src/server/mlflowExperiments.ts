import type { Experiment } from '../store/types';
import { likeToGlob } from '../query/compile';
import { Args, keyValue } from './args';
import { invalid, notFound } from './http';
import { parseMlflowFilter } from './mlflowFilter';
import { type MlflowComparison, parseMlflowOrderBy } from './mlflowFilterParser';
import { type ServerContext, NOTE_TAG, decodePageToken, encodePageToken, experimentJson } from './mlflowModel';
import type { Handler } from './mlflowRuns';

const MAX_SEARCH_RESULTS = 50_000;

function experimentOf(ctx: ServerContext, args: Args): Experiment {
  return ctx.store.getExperiment(ctx.ids.fromMlflow(args.str('experiment_id')));
}

const create: Handler = (ctx, args) => {
  const note = args.objects('tags').map((t) => keyValue(t, 'tag')).find((t) => t.key === NOTE_TAG);
  return { experiment_id: ctx.ids.toMlflow(ctx.store.createExperiment(args.str('name'), note?.value).id) };
};

const get: Handler = (ctx, args) => ({ experiment: experimentJson(experimentOf(ctx, args), ctx.ids) });

const getByName: Handler = (ctx, args) => {
  const name = args.str('experiment_name');
  const e = ctx.store.getExperimentByName(name);
  if (!e) throw notFound(`Could not find experiment with name '${name}'.`);
  return { experiment: experimentJson(e, ctx.ids) };
};

const update: Handler = (ctx, args) => {
  const e = experimentOf(ctx, args);
  ctx.store.updateExperiment(e.id, { name: args.optStr('new_name') || undefined });
  return {};
};

const remove: Handler = (ctx, args) => {
  const e = experimentOf(ctx, args);
  // MLflow refuses too: clients fall back to experiment "0" and must always find it.
  if (e.id === ctx.ids.defaultId) throw invalid('The default experiment (id 0) cannot be deleted.');
  ctx.store.updateExperiment(e.id, { lifecycle: 'deleted' });
  return {};
};

const restore: Handler = (ctx, args) => {
  ctx.store.updateExperiment(experimentOf(ctx, args).id, { lifecycle: 'active' });
  return {};
};

/** The value an experiment search compares for an identifier; experiments have few fields. */
function fieldValue(e: Experiment, c: MlflowComparison): string | number {
  const key = c.id.key.toLowerCase();
  if (c.id.entity === 'attribute' && key === 'name') return e.name;
  if (c.id.entity === 'attribute' && key === 'creation_time') return e.createdAt;
  if (c.id.entity === 'attribute' && key === 'last_update_time') return e.updatedAt;
  throw invalid(`Invalid experiment search field '${c.id.raw}': use attributes.name, attributes.creation_time or attributes.last_update_time.`);
}

function globMatch(text: string, pattern: string, caseInsensitive: boolean): boolean {
  const glob = likeToGlob(caseInsensitive ? pattern.toLowerCase() : pattern);
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') re += '[\\s\\S]*';
    else if (ch === '?') re += '[\\s\\S]';
    else if (ch === '[') {
      re += '\\' + glob[i + 1];
      i += 2;
    } else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(caseInsensitive ? text.toLowerCase() : text);
}

function matches(e: Experiment, c: MlflowComparison): boolean {
  const v = fieldValue(e, c);
  switch (c.kind) {
    case 'compare': {
      if (typeof v !== typeof c.value) throw invalid(`'${c.id.raw}' cannot be compared with ${JSON.stringify(c.value)}.`);
      const ops = { '=': v === c.value, '!=': v !== c.value, '<': v < c.value, '<=': v <= c.value, '>': v > c.value, '>=': v >= c.value };
      return ops[c.op];
    }
    case 'like':
      if (typeof v !== 'string') throw invalid(`'${c.id.raw}' is numeric and cannot be matched with LIKE.`);
      return globMatch(v, c.pattern, c.caseInsensitive) !== c.negated;
    case 'in':
      return c.values.includes(v) !== c.negated;
    case 'null':
      return c.negated;
  }
}

function comparator(entry: string): (a: Experiment, b: Experiment) => number {
  const { id, descending } = parseMlflowOrderBy(entry);
  const key = id.key.toLowerCase();
  const pick: Record<string, (e: Experiment) => string | number> = {
    name: (e) => e.name,
    experiment_id: (e) => e.id,
    creation_time: (e) => e.createdAt,
    last_update_time: (e) => e.updatedAt,
  };
  if (id.entity !== 'attribute' || !Object.hasOwn(pick, key)) throw invalid(`Invalid order_by clause '${entry}': sort experiments by name, experiment_id, creation_time or last_update_time.`);
  const f = pick[key];
  return (a, b) => {
    const x = f(a);
    const y = f(b);
    return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
  };
}

const search: Handler = (ctx, args) => {
  const max = args.optInt('max_results', 1, MAX_SEARCH_RESULTS) ?? 1000;
  const offset = decodePageToken(args.optStr('page_token'));
  const view = args.optStr('view_type') ?? 'ACTIVE_ONLY';
  if (!['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'].includes(view)) throw invalid(`Invalid view_type '${view}': expected ACTIVE_ONLY, DELETED_ONLY or ALL.`);
  const filter = parseMlflowFilter(args.optStr('filter'));
  // MLflow's default order: newest first, ties by id.
  const order = [...args.strList('order_by').filter((o) => o.trim()).map(comparator), comparator('creation_time DESC'), comparator('experiment_id ASC')];
  // listExperiments() returns active experiments only; DELETED_ONLY and ALL need every id.
  const ids = ctx.store.db.prepare<[], { id: number }>('SELECT id FROM experiments').all();
  const found = ids
    .map((r) => ctx.store.getExperiment(r.id))
    .filter((e) => view === 'ALL' || (view === 'ACTIVE_ONLY') === (e.lifecycle === 'active'))
    .filter((e) => filter.every((c) => matches(e, c)))
    .sort((a, b) => order.reduce((d, cmp) => d || cmp(a, b), 0));
  const page = found.slice(offset, offset + max);
  const out: Record<string, unknown> = { experiments: page.map((e) => experimentJson(e, ctx.ids)) };
  if (offset + page.length < found.length) out.next_page_token = encodePageToken(offset + page.length);
  return out;
};

export const EXPERIMENT_HANDLERS: Record<string, Handler> = {
  'experiments/create': create,
  'experiments/get': get,
  'experiments/get-by-name': getByName,
  'experiments/update': update,
  'experiments/delete': remove,
  'experiments/restore': restore,
  'experiments/search': search,
};
