import { invalid } from './http';

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const NUMERIC_TEXT = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * The arguments of one MLflow call: the JSON body merged over the query string. Proto3 JSON lets
 * clients spell int64 fields as strings and non-finite doubles as "NaN"/"Infinity", so the number
 * readers accept both spellings; a GET's query string only has strings anyway.
 */
export class Args {
  constructor(private readonly values: Record<string, unknown>) {}

  static from(query: URLSearchParams, body: Record<string, unknown>): Args {
    const merged: Record<string, unknown> = {};
    for (const key of new Set(query.keys())) {
      const all = query.getAll(key);
      merged[key] = all.length === 1 ? all[0] : all;
    }
    return new Args({ ...merged, ...body });
  }

  has(name: string): boolean {
    const v = this.values[name];
    return v !== undefined && v !== null;
  }

  raw(name: string): unknown {
    return this.values[name];
  }

  str(name: string): string {
    const v = this.optStr(name);
    if (v === undefined || v === '') throw invalid(`Missing value for required parameter '${name}'.`);
    return v;
  }

  optStr(name: string): string | undefined {
    const v = this.values[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw invalid(`Invalid value ${JSON.stringify(v).slice(0, 60)} for parameter '${name}': expected a string.`);
  }

  /** The first of several names that is present (MLflow still accepts the old `run_uuid`). */
  strOf(...names: string[]): string {
    const name = names.find((n) => this.has(n)) ?? names[0];
    return this.str(name);
  }

  optNum(name: string): number | undefined {
    const v = this.values[name];
    if (v === undefined || v === null || v === '') return undefined;
    return toNumber(v, `parameter '${name}'`);
  }

  num(name: string): number {
    const v = this.optNum(name);
    if (v === undefined) throw invalid(`Missing value for required parameter '${name}'.`);
    return v;
  }

  optInt(name: string, min: number, max: number): number | undefined {
    const v = this.optNum(name);
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || v < min || v > max) throw invalid(`Invalid value ${v} for parameter '${name}': expected an integer from ${min} to ${max}.`);
    return v;
  }

  strList(name: string): string[] {
    const v = this.values[name];
    if (v === undefined || v === null) return [];
    const list = Array.isArray(v) ? v : [v];
    return list.map((item) => {
      if (typeof item === 'string' || typeof item === 'number') return String(item);
      throw invalid(`Invalid value in '${name}': expected a list of strings.`);
    });
  }

  /** A list of objects such as `tags: [{key, value}]`. */
  objects(name: string): Record<string, unknown>[] {
    const v = this.values[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw invalid(`Invalid value for parameter '${name}': expected a list.`);
    return v.map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalid(`Invalid value for '${name}[${i}]': expected an object.`);
      return item as Record<string, unknown>;
    });
  }
}

/** A number from a JSON number or its proto3 string spelling. */
export function toNumber(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (Object.hasOwn(NON_FINITE, v)) return NON_FINITE[v];
    if (NUMERIC_TEXT.test(v)) return Number(v);
  }
  throw invalid(`Invalid value ${JSON.stringify(v)?.slice(0, 60)} for ${what}: expected a number.`);
}

/** A tag or param entry `{key, value}`; values may be numbers or booleans, stored as text. */
export function keyValue(item: Record<string, unknown>, what: string): { key: string; value: string } {
  const key = item.key;
  if (typeof key !== 'string' || key === '') throw invalid(`Missing value for required parameter 'key' of a ${what}.`);
  const value = item.value;
  if (value === undefined || value === null) return { key, value: '' };
  if (typeof value === 'string') return { key, value };
  if (typeof value === 'number' || typeof value === 'boolean') return { key, value: String(value) };
  throw invalid(`Invalid value for the ${what} '${key}': expected a string.`);
}
