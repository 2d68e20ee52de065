import * as fs from 'node:fs';
import * as path from 'node:path';
import { LoupeError } from '../../errors';
import { loadModel } from '../../registry/loadModel';
import { ModelRegistry } from '../../registry/modelRegistry';
import { parseVersion } from '../../registry/registryTypes';
import { parseCsv } from '../../tabular/csv';
import { findLoupeDir } from '../../workspace';
import type { CliCommand, CliIo } from '../command';
import { formatCsv, formatNumber, formatTable, jsonSafe, type Cell } from '../format';

function withRegistry<T>(io: CliIo, fn: (r: ModelRegistry) => T | Promise<T>): Promise<T> {
  const registry = ModelRegistry.open(findLoupeDir(io.cwd, io.env));
  return Promise.resolve()
    .then(() => fn(registry))
    .finally(() => registry.close());
}

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
const metricsText = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k}=${formatNumber(v)}`).join(' ');

function list(r: ModelRegistry, io: CliIo): number {
  const models = r.listModels();
  if (!models.length) {
    io.out('No registered models yet. Train one with `loupe train CONFIG`.');
    return 0;
  }
  io.out(formatTable(['name', 'versions', 'latest', 'aliases', 'created'], models.map((m) => [
    m.name, m.versions, m.latestVersion === null ? '' : `v${m.latestVersion}`,
    Object.entries(m.aliases).map(([a, v]) => `${a}→v${v}`).join(', '), when(m.createdAt),
  ])));
  return 0;
}

function show(r: ModelRegistry, io: CliIo, name: string): number {
  const versions = r.listVersions(name);
  io.out(formatTable(['version', 'aliases', 'task', 'run', 'metrics', 'trained on', 'created'], versions.map((v) => [
    `v${v.version}`, v.aliases.join(', '), v.task, v.runId?.slice(0, 8) ?? '(deleted)', metricsText(v.metrics), v.trainingDataset?.replace(/#sha256:(\w{8})\w+/, ' ($1)') ?? '', when(v.createdAt),
  ])));
  const history = r.aliasHistory(name);
  if (history.length) {
    io.out('\nalias moves:');
    io.out(formatTable(['#', 'alias', 'from', 'to', 'actor', 'reason', 'at', 'undone by'], history.map((e) => [
      e.id, e.alias, e.fromVersion === null ? '-' : `v${e.fromVersion}`, e.toVersion === null ? '-' : `v${e.toVersion}`, e.actor, e.reason, when(e.at), e.undoneBy === null ? '' : `#${e.undoneBy}`,
    ])));
  }
  return 0;
}

async function predict(r: ModelRegistry, io: CliIo, ref: string, file: string, format: string): Promise<number> {
  const { version, package: pkg } = r.getModel(ref);
  const table = parseCsv(fs.readFileSync(path.resolve(io.cwd, file), 'utf8'));
  if (table.malformed.length) throw new LoupeError('INVALID_ARGUMENT', `${file} line ${table.malformed[0].line}: ${table.malformed[0].reason}.`);
  const missing = pkg.inputSchema.filter((c) => !table.header.includes(c.name)).map((c) => `"${c.name}"`);
  if (missing.length) throw new LoupeError('INVALID_ARGUMENT', `${file} lacks the column(s) ${missing.join(', ')} that ${version.model}@${version.version} reads.`);
  const rows = table.rows.map((cells) => Object.fromEntries(table.header.map((h, i) => [h, cells[i]])));
  const model = await loadModel(pkg);
  try {
    const preds = await model.predict(rows);
    if (format === 'json') {
      io.out(JSON.stringify(jsonSafe({ model: `${version.model}@${version.version}`, classes: model.classes, predictions: preds }), null, 2));
      return 0;
    }
    const headers = pkg.task === 'regression' ? ['row', 'value'] : ['row', 'label', ...model.classes.map((c) => `p_${c}`)];
    const cells: Cell[][] = preds.map((p, i) => (pkg.task === 'regression' ? [i + 1, p.value] : [i + 1, p.label, ...(p.probabilities ?? [])]));
    io.out(format === 'table' ? formatTable(headers, cells) : formatCsv(headers, cells));
    return 0;
  } finally {
    model.dispose();
  }
}

export const modelsCommand: CliCommand = {
  name: 'models',
  summary: 'The model registry: list models, show versions and alias history, move or undo aliases, predict.',
  usage: [
    'loupe models list',
    '       loupe models show NAME',
    '       loupe models alias NAME ALIAS VERSION [--reason R]',
    '       loupe models undo NAME ALIAS [--reason R]',
    '       loupe models predict NAME[@ALIAS|@VERSION] FILE.csv [--format csv|json|table]',
  ].join('\n'),
  details: 'Every alias move (and undo) is recorded with who made it and why; `show` lists them.',
  options: {
    reason: { type: 'string', short: 'r' },
    actor: { type: 'string' },
    format: { type: 'string', default: 'csv' },
  },
  allowPositionals: true,
  run: ({ values, positionals }, io) => {
    const [sub, ...args] = positionals;
    const need = (n: number) => {
      if (args.length !== n) throw new LoupeError('INVALID_ARGUMENT', `loupe models ${sub} takes ${n} argument(s).\nUsage: ${modelsCommand.usage}`);
    };
    const move = { reason: values.reason as string | undefined, actor: values.actor as string | undefined };
    return withRegistry(io, async (r) => {
      switch (sub) {
        case 'list':
          need(0);
          return list(r, io);
        case 'show':
          need(1);
          return show(r, io, args[0]);
        case 'alias': {
          need(3);
          const version = parseVersion(args[2]);
          if (version === undefined) throw new LoupeError('INVALID_ARGUMENT', `VERSION must be a number like 3 or v3, not "${args[2]}".`);
          const e = r.setAlias(args[0], args[1], version, move);
          io.out(e ? `${args[0]}@${args[1]}: ${e.fromVersion === null ? '(new)' : `v${e.fromVersion}`} → v${e.toVersion} (move #${e.id})` : `${args[0]}@${args[1]} already points to v${version}.`);
          return 0;
        }
        case 'undo': {
          need(2);
          const e = r.undoLastAliasMove(args[0], args[1], move);
          io.out(`${args[0]}@${args[1]}: back to ${e.toVersion === null ? '(removed)' : `v${e.toVersion}`} (move #${e.id})`);
          return 0;
        }
        case 'predict':
          need(2);
          return predict(r, io, args[0], args[1], String(values.format));
        default:
          throw new LoupeError('INVALID_ARGUMENT', `${sub ? `Unknown subcommand "${sub}"` : 'Name a subcommand'}.\nUsage: ${modelsCommand.usage}`);
      }
    });
  },
};
