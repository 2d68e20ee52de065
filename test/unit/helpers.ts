import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A fresh temp workspace; its `.loupe` folder is `loupeDir`. Removed when the test file ends. */
export function tempWorkspace(): { root: string; loupeDir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-unit-'));
  made.push(root);
  return { root, loupeDir: path.join(root, '.loupe') };
}

export const REPO_ROOT = path.resolve(__dirname, '../..');
