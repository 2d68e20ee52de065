import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LoupeError } from '../errors';
import type { TrainingConfig } from './configTypes';
import { validateConfig } from './configValidate';
import type { Json } from './configFields';

/** Reads a JSON or YAML config file into a plain object, without validating it yet. */
export function readRawConfig(file: string): Json {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (cause) {
    throw new LoupeError('NOT_FOUND', `Cannot read the training config ${file}: ${(cause as Error).message}`, { cause });
  }
  let parsed: unknown;
  try {
    // YAML is a superset of JSON, but JSON.parse gives better messages for .json files.
    parsed = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    throw new LoupeError('INVALID_ARGUMENT', `The training config ${path.basename(file)} is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(cause as Error).message}`, { cause });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new LoupeError('INVALID_ARGUMENT', `The training config ${path.basename(file)} must be a mapping of fields (data, model, training, …).`);
  }
  return parsed as Json;
}

/** `--set training.epochs=5` pairs; values are YAML scalars so numbers, booleans and lists keep their type. */
export function parseOverrides(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new LoupeError('INVALID_ARGUMENT', `--set takes FIELD=VALUE (e.g. training.epochs=5), got "${pair}".`);
    const text = pair.slice(eq + 1);
    let value: unknown;
    try {
      value = parseYaml(text);
    } catch {
      value = text;
    }
    out[pair.slice(0, eq).trim()] = value === null && text.trim() !== '' && text.trim() !== 'null' ? text : value;
  }
  return out;
}

/** Sets `a.b.0.c` inside a copy of `obj`, creating mappings and lists on the way. */
export function setPath(obj: Json, dotted: string, value: unknown): Json {
  const keys = dotted.split('.');
  if (keys.some((k) => k === '' || k === '__proto__' || k === 'constructor' || k === 'prototype')) {
    throw new LoupeError('INVALID_ARGUMENT', `"${dotted}" is not a config field path.`);
  }
  const root: Json = structuredClone(obj);
  let node: Json | unknown[] = root;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    const index = /^\d+$/.test(key) ? Number(key) : undefined;
    if (Array.isArray(node)) {
      if (index === undefined) throw new LoupeError('INVALID_ARGUMENT', `In "${dotted}", "${keys.slice(0, i).join('.')}" is a list; use a number, not "${key}".`);
      if (last) node[index] = value;
      else node = (node[index] = asContainer(node[index], keys[i + 1]));
    } else {
      if (last) node[key] = value;
      else node = (node[key] = asContainer(node[key], keys[i + 1]));
    }
  });
  return root;
}

function asContainer(existing: unknown, nextKey: string): Json | unknown[] {
  if (existing !== null && typeof existing === 'object') return existing as Json | unknown[];
  return /^\d+$/.test(nextKey) ? [] : {};
}

export function applyOverrides(raw: Json, overrides: Record<string, unknown> = {}): Json {
  let out = raw;
  for (const [key, value] of Object.entries(overrides)) out = setPath(out, key, value);
  return out;
}

/** Reads, overrides and validates a config file. */
export function loadConfigFile(file: string, overrides: Record<string, unknown> = {}): TrainingConfig {
  return validateConfig(applyOverrides(readRawConfig(file), overrides));
}

/**
 * The config as run params: `training.learningRate`, `model.layers.0.units`, … — the same dotted
 * paths `--set` and sweep search spaces use, so a param can be copied back into a command line.
 */
export function flattenConfig(config: TrainingConfig): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  const walk = (v: unknown, prefix: string): void => {
    if (v === undefined || v === null) return;
    if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) out[prefix] = JSON.stringify(v);
    else if (typeof v === 'object') for (const [k, child] of Object.entries(v as Json)) walk(child, prefix ? `${prefix}.${k}` : k);
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[prefix] = v;
  };
  const { sweep: _sweep, ...rest } = config;
  walk(rest, '');
  return out;
}
