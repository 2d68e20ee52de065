import type { CliCommand } from './command';
import { demoCommand } from './commands/demo';
import { runsCommand } from './commands/runs';
import { showCommand } from './commands/show';
import { compareCommand } from './commands/compare';
import { logCommand } from './commands/log';
import { gcCommand } from './commands/gc';
import { dataCommand } from './commands/data';
import { serveCommand } from './commands/serve';
import { evalCommand } from './commands/eval';
import { promoteCommand } from './commands/promote';
import { rollbackCommand } from './commands/rollback';
import { trainCommand } from './commands/train';
import { sweepCommand } from './commands/sweep';
import { runCommand } from './commands/run';
import { modelsCommand } from './commands/models';

/** Every `loupe` subcommand, in the order `loupe --help` lists them. */
export const COMMANDS: CliCommand[] = [runsCommand, showCommand, compareCommand, logCommand, gcCommand, dataCommand, trainCommand, sweepCommand, runCommand, modelsCommand, serveCommand, evalCommand, promoteCommand, rollbackCommand, demoCommand];
