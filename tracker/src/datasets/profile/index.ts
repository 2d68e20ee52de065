import type { ObjectStore } from '../../objects/objectStore';
import { tableFormatOf } from '../tables';
import type { Manifest } from '../types';
import { profileTable } from './profiler';
import type { DatasetProfile } from './types';

export * from './types';
export { profileTable, guessLabel } from './profiler';

/** Tables profiled per version: a folder of thousands of CSV shards should not make `add` crawl. */
export const PROFILED_TABLES = 20;

/** Profiles the tabular files of a version, reading the stored objects (exactly the versioned bytes). */
export async function profileManifest(objects: ObjectStore, manifest: Manifest): Promise<DatasetProfile | null> {
  const tabular = manifest.files.filter((f) => tableFormatOf(f.path));
  if (!tabular.length) return null;
  const tables = [];
  for (const f of tabular.slice(0, PROFILED_TABLES)) tables.push(await profileTable(objects.pathOf(f.hash), f.path, tableFormatOf(f.path)!));
  return { profileVersion: 1, tables, skipped: tabular.slice(PROFILED_TABLES).map((f) => f.path) };
}

/** JSON has no NaN or Infinity: they are written as strings, never silently as null. */
export function encodeProfile(profile: DatasetProfile): Buffer {
  return Buffer.from(JSON.stringify(profile, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
}

export function saveProfile(objects: ObjectStore, profile: DatasetProfile): string {
  return objects.putBuffer(encodeProfile(profile)).hash;
}

export function loadProfile(objects: ObjectStore, hash: string): DatasetProfile {
  return JSON.parse(objects.read(hash).toString('utf8')) as DatasetProfile;
}

/** Rows of a version: the sum over its tables, or null when it has none or some were not counted through. */
export function profileRows(profile: DatasetProfile | null): number | null {
  if (!profile || profile.skipped.length || profile.tables.some((t) => t.error && t.format !== 'parquet')) return null;
  return profile.tables.reduce((s, t) => s + t.rows, 0);
}
