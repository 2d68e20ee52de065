import type { CliCommand } from './command';
import { demoCommand } from './commands/demo';
import { runsCommand } from './commands/runs';
import { showCommand } from './commands/show';
import { compareCommand } from './commands/compare';
import { logCommand } from './commands/log';
import { gcCommand } from './commands/gc';
import { serveCommand } from './commands/serve';
import { dataCommand } from './commands/data';

/** Every `loupe` subcommand, in the order `loupe --help` lists them. */
export const COMMANDS: CliCommand[] = [runsCommand, showCommand, compareCommand, logCommand, gcCommand, dataCommand, serveCommand, demoCommand];
