import { LoupeError } from '../errors';
import { runShell } from './childProcess';
import type { Cell, InputColumn, ModelAdapter, Prediction, Row } from './types';

export type { ModelAdapter, Prediction, Row } from './types';

export const DEFAULT_TIMEOUT_MS = 60_000;

export interface CommandAdapterOptions {
  /** How rows reach the command's stdin: CSV with a header line (default) or one JSON object per line. */
  input?: 'csv' | 'jsonl';
  /** Per predict call (one batch); the command's whole process group is killed when it runs over. */
  timeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Column order for CSV input; defaults to the first row's keys. */
  columns?: string[];
  inputSchema?: InputColumn[];
}

/**
 * A model that is any shell command: rows in on stdin, one prediction per row out on stdout, either a
 * plain label/number per line or a JSON object per line (`{"label", "probabilities"}` or `{"value"}`).
 * One process per batch keeps the contract trivial for model authors (read to EOF, print, exit).
 */
export class CommandAdapter implements ModelAdapter {
  readonly id: string;
  readonly inputSchema?: InputColumn[];

  constructor(
    readonly command: string,
    private readonly options: CommandAdapterOptions = {},
  ) {
    if (!command.trim()) throw new LoupeError('INVALID_ARGUMENT', 'An external command model needs a command, e.g. cmd:python3 model.py.');
    this.id = `cmd:${command}`;
    this.inputSchema = options.inputSchema;
  }

  describe(): string {
    return `external command \`${this.command}\` (${this.options.input ?? 'csv'} on stdin)`;
  }

  async predict(rows: Row[]): Promise<Prediction[]> {
    if (rows.length === 0) return [];
    const format = this.options.input ?? 'csv';
    const input = format === 'jsonl' ? toJsonLines(rows) : toCsv(rows, this.options.columns ?? Object.keys(rows[0]));
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let result;
    try {
      result = await runShell(this.command, input, { cwd: this.options.cwd, env: this.options.env, timeoutMs });
    } catch (cause) {
      throw new LoupeError('INVALID_ARGUMENT', `Model ${this.id} could not be started: ${(cause as Error).message}`, { cause });
    }
    if (result.timedOut) {
      throw new LoupeError('INVALID_ARGUMENT', `Model ${this.id} timed out: no answer for ${rows.length} row(s) within ${formatSeconds(timeoutMs)}; its process group was killed.`);
    }
    if (result.code !== 0) {
      const how = result.code === null ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
      throw new LoupeError('INVALID_ARGUMENT', `Model ${this.id} crashed: it ${how}.${result.stderr ? `\nstderr:\n${result.stderr}` : ' It wrote nothing to stderr.'}`);
    }
    const lines = result.stdout.split(/\r?\n/);
    while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
    if (lines.length !== rows.length) {
      throw new LoupeError(
        'INVALID_ARGUMENT',
        `Model ${this.id} printed ${lines.length} prediction line(s) for ${rows.length} input row(s); it must print exactly one line per row, in order.`,
      );
    }
    return lines.map((line, i) => parsePredictionLine(line, i, this.id));
  }
}

/** Parses one output line; `index` is 0-based within the batch, reported 1-based to the user. */
export function parsePredictionLine(raw: string, index: number, modelId = 'the model'): Prediction {
  const line = raw.trim();
  const bad = (why: string) => new LoupeError('INVALID_ARGUMENT', `Model ${modelId} printed an unreadable prediction on output line ${index + 1} (${why}): ${JSON.stringify(line.slice(0, 200))}`);
  if (line.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw bad('not valid JSON');
    }
    const o = parsed as { label?: unknown; probabilities?: unknown; value?: unknown };
    const p: Prediction = {};
    if (typeof o.label === 'string' || typeof o.label === 'number' || typeof o.label === 'boolean') p.label = String(o.label);
    if (o.value !== undefined && o.value !== null) {
      if (typeof o.value !== 'number' || !Number.isFinite(o.value)) throw bad('"value" must be a finite number');
      p.value = o.value;
    }
    if (o.probabilities !== undefined && o.probabilities !== null) {
      if (typeof o.probabilities !== 'object' || Array.isArray(o.probabilities)) throw bad('"probabilities" must be an object of class → probability');
      const probs: Record<string, number> = {};
      for (const [k, v] of Object.entries(o.probabilities as Record<string, unknown>)) {
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad(`probability of "${k}" must be a number >= 0`);
        probs[k] = v;
      }
      p.probabilities = probs;
    }
    if (p.label === undefined && p.value === undefined && p.probabilities === undefined) throw bad('expected "label", "probabilities" or "value"');
    return p;
  }
  if (line === '') throw bad('empty line');
  const label = line.startsWith('"') ? unquote(line) : line;
  const n = Number(label);
  return Number.isFinite(n) ? { label, value: n } : { label };
}

function unquote(line: string): string {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'string' ? v : line;
  } catch {
    return line;
  }
}

function cellText(v: Cell | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

export function toCsv(rows: Row[], columns: string[]): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [columns.map(quote).join(',')];
  for (const r of rows) lines.push(columns.map((c) => quote(cellText(r[c]))).join(','));
  return lines.join('\n') + '\n';
}

function toJsonLines(rows: Row[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
