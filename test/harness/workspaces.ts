import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './codeServer';

/** Screenshots and logs of test runs (git-ignored). */
export const OUTPUT_DIR = path.join(REPO_ROOT, '.test-output');
fs.mkdirSync(OUTPUT_DIR, { recursive: true });

/** A fresh copy of the sample workspace, without any .loupe data, for one suite run. */
export function freshWorkspace(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `loupe-${label}-`));
  fs.cpSync(path.join(REPO_ROOT, 'sample-workspace'), dir, {
    recursive: true,
    filter: (src) => path.basename(src) !== '.loupe',
  });
  return dir;
}
