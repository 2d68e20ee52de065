import type { CliCommand } from './command';
import { demoCommand } from './commands/demo';
import { runsCommand } from './commands/runs';

/** Every `loupe` subcommand, in the order `loupe --help` lists them. */
export const COMMANDS: CliCommand[] = [runsCommand, demoCommand];
