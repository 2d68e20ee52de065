import type { CliCommand } from '../command';
import { formatCsv, formatTable, jsonSafe } from '../format';
import { columnValue, defaultColumns } from '../runColumns';
import { withStore } from '../storeAccess';

export const runsCommand: CliCommand = {
  name: 'runs',
  summary: 'List runs as a table, CSV or JSON, filtered and sorted with the query language.',
  usage: 'loupe runs [--filter EXPR] [--sort KEY [desc]]... [--columns A,B,...] [--format table|csv|json] [--limit N] [--experiment NAME]',
  details: [
    'Examples:',
    "  loupe runs --filter \"metrics.loss.min < 0.3 and (params.optimizer = 'adam' or tags.stage = 'prod')\"",
    "  loupe runs --sort 'metrics.acc.max desc' --columns name,params.lr,metrics.acc.max --format csv",
  ].join('\n'),
  options: {
    filter: { type: 'string', short: 'f' },
    sort: { type: 'string', short: 's', multiple: true },
    columns: { type: 'string', short: 'c' },
    format: { type: 'string', default: 'table' },
    limit: { type: 'string', short: 'n', default: '100' },
    experiment: { type: 'string', short: 'e', multiple: true },
  },
  run: ({ values }, io) =>
    withStore(io, (store) => {
      const limit = Number(values.limit);
      const page = store.listRuns({
        filter: values.filter as string | undefined,
        orderBy: values.sort as string[] | undefined,
        experiments: values.experiment as string[] | undefined,
        limit: Number.isFinite(limit) && limit > 0 ? limit : 100,
      });
      const columns = values.columns ? String(values.columns).split(',').map((c) => c.trim()).filter(Boolean) : defaultColumns(page.runs);
      const rows = page.runs.map((r) => columns.map((c) => columnValue(r, c)));
      switch (values.format) {
        case 'json':
          io.out(JSON.stringify(jsonSafe(rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])))), null, 2));
          break;
        case 'csv':
          io.out(formatCsv(columns, rows));
          break;
        default:
          io.out(page.runs.length ? formatTable(columns, rows) : 'No runs yet. Log one with the SDK, the Python client or `loupe log`.');
          if (page.total > page.runs.length) io.out(`(${page.runs.length} of ${page.total} runs; use --limit to see more)`);
      }
      return 0;
    }),
};
