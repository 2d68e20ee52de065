import * as os from 'node:os';
import { LoupeError } from '../errors';
import { checkName } from '../store/validate';
import type { InputColumn } from './modelPackage';

export interface ModelVersionInfo {
  id: number;
  model: string;
  version: number;
  runId: string | null;
  packageHash: string;
  task: string;
  metrics: Record<string, number>;
  inputSchema: InputColumn[];
  trainingDataset: string | null;
  createdAt: number;
  /** Aliases pointing at this version now. */
  aliases: string[];
}

export interface ModelSummary {
  name: string;
  createdAt: number;
  versions: number;
  latestVersion: number | null;
  aliases: Record<string, number>;
}

export interface AliasEventInfo {
  id: number;
  model: string;
  alias: string;
  /** null: the alias did not exist before (or was removed, for `toVersion`). */
  fromVersion: number | null;
  toVersion: number | null;
  actor: string;
  reason: string;
  at: number;
  undoneBy: number | null;
}

export interface VersionRow {
  id: number;
  model_id: number;
  model: string;
  version: number;
  run_id: string | null;
  package_hash: string;
  task: string;
  metrics_json: string;
  input_schema_json: string;
  training_dataset: string | null;
  created_at: number;
}

export interface EventRow {
  id: number;
  model: string;
  alias: string;
  from_version: number | null;
  to_version: number | null;
  actor: string;
  reason: string;
  at: number;
  undone_by: number | null;
}

export function toVersionInfo(r: VersionRow, aliases: string[]): ModelVersionInfo {
  return {
    id: r.id, model: r.model, version: r.version, runId: r.run_id, packageHash: r.package_hash, task: r.task,
    metrics: JSON.parse(r.metrics_json) as Record<string, number>,
    inputSchema: JSON.parse(r.input_schema_json) as InputColumn[],
    trainingDataset: r.training_dataset, createdAt: r.created_at, aliases,
  };
}

export function toEventInfo(r: EventRow): AliasEventInfo {
  return { id: r.id, model: r.model, alias: r.alias, fromVersion: r.from_version, toVersion: r.to_version, actor: r.actor, reason: r.reason, at: r.at, undoneBy: r.undone_by };
}

/** Model names cannot hold '@': `name@ref` must split one way only. */
export function checkModelName(name: string): string {
  checkName('model', name);
  if (name.includes('@')) throw new LoupeError('INVALID_ARGUMENT', `The model name "${name}" contains "@", which separates a model from its version or alias.`);
  return name;
}

/** Aliases start with a letter so `name@3` always means version 3; `latest` is reserved for the newest version. */
export function checkAlias(alias: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(alias)) {
    throw new LoupeError('INVALID_ARGUMENT', `"${alias}" is not a valid alias: use a letter followed by letters, digits, '_', '-' or '.' (e.g. champion).`);
  }
  if (alias === 'latest') throw new LoupeError('INVALID_ARGUMENT', '"latest" always means the newest version; pick another alias name.');
  return alias;
}

/** `3`, `v3` → 3. */
export function parseVersion(text: string | number): number | undefined {
  const m = /^v?(\d+)$/i.exec(String(text).trim());
  return m ? Number(m[1]) : undefined;
}

/** `name@3`, `name@v3`, `name@champion`, `name@latest` or `name` (the latest). */
export function parseModelRef(ref: string): { name: string; version?: number; alias?: string } {
  const at = ref.lastIndexOf('@');
  const name = at < 0 ? ref : ref.slice(0, at);
  const selector = at < 0 ? 'latest' : ref.slice(at + 1);
  if (!name || !selector) throw new LoupeError('INVALID_ARGUMENT', `"${ref}" is not a model reference; use NAME, NAME@VERSION or NAME@ALIAS.`);
  const version = parseVersion(selector);
  return version !== undefined ? { name, version } : { name, alias: selector };
}

export function defaultActor(): string {
  try {
    return os.userInfo().username;
  } catch {
    // Containers without a passwd entry for the uid.
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
