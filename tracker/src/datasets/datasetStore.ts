import * as fs from 'node:fs';
import * as path from 'node:path';
import { LoupeError } from '../errors';
import { ObjectStore } from '../objects/objectStore';
import { openDatabase } from '../store/database';
import { ingestFile } from './hashing';
import { canonicalManifest, manifestDigest, parseManifest } from './manifest';
import { realWorkspace, resolveInWorkspace } from './paths';
import { loadProfile, profileManifest, profileRows, saveProfile, type DatasetProfile } from './profile';
import { checkDatasetName, DatasetRepo } from './repo';
import { StatCache } from './statCache';
import type { AddResult, DatasetVersion, HashHooks, Manifest, ManifestEntry } from './types';
import { walkFiles } from './walk';

/** The database, object store and SQL of one `.loupe` folder, opened for one operation. */
export interface DatasetSession {
  repo: DatasetRepo;
  objects: ObjectStore;
  loupeDir: string;
}

/** Opens the store for `fn` and always closes it: every entry point here is a function of paths, so it can run in a child process. */
export async function withDatasets<T>(loupeDir: string, fn: (s: DatasetSession) => T | Promise<T>): Promise<T> {
  const db = openDatabase(loupeDir);
  try {
    return await fn({ repo: new DatasetRepo(db), objects: new ObjectStore(loupeDir), loupeDir });
  } finally {
    db.close();
  }
}

export interface AddOptions {
  /** Dataset name; defaults to the file or folder name without its extension. */
  name?: string;
  message?: string;
  hooks?: HashHooks;
}

export function defaultDatasetName(rel: string, workspaceReal: string): string {
  const base = path.posix.basename(rel) || path.basename(workspaceReal);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * Versions the file or folder at `input` (absolute, or relative to the workspace). Its files are
 * copied into the object store and listed in a manifest; a new version is recorded only when the
 * manifest's digest differs from the dataset's latest version (see DatasetRepo.addVersion).
 */
export async function addVersion(workspaceRoot: string, loupeDir: string, input: string, options: AddOptions = {}): Promise<AddResult> {
  const ws = realWorkspace(workspaceRoot);
  const target = resolveInWorkspace(ws, input);
  const kind = fs.statSync(target.real).isDirectory() ? 'folder' : 'file';
  const walked = kind === 'file' ? [{ abs: target.real, rel: path.posix.basename(target.rel) }] : walkFiles(ws, target.real);
  if (!walked.length) throw new LoupeError('INVALID_ARGUMENT', `${input} holds no files to version (.loupe, .git and node_modules are skipped).`);
  const name = checkDatasetName(options.name ?? defaultDatasetName(target.rel, ws));
  return withDatasets(loupeDir, async ({ repo, objects }) => {
    const cache = new StatCache(repo.db);
    cache.load(target.rel);
    const files: ManifestEntry[] = [];
    const keys = new Set<string>();
    let cachedFiles = 0;
    for (const f of walked) {
      const key = kind === 'file' ? target.rel : target.rel ? `${target.rel}/${f.rel}` : f.rel;
      keys.add(key);
      const got = await ingestFile(f.abs, key, objects, cache, options.hooks);
      files.push({ path: f.rel, size: got.size, hash: got.hash, mode: got.mode });
      if (got.cached) cachedFiles++;
    }
    cache.keepOnly(keys);
    cache.flush();
    const manifest: Manifest = { kind, files };
    const digest = manifestDigest(manifest);
    if (repo.latestDigest(name) === digest) return { status: 'unchanged', version: repo.resolve(name), cachedFiles };
    return { ...(await recordVersion({ repo, objects, loupeDir }, name, manifest, { message: options.message ?? '', sourcePath: target.rel })), cachedFiles };
  });
}

/** Stores a manifest (whose file objects are already stored), profiles it, and records the version. */
export async function recordVersion(
  { repo, objects }: DatasetSession,
  name: string,
  manifest: Manifest,
  extra: { message: string; sourcePath: string; parentVersionId?: number; splitRole?: DatasetVersion['splitRole'] },
): Promise<{ status: 'created' | 'unchanged'; version: DatasetVersion }> {
  const manifestHash = objects.putBuffer(Buffer.from(canonicalManifest(manifest))).hash;
  const profile = await profileManifest(objects, manifest);
  return repo.addVersion(name, {
    digest: manifestDigest(manifest),
    message: extra.message,
    sourcePath: extra.sourcePath,
    fileCount: manifest.files.length,
    totalBytes: manifest.files.reduce((s, f) => s + f.size, 0),
    rows: profileRows(profile),
    manifestHash,
    profileHash: profile ? saveProfile(objects, profile) : null,
    parentVersionId: extra.parentVersionId ?? null,
    splitRole: extra.splitRole ?? null,
  });
}

export function readManifest(objects: ObjectStore, version: DatasetVersion): Manifest {
  try {
    return parseManifest(objects.read(version.manifestHash).toString('utf8'));
  } catch (cause) {
    if (cause instanceof LoupeError) throw cause;
    throw new LoupeError('CONFLICT', `The manifest of ${version.dataset}@${version.version} is unreadable: ${(cause as Error).message}`, { cause });
  }
}

export function readProfile(objects: ObjectStore, version: DatasetVersion): DatasetProfile | null {
  return version.profileHash ? loadProfile(objects, version.profileHash) : null;
}

/** A version by `NAME@N` reference or by id. */
export function versionOf(repo: DatasetRepo, ref: string | number): DatasetVersion {
  return typeof ref === 'number' ? repo.getVersion(ref) : repo.resolve(ref);
}

/** Records that a run used a dataset version in some role (train, validation, test, eval…). */
export function useDataset(loupeDir: string, runId: string, version: string | number, role: string): Promise<DatasetVersion> {
  return withDatasets(loupeDir, ({ repo }) => {
    const v = versionOf(repo, version);
    repo.useDataset(runId, v.id, role);
    return v;
  });
}

export function runsOfVersion(loupeDir: string, version: string | number): Promise<{ runId: string; runName: string; role: string }[]> {
  return withDatasets(loupeDir, ({ repo }) => repo.runsOfVersion(versionOf(repo, version).id));
}
