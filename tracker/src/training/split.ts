import { seededRandom } from '../demo/softmaxRegression';

/** Indices into a table: which rows train, which validate. */
export interface Split {
  train: number[];
  val: number[];
}

/** Fisher–Yates with a seeded generator (sorting by a random key is biased and not stable across engines). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Groups rows by stratum (class), each group shuffled; a single group when there is no stratum. */
function groups(rows: readonly number[], stratum: ((row: number) => string) | undefined, random: () => number): number[][] {
  if (!stratum) return [shuffled(rows, random)];
  const byKey = new Map<string, number[]>();
  for (const r of rows) {
    const k = stratum(r);
    let g = byKey.get(k);
    if (!g) byKey.set(k, (g = []));
    g.push(r);
  }
  return [...byKey.keys()].sort().map((k) => shuffled(byKey.get(k)!, random));
}

/**
 * Holds out `fraction` of the rows, per class when `stratum` is given so a rare class appears on
 * both sides. Every class keeps at least one training row.
 */
export function trainValSplit(rows: readonly number[], fraction: number, seed: number, stratum?: (row: number) => string): Split {
  const random = seededRandom(seed);
  const train: number[] = [];
  const val: number[] = [];
  for (const g of groups(rows, stratum, random)) {
    const nVal = Math.min(g.length - 1, Math.round(g.length * fraction));
    val.push(...g.slice(0, nVal));
    train.push(...g.slice(nVal));
  }
  if (val.length === 0) throw new Error(`A validation split of ${fraction} leaves no validation rows out of ${rows.length}.`);
  return { train: train.sort((a, b) => a - b), val: val.sort((a, b) => a - b) };
}

/**
 * k folds; with `stratum`, each class is dealt round-robin across folds so every fold keeps the
 * class balance (like scikit-learn's StratifiedKFold).
 */
export function kFolds(rows: readonly number[], k: number, seed: number, stratum?: (row: number) => string): Split[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`Cross-validation needs at least 2 folds, got ${k}.`);
  if (rows.length < k) throw new Error(`Cross-validation with ${k} folds needs at least ${k} rows; there are ${rows.length}.`);
  const random = seededRandom(seed);
  const fold: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const g of groups(rows, stratum, random)) {
    for (const r of g) {
      fold[next].push(r);
      next = (next + 1) % k;
    }
  }
  return fold.map((val, i) => ({
    train: fold.flatMap((f, j) => (j === i ? [] : f)).sort((a, b) => a - b),
    val: [...val].sort((a, b) => a - b),
  }));
}
