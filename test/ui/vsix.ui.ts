import * as fs from 'node:fs';
import * as path from 'node:path';
import { Tracker } from '../../tracker/src/sdk/tracker';
import { REPO_ROOT } from '../harness/codeServer';
import type { UiSuite } from '../harness/run-ui-tests';
import { runCommand, webviewFrame } from '../harness/workbench';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const VSIX = path.join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`);

/** The packaged .vsix (built by `npm run package`) installs into VS Code and works on its own. */
export const suites: UiSuite[] = [
  fs.existsSync(VSIX)
    ? {
      name: 'vsix-smoke',
      vsix: VSIX,
      async prepare(workspace) {
        const tracker = Tracker.open({ dir: path.join(workspace, '.loupe') });
        const run = await tracker.startRun({ experiment: 'packaged', name: 'from-the-vsix', params: { lr: 0.2 } });
        run.log({ acc: 0.625 }, 1);
        run.end();
        tracker.close();
      },
      async run({ page, step, screenshot }) {
        await step('the installed .vsix opens the runs panel and reads the workspace database', async () => {
          await runCommand(page, 'Loupe: Open Runs');
          await webviewFrame(page).locator('.grid-row', { hasText: 'from-the-vsix' }).waitFor({ timeout: 30_000 });
          await webviewFrame(page).locator('.grid-row .cell', { hasText: '0.625' }).waitFor({ timeout: 10_000 });
          await screenshot('vsix-runs-panel');
        });
      },
    }
    : {
        name: 'vsix-smoke',
        async run({ step }) {
          await step('the packaged .vsix exists', async () => {
            throw new Error(`${path.basename(VSIX)} is missing: run \`npm run package\` first (npm test does).`);
          });
        },
      },
];
