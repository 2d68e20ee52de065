import { parseArgs } from 'node:util';
import { isLoupeError } from '../errors';
import type { CliCommand, CliIo } from './command';
import { COMMANDS } from './registry';

const VERSION = '0.1.0';

function commandHelp(c: CliCommand): string {
  const opts = Object.entries(c.options ?? {}).map(([name, o]) => `  --${name}${o.short ? `, -${o.short}` : ''}${o.type === 'string' ? ' VALUE' : ''}${o.multiple ? ' (repeatable)' : ''}`);
  return [`${c.summary}`, '', `Usage: ${c.usage}`, '', 'Options:', ...opts, '  --help, -h', ...(c.details ? ['', c.details] : [])].join('\n');
}

function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'loupe — a local-first experiment tracker (the CLI of the Loupe VS Code extension)',
    '',
    'Usage: loupe <command> [options]     loupe <command> --help',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'The workspace is found like git finds a repository: the nearest .loupe/ folder upwards, or $LOUPE_DIR.',
  ].join('\n');
}

/** Runs the CLI and returns its exit code: 0 ok, 1 failure, 2 usage error. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(globalHelp());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out(VERSION);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`loupe: unknown command "${name}". Run \`loupe --help\` for the list.`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
  } catch (e) {
    io.err(`loupe ${name}: ${(e as Error).message}\nUsage: ${command.usage}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    return await command.run({ values: parsed.values as Record<string, unknown>, positionals: parsed.positionals }, io);
  } catch (e) {
    if (isLoupeError(e)) {
      io.err(`loupe ${name}: ${e.message}`);
      return e.code === 'INVALID_ARGUMENT' || e.code === 'QUERY_SYNTAX' ? 2 : 1;
    }
    io.err(`loupe ${name}: unexpected error: ${(e as Error).stack ?? e}`);
    return 1;
  }
}
