import type { ParseArgsConfig } from 'node:util';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** One `loupe <name>` command. `options` feed node's parseArgs; `--help` is added to every command. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Extra help lines (options, examples). */
  details?: string;
  options?: ParseArgsConfig['options'];
  allowPositionals?: boolean;
  run(args: { values: Record<string, unknown>; positionals: string[] }, io: CliIo): Promise<number> | number;
}
