import type { RunDetail } from '../../store/types';
import type { CliCommand } from '../command';
import { formatNumber, formatTable } from '../format';
import { withStore } from '../storeAccess';

/** Rows of keys across runs; `*` marks a row whose values differ. */
function rowsFor(runs: RunDetail[], keys: string[], value: (r: RunDetail, k: string) => string): string[][] {
  return keys.map((k) => {
    const values = runs.map((r) => value(r, k));
    return [new Set(values).size > 1 ? '*' : '', k, ...values];
  });
}

export const compareCommand: CliCommand = {
  name: 'compare',
  summary: 'Compare runs side by side: params, tags and metric summaries; differing rows are marked *.',
  usage: 'loupe compare RUN RUN... [--all] [--metric-summary last|min|max|mean]',
  options: { all: { type: 'boolean' }, 'metric-summary': { type: 'string', default: 'last' } },
  allowPositionals: true,
  run: ({ values, positionals }, io) =>
    withStore(io, (store) => {
      if (positionals.length < 2) {
        io.err('loupe compare: name at least two runs.');
        return 2;
      }
      const agg = String(values['metric-summary']) as 'last' | 'min' | 'max' | 'mean';
      if (!['last', 'min', 'max', 'mean'].includes(agg)) {
        io.err(`loupe compare: --metric-summary must be last, min, max or mean, not "${agg}".`);
        return 2;
      }
      const runs = positionals.map((p) => store.resolveRun(p));
      const keys = (pick: (r: RunDetail) => object) => [...new Set(runs.flatMap((r) => Object.keys(pick(r))))].sort();
      const rows = [
        ...rowsFor(runs, keys((r) => r.params), (r, k) => r.params[k] ?? '—').map((r) => [r[0], `params.${r[1]}`, ...r.slice(2)]),
        ...rowsFor(runs, keys((r) => r.tags), (r, k) => r.tags[k] ?? '—').map((r) => [r[0], `tags.${r[1]}`, ...r.slice(2)]),
        ...rowsFor(runs, keys((r) => r.metrics), (r, k) => (r.metrics[k] ? formatNumber(r.metrics[k][agg]) : '—')).map((r) => [r[0], `metrics.${r[1]}.${agg}`, ...r.slice(2)]),
      ].filter((r) => values.all || r[0] === '*' || r[1].startsWith('metrics.'));
      io.out(formatTable(['', 'key', ...runs.map((r) => r.name)], rows));
      return 0;
    }),
};
