import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** One figure per line: `bench NAME: VALUE UNIT (target OP VALUE) ok|short`. */
export function report(name: string, value: number, unit: string, op: '>=' | '<=', target: number): void {
  const ok = op === '>=' ? value >= target : value <= target;
  console.log(`bench ${name}: ${fmt(value)} ${unit} (target ${op} ${fmt(target)}) ${ok ? 'ok' : 'short'}`);
}

function fmt(v: number): string {
  if (Math.abs(v) >= 1e5) return v.toExponential(3);
  return Number(v.toPrecision(4)).toString();
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `loupe-bench-${label}-`));
}

/** Best of `repeat` timings (ms) of `fn`: the least disturbed run on a shared machine. */
export function bestOf(repeat: number, fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}
