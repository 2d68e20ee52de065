import { LoupeError } from '../errors';
import type { Cell, Prediction, Task } from './types';

/** One model's classification answers as class codes (indices into `classes`). */
export interface ClassAnswers {
  pred: Int32Array;
  /** Row-major n × classes probabilities (normalised to sum to 1), or null when any row lacks them. */
  probs: Float64Array | null;
  correct: Uint8Array;
}

export interface ClassificationOutcomes {
  task: 'classification';
  classes: string[];
  truth: Int32Array;
  champion: ClassAnswers;
  challenger: ClassAnswers;
}

export interface RegressionOutcomes {
  task: 'regression';
  truth: Float64Array;
  champion: Float64Array;
  challenger: Float64Array;
}

export type Outcomes = ClassificationOutcomes | RegressionOutcomes;

/**
 * Turns labels and predictions into typed arrays once, so every metric, the bootstrap and the slices
 * work on integers and floats instead of re-reading prediction objects.
 */
export function encodeOutcomes(task: Task, labels: readonly Cell[], champion: readonly Prediction[], challenger: readonly Prediction[]): Outcomes {
  return task === 'regression' ? encodeRegression(labels, champion, challenger) : encodeClassification(labels, champion, challenger);
}

function encodeRegression(labels: readonly Cell[], champion: readonly Prediction[], challenger: readonly Prediction[]): RegressionOutcomes {
  const truth = new Float64Array(labels.length);
  labels.forEach((l, i) => {
    const v = typeof l === 'number' ? l : Number(l);
    if (!Number.isFinite(v)) throw new LoupeError('INVALID_ARGUMENT', `Row ${i} has the label ${JSON.stringify(l)}, which is not a number; a regression needs numeric labels.`);
    truth[i] = v;
  });
  const values = (preds: readonly Prediction[], role: string) => {
    const out = new Float64Array(preds.length);
    preds.forEach((p, i) => {
      const v = p.value ?? (p.label !== undefined ? Number(p.label) : NaN);
      if (!Number.isFinite(v)) throw new LoupeError('INVALID_ARGUMENT', `The ${role} answered row ${i} without a numeric value (${JSON.stringify(p)}); a regression model must print a number.`);
      out[i] = v;
    });
    return out;
  };
  return { task: 'regression', truth, champion: values(champion, 'champion'), challenger: values(challenger, 'challenger') };
}

function encodeClassification(labels: readonly Cell[], champion: readonly Prediction[], challenger: readonly Prediction[]): ClassificationOutcomes {
  const names = new Set<string>();
  const truthText = labels.map((l) => String(l).trim());
  truthText.forEach((l) => names.add(l));
  for (const preds of [champion, challenger]) {
    for (const p of preds) {
      if (p.label !== undefined) names.add(p.label);
      if (p.probabilities) for (const k of Object.keys(p.probabilities)) names.add(k);
    }
  }
  const classes = [...names].sort();
  const code = new Map(classes.map((c, i) => [c, i]));
  const truth = Int32Array.from(truthText, (t) => code.get(t)!);
  return { task: 'classification', classes, truth, champion: encodeAnswers(champion, 'champion', classes, code, truth), challenger: encodeAnswers(challenger, 'challenger', classes, code, truth) };
}

function encodeAnswers(preds: readonly Prediction[], role: string, classes: string[], code: Map<string, number>, truth: Int32Array): ClassAnswers {
  const n = preds.length;
  const k = classes.length;
  const pred = new Int32Array(n);
  const hasProbs = n > 0 && preds.every((p) => p.probabilities !== undefined);
  const probs = hasProbs ? new Float64Array(n * k) : null;
  const correct = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = preds[i];
    if (probs) fillProbabilities(probs, i * k, p.probabilities!, code, role, i);
    let c: number | undefined = p.label !== undefined ? code.get(p.label) : undefined;
    if (c === undefined && probs) c = argmax(probs, i * k, k);
    if (c === undefined) throw new LoupeError('INVALID_ARGUMENT', `The ${role} answered row ${i} without a label or probabilities (${JSON.stringify(p)}).`);
    pred[i] = c;
    correct[i] = c === truth[i] ? 1 : 0;
  }
  return { pred, probs, correct };
}

function fillProbabilities(out: Float64Array, at: number, probabilities: Record<string, number>, code: Map<string, number>, role: string, row: number): void {
  let sum = 0;
  for (const [name, v] of Object.entries(probabilities)) {
    out[at + code.get(name)!] = v;
    sum += v;
  }
  if (!(sum > 0)) throw new LoupeError('INVALID_ARGUMENT', `The ${role}'s probabilities for row ${row} sum to ${sum}; they must sum to a positive number.`);
  // Models that print scores rather than probabilities still get comparable log loss and calibration.
  if (Math.abs(sum - 1) > 1e-9) for (const c of code.values()) out[at + c] /= sum;
}

function argmax(a: Float64Array, at: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (a[at + c] > a[at + best]) best = c;
  return best;
}

/** The answer as text for the per-row log: the class, or the number. */
export function answerText(o: Outcomes, role: 'champion' | 'challenger', i: number): string {
  return o.task === 'classification' ? o.classes[o[role].pred[i]] : String(o[role][i]);
}
