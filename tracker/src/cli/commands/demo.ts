import * as path from 'node:path';
import { logSampleRuns } from '../../demo/sampleRuns';
import { SqliteTrackerStore } from '../../store/sqliteStore';
import type { CliCommand } from '../command';

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Log real sample runs (a learning-rate study on the penguins data) into a workspace.',
  usage: 'loupe demo [--workspace DIR] [--if-empty]',
  options: {
    workspace: { type: 'string', short: 'w', default: 'sample-workspace' },
    'if-empty': { type: 'boolean' },
  },
  run: async ({ values }, io) => {
    const workspace = path.resolve(io.cwd, String(values.workspace));
    if (values['if-empty']) {
      const store = SqliteTrackerStore.open(path.join(workspace, '.loupe'));
      const existing = store.listRuns({ limit: 0 }).total;
      store.close();
      if (existing > 0) {
        io.out(`${workspace} already has ${existing} runs; nothing logged.`);
        return 0;
      }
    }
    const ids = await logSampleRuns(workspace, io.out);
    io.out(`logged ${ids.length} runs into ${path.join(workspace, '.loupe')}`);
    return 0;
  },
};
