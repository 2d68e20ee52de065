import { seededRandom } from '../../demo/softmaxRegression';

/**
 * A uniform sample of at most `capacity` numbers (Vitter's algorithm R). While fewer values than
 * the capacity arrived it holds all of them, so medians and histograms are exact for small columns.
 * Seeded, so the same file always yields the same profile (and profile object id).
 */
export class Reservoir {
  readonly values: number[] = [];
  seen = 0;
  private readonly random: () => number;

  constructor(private readonly capacity: number, seed: number) {
    this.random = seededRandom(seed);
  }

  add(v: number): void {
    this.seen++;
    if (this.values.length < this.capacity) this.values.push(v);
    else {
      const j = Math.floor(this.random() * this.seen);
      if (j < this.capacity) this.values[j] = v;
    }
  }

  get exact(): boolean {
    return this.seen <= this.capacity;
  }
}

/** 53-bit string hash (cyrb53): cheap, well mixed, split into index and rank bits for HyperLogLog. */
function hash53(s: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/** HyperLogLog with 2^12 registers: about 1.6 % error, 4 KiB per column, for distinct counts past the exact cap. */
export class HyperLogLog {
  private static readonly P = 12;
  private readonly registers = new Uint8Array(1 << HyperLogLog.P);

  add(s: string): void {
    const [h1, h2] = hash53(s);
    const idx = h1 >>> (32 - HyperLogLog.P);
    const rank = Math.clz32(h2) + 1;
    if (rank > this.registers[idx]) this.registers[idx] = rank;
  }

  estimate(): number {
    const m = this.registers.length;
    let sum = 0;
    let zeros = 0;
    for (const r of this.registers) {
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const raw = ((0.7213 / (1 + 1.079 / m)) * m * m) / sum;
    // Linear counting is the better estimator while many registers are still empty.
    return Math.round(raw <= 2.5 * m && zeros > 0 ? m * Math.log(m / zeros) : raw);
  }
}

/**
 * Value counts: exact until `cap` distinct values, then Misra–Gries (counts become lower bounds and
 * rare values drop out) plus HyperLogLog for the distinct count. Memory stays bounded on ID columns.
 */
export class ValueCounter {
  readonly counts = new Map<string, number>();
  private hll: HyperLogLog | undefined;

  constructor(private readonly cap: number) {}

  add(key: string): void {
    this.hll?.add(key);
    const c = this.counts.get(key);
    if (c !== undefined) {
      this.counts.set(key, c + 1);
      return;
    }
    if (this.counts.size < this.cap && !this.hll) {
      this.counts.set(key, 1);
      return;
    }
    if (!this.hll) {
      this.hll = new HyperLogLog();
      for (const k of this.counts.keys()) this.hll.add(k);
      this.hll.add(key);
    }
    if (this.counts.size < this.cap) this.counts.set(key, 1);
    else {
      for (const [k, n] of this.counts) {
        if (n <= 1) this.counts.delete(k);
        else this.counts.set(k, n - 1);
      }
    }
  }

  get approximate(): boolean {
    return this.hll !== undefined;
  }

  distinct(): number {
    return this.hll ? Math.max(this.hll.estimate(), this.counts.size) : this.counts.size;
  }

  top(k: number): { value: string; count: number }[] {
    return [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k).map(([value, count]) => ({ value, count }));
  }
}
