import { execFileSync } from 'node:child_process';

/** The commit and dirty flag of the git repository around `cwd`, or nulls outside one. */
export function gitInfo(cwd: string): { commit: string | null; dirty: boolean | null } {
  try {
    const opts = { cwd, stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'], timeout: 3000, encoding: 'utf8' as const };
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], opts).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], opts).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}
