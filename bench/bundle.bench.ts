// Size of what the extension host loads at activation (production build), beside the whole .vsix.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { report } from './lib';

const root = path.resolve(__dirname, '..');
execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: root, stdio: 'ignore' });
const kib = (f: string) => fs.statSync(path.join(root, f)).size / 1024;
report('extension_host_bundle', kib('dist/extension.js'), 'KiB', '<=', 200);
report('runs_panel_bundle', kib('dist/webview/runs.js'), 'KiB', '<=', 100);
// Rebuild for development so source maps are back for tests and debugging.
execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
