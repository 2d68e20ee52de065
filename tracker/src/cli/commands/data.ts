import * as path from 'node:path';
import { checkout } from '../../datasets/checkout';
import { addVersion, readProfile, versionOf, withDatasets } from '../../datasets/datasetStore';
import { diffVersions } from '../../datasets/diff';
import { leakageCheck } from '../../datasets/leakage';
import { splitVersion } from '../../datasets/split';
import { describeVersion, diffText, leakageText, listText, logText, ref, showText } from '../../datasets/text';
import { LoupeError } from '../../errors';
import { findLoupeDir, workspaceOf } from '../../workspace';
import type { CliCommand, CliIo } from '../command';
import { jsonSafe } from '../format';

const SUBCOMMANDS = [
  '  add PATH [--name N] [--message M]      version a file or folder (a new version only when its content changed)',
  '  list                                   every dataset with its latest version',
  '  show NAME[@VERSION]                    a version and its profile: types, missing values, statistics',
  '  diff NAME@V1 NAME@V2                   files added/removed/changed, schema changes and drift (PSI, KS)',
  '  checkout NAME@VERSION                  restore a version\'s files into the workspace, byte for byte',
  '  log NAME                               the versions of a dataset, newest first',
  '  split NAME@VERSION [--seed S] [--ratios 0.8,0.1,0.1] [--label COL]',
  '                                         reproducible train/validation/test split into NAME-train, NAME-validation, NAME-test',
  '  leakage A@V B@V                        rows of B that also occur in A (exits 1 when there are any)',
];

type Args = { values: Record<string, unknown>; positionals: string[] };

function need(args: string[], count: number, usage: string): string[] {
  if (args.length !== count) throw new LoupeError('INVALID_ARGUMENT', `Expected ${count === 1 ? 'one argument' : `${count} arguments`}: loupe data ${usage}`);
  return args;
}

function parseSeed(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new LoupeError('INVALID_ARGUMENT', `--seed must be an integer, not "${String(raw)}".`);
  return seed;
}

function parseRatios(raw: unknown): number[] | undefined {
  if (raw === undefined) return undefined;
  const ratios = String(raw).split(',').map((s) => Number(s.trim()));
  if (ratios.some((r) => !Number.isFinite(r))) throw new LoupeError('INVALID_ARGUMENT', `--ratios takes three numbers like 0.8,0.1,0.1, not "${String(raw)}".`);
  return ratios;
}

async function run({ values, positionals }: Args, io: CliIo): Promise<number> {
  const [sub, ...rest] = positionals;
  const loupeDir = findLoupeDir(io.cwd, io.env);
  const workspace = workspaceOf(loupeDir);
  const json = values.format === 'json';
  const print = (text: string, data: unknown) => io.out(json ? JSON.stringify(jsonSafe(data), null, 2) : text);
  switch (sub) {
    case 'add': {
      const [p] = need(rest, 1, 'add PATH [--name N] [--message M]');
      const r = await addVersion(workspace, loupeDir, path.resolve(io.cwd, p), { name: values.name as string | undefined, message: values.message as string | undefined });
      const text = r.status === 'created' ? `Created ${describeVersion(r.version)}` : `Unchanged: ${p} matches the latest version, ${describeVersion(r.version)}`;
      print(text, r);
      return 0;
    }
    case 'list':
      need(rest, 0, 'list');
      return withDatasets(loupeDir, ({ repo }) => {
        const all = repo.listDatasets();
        print(listText(all), all);
        return 0;
      });
    case 'log': {
      const [name] = need(rest, 1, 'log NAME');
      return withDatasets(loupeDir, ({ repo }) => {
        const versions = repo.log(name);
        print(logText(versions), versions);
        return 0;
      });
    }
    case 'show': {
      const [r] = need(rest, 1, 'show NAME[@VERSION]');
      return withDatasets(loupeDir, ({ repo, objects }) => {
        const v = versionOf(repo, r);
        const profile = readProfile(objects, v);
        const runs = repo.runsOfVersion(v.id);
        const parent = v.parentVersionId === null ? null : repo.getVersion(v.parentVersionId);
        print(showText(v, profile, runs, parent), { version: v, profile, runs, parent });
        return 0;
      });
    }
    case 'diff': {
      const [a, b] = need(rest, 2, 'diff NAME@V1 NAME@V2');
      const d = await diffVersions(loupeDir, a, b);
      print(diffText(d), d);
      return 0;
    }
    case 'checkout': {
      const [r] = need(rest, 1, 'checkout NAME@VERSION');
      const c = await checkout(workspace, loupeDir, r);
      print(`Restored ${ref(c.version)}: ${c.written.length} file${c.written.length === 1 ? '' : 's'} written, ${c.unchanged.length} already matched.${c.written.length ? '\n' + c.written.map((w) => `  ${w}`).join('\n') : ''}`, c);
      return 0;
    }
    case 'split': {
      const [r] = need(rest, 1, 'split NAME@VERSION [--seed S] [--ratios 0.8,0.1,0.1] [--label COL]');
      const s = await splitVersion(loupeDir, r, { seed: parseSeed(values.seed), ratios: parseRatios(values.ratios), label: values.label as string | undefined });
      const lines = [`Split ${ref(s.source)}:`, ...s.parts.map((p) => `  ${p.role.padEnd(10)} ${p.rows} rows → ${ref(p.version)}${p.status === 'unchanged' ? ' (unchanged)' : ''}`)];
      if (s.malformedRows) lines.push(`${s.malformedRows} malformed row${s.malformedRows === 1 ? ' was' : 's were'} left out of every split; see \`loupe data show ${ref(s.source)}\`.`);
      print(lines.join('\n'), s);
      return 0;
    }
    case 'leakage': {
      const [a, b] = need(rest, 2, 'leakage A@V B@V');
      const report = await leakageCheck(loupeDir, a, b);
      print(leakageText(report), report);
      return report.sharedRows ? 1 : 0;
    }
    default:
      io.err(sub ? `loupe data: unknown subcommand "${sub}".` : 'loupe data: name a subcommand.');
      io.err(['Subcommands:', ...SUBCOMMANDS].join('\n'));
      return 2;
  }
}

export const dataCommand: CliCommand = {
  name: 'data',
  summary: 'Version datasets: add, list, show, diff, checkout, log, split and check for leakage.',
  usage: 'loupe data <add|list|show|diff|checkout|log|split|leakage> [ARGS] [options]',
  details: ['Subcommands:', ...SUBCOMMANDS, '', 'Versions are written NAME@N (NAME alone means the latest). --format json prints machine-readable output.'].join('\n'),
  options: {
    name: { type: 'string' },
    message: { type: 'string', short: 'm' },
    seed: { type: 'string' },
    ratios: { type: 'string' },
    label: { type: 'string' },
    format: { type: 'string', default: 'text' },
  },
  allowPositionals: true,
  run,
};
