import type { CliCommand } from '../command';
import { formatNumber, formatTable, jsonSafe } from '../format';
import { formatDuration } from '../runColumns';
import { withStore } from '../storeAccess';

export const showCommand: CliCommand = {
  name: 'show',
  summary: 'Show one run: attributes, params, tags, metric summaries and artifacts.',
  usage: 'loupe show RUN [--format text|json]   (RUN: id, id prefix of 6+ characters, or exact name)',
  options: { format: { type: 'string', default: 'text' } },
  allowPositionals: true,
  run: ({ values, positionals }, io) =>
    withStore(io, (store) => {
      if (positionals.length !== 1) {
        io.err('loupe show: name exactly one run.');
        return 2;
      }
      const run = store.resolveRun(positionals[0]);
      const artifacts = store.listArtifacts(run.id);
      if (values.format === 'json') {
        io.out(JSON.stringify(jsonSafe({ ...run, artifacts }), null, 2));
        return 0;
      }
      const lines = [
        `run        ${run.name}  (${run.id})`,
        `experiment ${run.experimentName}`,
        `status     ${run.status}`,
        `started    ${new Date(run.startTime).toISOString()}`,
        `duration   ${formatDuration((run.endTime ?? Date.now()) - run.startTime)}${run.endTime ? '' : ' (still running)'}`,
        ...(run.gitCommit ? [`git        ${run.gitCommit}${run.gitDirty ? ' (uncommitted changes)' : ''}`] : []),
        ...(run.sourceCommand ? [`command    ${run.sourceCommand}`] : []),
        ...(run.parentRunId ? [`parent     ${run.parentRunId}`] : []),
      ];
      io.out(lines.join('\n'));
      const section = (title: string, headers: string[], rows: (string | number)[][]) => {
        if (rows.length) io.out(`\n${title}\n${formatTable(headers, rows)}`);
      };
      section('params', ['key', 'value'], Object.entries(run.params).sort().map(([k, v]) => [k, v]));
      section('tags', ['key', 'value'], Object.entries(run.tags).sort().map(([k, v]) => [k, v]));
      section('metrics', ['key', 'last', 'min', 'max', 'mean', 'count', 'step'],
        Object.values(run.metrics).map((m) => [m.key, formatNumber(m.last), formatNumber(m.min), formatNumber(m.max), formatNumber(m.mean), m.count, m.lastStep]));
      section('artifacts', ['path', 'size', 'object'], artifacts.map((a) => [a.path, a.size, a.hash.slice(0, 12)]));
      return 0;
    }),
};
