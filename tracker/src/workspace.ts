import * as fs from 'node:fs';
import * as path from 'node:path';

export const LOUPE_DIR_NAME = '.loupe';

/**
 * Finds the `.loupe` folder the way git finds a repository: `LOUPE_DIR` wins, else the nearest
 * ancestor of `start` that has one, else `<start>/.loupe` (created on first write).
 */
export function findLoupeDir(start: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  if (env.LOUPE_DIR) return path.resolve(env.LOUPE_DIR);
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, LOUPE_DIR_NAME);
    if (isDirectory(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return path.join(path.resolve(start), LOUPE_DIR_NAME);
    dir = parent;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The workspace a `.loupe` folder belongs to (its parent). */
export function workspaceOf(loupeDir: string): string {
  return path.dirname(path.resolve(loupeDir));
}
