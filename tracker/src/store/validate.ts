import { LoupeError } from '../errors';

export const MAX_NAME_LENGTH = 250;
export const MAX_VALUE_LENGTH = 64 * 1024;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Names of experiments, runs, params, tags and metrics: 1-250 chars, no control characters. */
export function checkName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new LoupeError('INVALID_ARGUMENT', `A ${kind} name must be a non-empty string.`);
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new LoupeError('INVALID_ARGUMENT', `The ${kind} name "${name.slice(0, 40)}…" is ${name.length} characters; the limit is ${MAX_NAME_LENGTH}.`);
  }
  if (CONTROL.test(name)) {
    throw new LoupeError('INVALID_ARGUMENT', `The ${kind} name ${JSON.stringify(name)} contains a control character.`);
  }
  return name;
}

/** Param and tag values are stored as text; numbers keep their shortest round-trip form. */
export function valueToText(kind: string, key: string, value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number') text = Number.isNaN(value) ? 'NaN' : Object.is(value, -0) ? '-0' : String(value);
  else if (typeof value === 'boolean' || typeof value === 'bigint') text = String(value);
  else if (value === null || value === undefined) text = '';
  else text = JSON.stringify(value);
  if (text.length > MAX_VALUE_LENGTH) {
    throw new LoupeError('INVALID_ARGUMENT', `The ${kind} "${key}" has a value of ${text.length} characters; the limit is ${MAX_VALUE_LENGTH}.`);
  }
  return text;
}

export function checkMetricValue(key: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new LoupeError('INVALID_ARGUMENT', `The metric "${key}" got ${typeof value} ${JSON.stringify(value)?.slice(0, 40)}; metrics must be numbers.`);
  }
  return value;
}
