import * as path from 'node:path';
import { logSampleRuns } from '../../demo/sampleRuns';
import { STORY, storyDone } from '../../demo/story';
import type { CliCommand, CliIo } from '../command';

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Run the sample story headless: version data, train a champion, sweep, evaluate a challenger, promote.',
  usage: 'loupe demo [--workspace DIR] [--if-empty] [--runs-only]',
  details: 'Each step prints the `loupe` command it runs, so the story can be replayed by hand.',
  options: {
    workspace: { type: 'string', short: 'w', default: 'sample-workspace' },
    'if-empty': { type: 'boolean' },
    'runs-only': { type: 'boolean' },
  },
  run: async ({ values }, io) => {
    const workspace = path.resolve(io.cwd, String(values.workspace));
    if (values['if-empty'] && storyDone(workspace)) {
      io.out(`${workspace} already has Loupe data; nothing to do.`);
      return 0;
    }
    const ids = await logSampleRuns(workspace, io.out);
    io.out(`logged ${ids.length} sample runs (a learning-rate study)`);
    if (values['runs-only']) return 0;
    // Imported here: the CLI entry imports this module, and main imports the command registry.
    const { main } = await import('../main');
    const stepIo: CliIo = { ...io, cwd: workspace, env: { ...io.env, LOUPE_DIR: path.join(workspace, '.loupe') } };
    for (const [i, step] of STORY.entries()) {
      io.out(`\n[${i + 1}/${STORY.length}] ${step.title}\n$ loupe ${step.argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
      const code = await main(step.argv, stepIo);
      if (!(step.okExitCodes ?? [0]).includes(code)) {
        io.err(`loupe demo: step ${i + 1} (${step.title}) failed with exit code ${code}.`);
        return 1;
      }
    }
    return 0;
  },
};
