import { createHash } from 'node:crypto';
import type { Manifest, ManifestEntry } from './types';

function byPath(a: ManifestEntry, b: ManifestEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * One JSON text per content: files sorted by path (code-unit order, the same on every platform) and
 * keys in a fixed order, with no timestamps. Two folders with the same files therefore get the same
 * digest however they were listed, copied or touched.
 */
export function canonicalManifest(m: Manifest): string {
  const files = [...m.files].sort(byPath).map((f) => ({ path: f.path, size: f.size, hash: f.hash, mode: f.mode }));
  return JSON.stringify({ kind: m.kind, files });
}

/** The dataset digest: SHA-256 of the canonical manifest, which is also its object id. */
export function manifestDigest(m: Manifest): string {
  return createHash('sha256').update(canonicalManifest(m)).digest('hex');
}

export function parseManifest(text: string): Manifest {
  const m = JSON.parse(text) as Manifest;
  if ((m.kind !== 'file' && m.kind !== 'folder') || !Array.isArray(m.files)) throw new Error('not a Loupe dataset manifest');
  return m;
}

/** Where a version's files live in the workspace: next to the file for a file version, under the folder otherwise. */
export function baseFolderOf(kind: Manifest['kind'], sourcePath: string): string {
  if (kind === 'folder') return sourcePath;
  const slash = sourcePath.lastIndexOf('/');
  return slash < 0 ? '' : sourcePath.slice(0, slash);
}
