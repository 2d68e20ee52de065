import * as fs from 'node:fs';
import * as path from 'node:path';
import { LoupeError } from '../errors';
import { isInside, outside, SKIPPED_DIRS } from './paths';

export interface WalkedFile {
  /** Real path to read. */
  abs: string;
  /** Posix path relative to the walked folder (through symlinks, as the user sees it). */
  rel: string;
}

/**
 * Every regular file under `root`, recursively. Symlinks are followed only while they stay inside
 * the workspace (one leading out is refused, not skipped: silently dropping data would make a
 * version that does not match what the user sees); a folder reached twice is walked once.
 */
export function walkFiles(workspaceReal: string, root: string): WalkedFile[] {
  const out: WalkedFile[] = [];
  const visited = new Set<string>();
  const visit = (dirReal: string, relDir: string) => {
    if (visited.has(dirReal)) return;
    visited.add(dirReal);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dirReal, { withFileTypes: true });
    } catch (cause) {
      throw new LoupeError('NOT_FOUND', `Cannot read the folder ${dirReal}: ${(cause as Error).message}`, { cause });
    }
    for (const e of entries) {
      const rel = relDir ? `${relDir}/${e.name}` : e.name;
      let abs = path.join(dirReal, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        let real: string;
        try {
          real = fs.realpathSync(abs);
        } catch {
          continue; // a dangling link holds no data
        }
        if (!isInside(workspaceReal, real)) throw outside(abs, workspaceReal, real);
        const st = fs.statSync(real);
        abs = real;
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      if (isDir) {
        if (!SKIPPED_DIRS.has(e.name)) visit(abs, rel);
      } else if (isFile) out.push({ abs, rel });
      // sockets, FIFOs and devices are not data: reading a FIFO would block forever
    }
  };
  visit(root, '');
  return out;
}
