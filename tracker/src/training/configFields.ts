import { LoupeError } from '../errors';

/**
 * Small typed readers for untrusted config objects. Every failure names the dotted field path so a
 * user can find the bad line in a long YAML file without reading a stack trace.
 */
export type Json = Record<string, unknown>;

export function configError(field: string, problem: string): LoupeError {
  return new LoupeError('INVALID_ARGUMENT', `Config field ${field} ${problem}`);
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v)?.slice(0, 60) ?? String(v);
}

export function readObject(v: unknown, field: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw configError(field, `must be a mapping of fields, got ${show(v)}.`);
  return v as Json;
}

/** Typos (`learningrate`) would otherwise be silently ignored and the default used instead. */
export function rejectUnknown(obj: Json, field: string, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const near = allowed.find((a) => a.toLowerCase() === key.toLowerCase().replace(/[-_]/g, ''));
    const where = field ? `${field}.${key}` : key;
    throw configError(where, `is not a known field${near ? `; did you mean ${field ? `${field}.` : ''}${near}?` : `. Known fields: ${allowed.join(', ')}.`}`);
  }
}

export function readString(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw configError(field, `must be a non-empty string, got ${show(v)}.`);
  return v;
}

export function optString(v: unknown, field: string): string | undefined {
  return v === undefined || v === null ? undefined : readString(v, field);
}

export function readEnum<T extends string>(v: unknown, field: string, options: readonly T[], fallback?: T): T {
  if ((v === undefined || v === null) && fallback !== undefined) return fallback;
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) {
    throw configError(field, `must be one of ${options.map((o) => `'${o}'`).join(', ')}, got ${show(v)}.`);
  }
  return v as T;
}

export interface NumberRule {
  min?: number;
  max?: number;
  /** When true, `min` itself is not allowed. */
  above?: boolean;
  integer?: boolean;
}

export function readNumber(v: unknown, field: string, rule: NumberRule, fallback?: number): number {
  if ((v === undefined || v === null) && fallback !== undefined) return fallback;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  const range = [
    rule.integer ? 'an integer' : 'a number',
    rule.min !== undefined ? `${rule.above ? '>' : '>='} ${rule.min}` : '',
    rule.max !== undefined ? `<= ${rule.max}` : '',
  ].filter(Boolean).join(' ');
  const ok =
    typeof n === 'number' && Number.isFinite(n) && (!rule.integer || Number.isInteger(n)) &&
    (rule.min === undefined || (rule.above ? n > rule.min : n >= rule.min)) && (rule.max === undefined || n <= rule.max);
  if (!ok) throw configError(field, `must be ${range}, got ${show(v)}.`);
  return n as number;
}

export function readBoolean(v: unknown, field: string, fallback: boolean): boolean {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw configError(field, `must be true or false, got ${show(v)}.`);
  return v;
}

export function readStringList(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.length === 0) throw configError(field, `must be a non-empty list of column names, got ${show(v)}.`);
  return v.map((item, i) => readString(item, `${field}.${i}`));
}
