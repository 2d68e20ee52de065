/**
 * Progress of a training job, as the worker prints it: one JSON object per stdout line. Anything
 * else on stdout (a library's banner) is not an event and is passed to `onOutput` instead.
 */
export type TrainEvent =
  | { type: 'started'; runId: string; parentRunId: string | null; name: string }
  | { type: 'epoch'; runId: string; epoch: number; epochs: number; metrics: Record<string, number> }
  | { type: 'run-end'; runId: string; status: string; metrics: Record<string, number> }
  | { type: 'done'; runId: string; modelVersion: number | null; modelName: string | null; metrics: Record<string, number> }
  | { type: 'error'; message: string; code?: string; runId?: string };

const TYPES = new Set(['started', 'epoch', 'run-end', 'done', 'error']);

export function encodeEvent(e: TrainEvent): string {
  // JSON has no NaN/Infinity: a diverged loss travels as null rather than breaking the line.
  return JSON.stringify(e, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

export function decodeEvent(line: string): TrainEvent | undefined {
  const t = line.trim();
  if (!t.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(t) as { type?: unknown };
    return v && typeof v === 'object' && typeof v.type === 'string' && TYPES.has(v.type) ? (v as TrainEvent) : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a byte stream into lines, keeping a partial last line until its newline arrives. */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer | string): void; end(): void } {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        onLine(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    },
    end() {
      if (pending) onLine(pending);
      pending = '';
    },
  };
}
