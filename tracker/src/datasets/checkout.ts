import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LoupeError } from '../errors';
import { withDatasets, readManifest, versionOf } from './datasetStore';
import { hashFile } from './hashing';
import { baseFolderOf } from './manifest';
import { checkManifestPath, ensureDirInside, isInside, outside, realWorkspace } from './paths';
import type { DatasetVersion, ManifestEntry } from './types';

export interface CheckoutResult {
  version: DatasetVersion;
  /** Workspace-relative paths written. */
  written: string[];
  /** Workspace-relative paths that already held the right bytes. */
  unchanged: string[];
}

interface Planned {
  entry: ManifestEntry;
  /** Real path to write (a link inside the workspace is written through, never replaced). */
  target: string;
  rel: string;
}

/**
 * Restores a version's files into the workspace, byte for byte. Only the version's own files are
 * written; nothing else is touched or deleted. Every target is checked before the first write, so a
 * refused path leaves the workspace as it was. Each file goes to a temp file beside its target, is
 * hashed, and only then renamed over it: a crash or a bad object never leaves a half-written file.
 */
export async function checkout(workspaceRoot: string, loupeDir: string, ref: string | number): Promise<CheckoutResult> {
  const ws = realWorkspace(workspaceRoot);
  return withDatasets(loupeDir, async ({ repo, objects }) => {
    const version = versionOf(repo, ref);
    const manifest = readManifest(objects, version);
    const base = baseFolderOf(manifest.kind, version.sourcePath);
    if (base) checkManifestPath(base);
    const plan: Planned[] = [];
    for (const entry of manifest.files) {
      checkManifestPath(entry.path);
      if (!objects.has(entry.hash)) {
        throw new LoupeError('NOT_FOUND', `The stored copy of ${entry.path} (object ${entry.hash.slice(0, 12)}) is missing from ${objects.root}; this version cannot be restored.`);
      }
      const rel = base ? `${base}/${entry.path}` : entry.path;
      plan.push({ entry, rel, target: planTarget(ws, rel) });
    }
    const written: string[] = [];
    const unchanged: string[] = [];
    for (const p of plan) {
      if (await alreadyThere(p)) {
        unchanged.push(p.rel);
        continue;
      }
      ensureDirInside(ws, path.dirname(p.target));
      await writeVerified(objects.pathOf(p.entry.hash), p);
      written.push(p.rel);
    }
    return { version, written, unchanged };
  });
}

/** Where `rel` may be written: refuses a path whose real location (through any symlink) leaves the workspace. */
function planTarget(ws: string, rel: string): string {
  const lexical = path.join(ws, ...rel.split('/'));
  if (!isInside(ws, lexical)) throw outside(rel, ws);
  let existing = path.dirname(lexical);
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  const realParent = fs.realpathSync(existing);
  if (!isInside(ws, realParent)) throw outside(rel, ws, realParent);
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(lexical);
  } catch {
    return lexical;
  }
  if (st.isSymbolicLink()) {
    let real: string;
    try {
      real = fs.realpathSync(lexical);
    } catch {
      throw new LoupeError('CONFLICT', `${rel} is a dangling symbolic link; remove it before restoring this version.`);
    }
    if (!isInside(ws, real)) throw outside(rel, ws, real);
    st = fs.statSync(real);
    if (st.isDirectory()) throw new LoupeError('CONFLICT', `${rel} is a folder where this version has a file; move it away first.`);
    return real;
  }
  if (st.isDirectory()) throw new LoupeError('CONFLICT', `${rel} is a folder where this version has a file; move it away first.`);
  return lexical;
}

async function alreadyThere(p: Planned): Promise<boolean> {
  try {
    const st = fs.statSync(p.target);
    if (st.size !== p.entry.size || (st.mode & 0o111 ? 0o755 : 0o644) !== p.entry.mode) return false;
    return (await hashFile(p.target)).hash === p.entry.hash;
  } catch {
    return false;
  }
}

async function writeVerified(object: string, p: Planned): Promise<void> {
  const tmp = path.join(path.dirname(p.target), `.${path.basename(p.target)}.loupe-${randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.copyFileSync(object, tmp, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(tmp, p.entry.mode);
    const got = await hashFile(tmp);
    if (got.hash !== p.entry.hash) {
      throw new LoupeError('CONFLICT', `The stored copy of ${p.rel} is corrupt (it hashes to ${got.hash.slice(0, 12)}, not ${p.entry.hash.slice(0, 12)}); the workspace file was left as it was.`);
    }
    fs.renameSync(tmp, p.target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
