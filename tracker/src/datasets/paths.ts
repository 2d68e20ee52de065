import * as fs from 'node:fs';
import * as path from 'node:path';
import { LoupeError } from '../errors';

/** Folders never versioned: Loupe's own store, git's, and installed packages. */
export const SKIPPED_DIRS = new Set(['.loupe', '.git', 'node_modules']);

export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

export function toPosix(rel: string): string {
  return rel.split(path.sep).join('/');
}

/** The workspace's real path: every containment check compares real paths, so symlinks cannot cheat. */
export function realWorkspace(workspaceRoot: string): string {
  try {
    return fs.realpathSync(workspaceRoot);
  } catch (cause) {
    throw new LoupeError('NOT_FOUND', `The workspace folder ${workspaceRoot} does not exist.`, { cause });
  }
}

export interface ResolvedPath {
  /** Real absolute path (symlinks resolved). */
  real: string;
  /** Workspace-relative posix path of `real`. */
  rel: string;
}

/**
 * Resolves `input` (absolute, or relative to the workspace) and refuses anything whose real path is
 * outside the workspace, whether it gets there by `..`, by being absolute, or through a symlink.
 */
export function resolveInWorkspace(workspaceReal: string, input: string): ResolvedPath {
  const lexical = path.resolve(workspaceReal, input);
  if (!isInside(workspaceReal, lexical)) throw outside(input, workspaceReal);
  let real: string;
  try {
    real = fs.realpathSync(lexical);
  } catch (cause) {
    throw new LoupeError('NOT_FOUND', `Nothing to version at ${input}: the path does not exist.`, { cause });
  }
  if (!isInside(workspaceReal, real)) throw outside(input, workspaceReal, real);
  const rel = toPosix(path.relative(workspaceReal, real));
  if (rel.split('/').some((segment) => SKIPPED_DIRS.has(segment))) {
    throw new LoupeError('INVALID_ARGUMENT', `${input} is inside a folder Loupe never versions (${[...SKIPPED_DIRS].join(', ')}).`);
  }
  return { real, rel };
}

export function outside(input: string, workspaceReal: string, real?: string): LoupeError {
  const via = real ? ` (it resolves to ${real})` : '';
  return new LoupeError('PATH_OUTSIDE_WORKSPACE', `${input} is outside the workspace ${workspaceReal}${via}; Loupe only reads and writes inside it.`);
}

/** Manifest paths come from the database, which anyone can edit: only plain relative posix paths pass. */
export function checkManifestPath(p: string): void {
  const segments = p.split('/');
  const bad = p === '' || p.includes('\\') || p.includes('\0') || path.posix.isAbsolute(p) || segments.some((s) => s === '' || s === '.' || s === '..');
  if (bad) throw new LoupeError('PATH_OUTSIDE_WORKSPACE', `The manifest path "${p.slice(0, 200)}" is not a plain relative path; refusing to write it.`);
}

/**
 * Makes `dir` (inside the workspace) exist without ever creating or writing through a folder that
 * a symlink leads out of the workspace.
 */
export function ensureDirInside(workspaceReal: string, dir: string): void {
  let existing = dir;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  const check = (p: string) => {
    const real = fs.realpathSync(p);
    if (!isInside(workspaceReal, real)) throw outside(p, workspaceReal, real);
    if (!fs.statSync(real).isDirectory()) throw new LoupeError('CONFLICT', `${p} is a file where Loupe needs a folder; move it away first.`);
  };
  check(existing);
  if (existing !== dir) {
    fs.mkdirSync(dir, { recursive: true });
    check(dir);
  }
}
