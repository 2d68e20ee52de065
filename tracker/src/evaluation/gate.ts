import type { CheckResult } from './checks';
import { LOWER_IS_BETTER } from './metrics';
import { num, pValue } from './numbers';
import type { GatePolicy } from './policy';
import type { SliceReport } from './slices';
import type { DiffInterval } from './stats/bootstrap';
import type { LatencySummary } from './stats/latency';
import type { McNemarResult } from './stats/pairedTests';
import type { Task } from './types';

export type Verdict = 'promote' | 'reject';

export interface Reason {
  check: 'primary_metric' | 'mcnemar' | 'latency' | 'slices' | CheckResult['name'];
  passed: boolean;
  sentence: string;
}

export interface GateInput {
  task: Task;
  policy: GatePolicy;
  champion: number;
  challenger: number;
  /** Bootstrap interval of challenger − champion for the primary metric. */
  diff: DiffInterval;
  confidence: number;
  mcnemar?: McNemarResult;
  latency: { champion: LatencySummary; challenger: LatencySummary };
  slices: SliceReport;
  checks: CheckResult[];
}

/** Promote only when every rule passes; every rule's outcome is given as a sentence either way. */
export function gate(input: GateInput): { verdict: Verdict; reasons: Reason[] } {
  const reasons: Reason[] = [primaryReason(input)];
  if (input.task === 'classification' && input.policy.mode === 'superiority') reasons.push(mcnemarReason(input));
  reasons.push(latencyReason(input), sliceReason(input));
  for (const c of input.checks) reasons.push({ check: c.name, passed: c.passed, sentence: c.sentence });
  return { verdict: reasons.every((r) => r.passed) ? 'promote' : 'reject', reasons };
}

/** The interval of the improvement (positive = challenger better) whatever the metric's direction. */
export function improvementInterval(metric: string, diff: DiffInterval): { lo: number; hi: number } {
  return LOWER_IS_BETTER.has(metric as never) ? { lo: -diff.hi, hi: -diff.lo } : { lo: diff.lo, hi: diff.hi };
}

function primaryReason({ policy, champion, challenger, diff, confidence }: GateInput): Reason {
  const m = policy.primaryMetric;
  const ci = improvementInterval(m, diff);
  const direction = LOWER_IS_BETTER.has(m) ? 'lower is better' : 'higher is better';
  const head = `${m} (${direction}): challenger ${num(challenger)} vs champion ${num(champion)}`;
  if (diff.valid === 0 || Number.isNaN(ci.lo)) {
    return { check: 'primary_metric', passed: false, sentence: `${head}; the improvement has no bootstrap interval (the metric is undefined on these rows), so it cannot be shown.` };
  }
  const interval = `the ${Math.round(confidence * 100)}% CI of the improvement is [${num(ci.lo)}, ${num(ci.hi)}]`;
  if (policy.mode === 'superiority') {
    const passed = ci.lo > policy.minImprovement;
    return { check: 'primary_metric', passed, sentence: `${head}; ${interval}, whose lower bound is ${passed ? 'above' : 'not above'} the required improvement of ${num(policy.minImprovement)}.` };
  }
  const passed = ci.lo > -policy.nonInferiorityMargin;
  return { check: 'primary_metric', passed, sentence: `${head}; ${interval}, whose lower bound is ${passed ? 'above' : 'not above'} −${num(policy.nonInferiorityMargin)} (the non-inferiority margin).` };
}

function mcnemarReason({ mcnemar, policy }: GateInput): Reason {
  if (!mcnemar) return { check: 'mcnemar', passed: false, sentence: "McNemar's test could not be run." };
  const { b, c, p } = mcnemar;
  const counts = `${b + c} discordant row(s): ${b} right→wrong, ${c} wrong→right`;
  const significant = p < policy.alpha;
  const passed = significant && c > b;
  const why = !significant
    ? `not below α = ${num(policy.alpha)}: the models' disagreements are consistent with chance`
    : c > b
      ? `below α = ${num(policy.alpha)}, in the challenger's favour`
      : `below α = ${num(policy.alpha)}, but in the champion's favour`;
  return { check: 'mcnemar', passed, sentence: `McNemar's exact test on ${counts} gives p = ${pValue(p)}, ${why}.` };
}

function latencyReason({ latency, policy }: GateInput): Reason {
  const a = latency.champion.perRowMs.p95;
  const b = latency.challenger.perRowMs.p95;
  const ratio = a > 0 ? b / a : b > 0 ? Infinity : 1;
  const passed = ratio <= policy.maxLatencyRatio;
  return {
    check: 'latency',
    passed,
    sentence: `The challenger's p95 latency per row is ${num(b)} ms, ${num(ratio)}× the champion's ${num(a)} ms (limit ${num(policy.maxLatencyRatio)}×).`,
  };
}

function sliceReason({ slices, policy }: GateInput): Reason {
  const judged = slices.slices.filter((s) => !s.tooSmall);
  const small = slices.slices.length - judged.length;
  const bad = judged.filter((s) => s.regressed);
  const smallNote = small ? `; ${small} slice(s) under ${policy.minSliceSize} rows were ignored` : '';
  const margin = `${num(policy.maxSliceRegression)}${slices.metric === 'mae' || slices.metric === 'rmse' ? ' (relative)' : ''}`;
  if (bad.length === 0) {
    return { check: 'slices', passed: true, sentence: `No slice is worse for the challenger by more than ${margin} in ${slices.metric} (${judged.length} slice(s) checked${smallNote}).` };
  }
  const list = bad
    .sort((x, y) => (y.regression ?? 0) - (x.regression ?? 0))
    .slice(0, 5)
    .map((s) => `${s.column} ${s.kind === 'category' ? '= ' : ''}${s.value} (n = ${s.n}): ${num(s.challenger)} vs ${num(s.champion)}`)
    .join('; ');
  return {
    check: 'slices',
    passed: false,
    sentence: `The challenger is worse than the champion by more than ${margin} in ${slices.metric} on ${bad.length} slice(s): ${list}${bad.length > 5 ? `; and ${bad.length - 5} more` : ''}.`,
  };
}
