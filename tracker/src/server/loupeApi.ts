import { Args } from './args';
import { ApiError, invalid } from './http';
import type { ServerContext } from './mlflowModel';

export const LOUPE_API_VERSION = 1;
const MAX_RUNS = 10_000;
const MAX_POINTS = 100_000;

/**
 * Loupe's own read API, for hosts that speak the Loupe query language (`metrics.loss.min < 0.3`)
 * and want downsampled series: MLflow's get-history has neither.
 */
export function handleLoupeApi(ctx: ServerContext, method: string, rest: string, query: URLSearchParams): unknown {
  if (method !== 'GET') throw new ApiError(405, 'ENDPOINT_NOT_FOUND', `The Loupe API is read-only; ${method} is not supported.`);
  const args = Args.from(query, {});
  if (rest === 'health') return { ok: true, api_version: LOUPE_API_VERSION, data_version: ctx.store.dataVersion() };
  if (rest === 'runs') {
    const page = ctx.store.listRuns({
      filter: args.optStr('filter'),
      orderBy: args.strList('order_by'),
      experiments: args.strList('experiment'),
      limit: args.optInt('limit', 0, MAX_RUNS) ?? 1000,
      offset: args.optInt('offset', 0, Number.MAX_SAFE_INTEGER) ?? 0,
    });
    return { runs: page.runs, total: page.total };
  }
  const history = /^runs\/([^/]+)\/history$/.exec(rest);
  if (history) {
    const runId = history[1];
    ctx.store.getRun(runId);
    const minStep = args.optNum('min_step');
    const maxStep = args.optNum('max_step');
    if ((minStep !== undefined && Number.isNaN(minStep)) || (maxStep !== undefined && Number.isNaN(maxStep))) throw invalid('min_step and max_step must be numbers.');
    const s = ctx.store.getMetricHistory(runId, args.str('key'), { minStep, maxStep, maxPoints: args.optInt('max_points', 2, MAX_POINTS) });
    return {
      runId: s.runId,
      key: s.key,
      steps: Array.from(s.steps),
      values: Array.from(s.values),
      timestamps: Array.from(s.timestamps),
      downsampled: s.downsampled,
      totalPoints: s.totalPoints,
    };
  }
  throw new ApiError(404, 'ENDPOINT_NOT_FOUND', `No Loupe API endpoint '${rest}'; try health, runs or runs/<id>/history.`);
}
