import { allMetrics } from './metrics';
import { rocCurveMicro } from './stats/rocCurve';
import type { Outcomes } from './outcomes';
import { nullIfNaN, toMetricValues, type DifferenceInterval, type EvaluationReport } from './report';
import { classificationAgreement, regressionAgreement } from './stats/agreement';
import type { BootstrapResult } from './stats/bootstrap';
import { bootstrapClassification } from './stats/bootstrapClassification';
import { bootstrapRegression } from './stats/bootstrapRegression';
import { mcnemarExact, wilcoxonSignedRank } from './stats/pairedTests';
import { calibration } from './stats/probabilistic';
import { classificationMetrics } from './stats/classification';

/** The statistical part of a report: everything computed from the two models' answers alone. */
export type Analysis = Pick<EvaluationReport, 'metrics' | 'perClass' | 'bootstrap' | 'tests' | 'agreement' | 'calibration'> & {
  raw: { champion: Record<string, number>; challenger: Record<string, number>; bootstrap: BootstrapResult };
};

export function analyse(o: Outcomes, rowIndex: Int32Array, options: { seed: number; resamples?: number; confidence?: number }): Analysis {
  const champion = allMetrics(o, 'champion');
  const challenger = allMetrics(o, 'challenger');
  const boot = o.task === 'classification' ? bootstrapClassification(o, options) : bootstrapRegression(o, options);
  const differences: Record<string, DifferenceInterval> = {};
  for (const name of Object.keys(champion)) {
    const ci = boot.intervals[name];
    differences[name] = {
      estimate: nullIfNaN(challenger[name] - champion[name]),
      lo: ci ? nullIfNaN(ci.lo) : null,
      hi: ci ? nullIfNaN(ci.hi) : null,
      valid: ci ? ci.valid : 0,
    };
  }
  const base = {
    metrics: { champion: toMetricValues(champion), challenger: toMetricValues(challenger) },
    bootstrap: { resamples: boot.resamples, confidence: boot.confidence, differences, notes: boot.notes },
    raw: { champion, challenger, bootstrap: boot },
  };
  if (o.task === 'regression') {
    const d = new Float64Array(o.truth.length);
    for (let i = 0; i < d.length; i++) d[i] = Math.abs(o.challenger[i] - o.truth[i]) - Math.abs(o.champion[i] - o.truth[i]);
    return {
      ...base,
      tests: { wilcoxon: { ...wilcoxonSignedRank(d), on: '|challenger error| − |champion error| per row (Wilcoxon signed-rank, normal approximation with tie correction)' } },
      agreement: { rate: nullIfNaN(regressionAgreement(o.champion, o.challenger)) },
    };
  }
  const k = o.classes.length;
  const agreement = classificationAgreement(o.champion.pred, o.challenger.pred, o.champion.correct, o.challenger.correct, rowIndex);
  const perClass = (role: 'champion' | 'challenger') => classificationMetrics(o.truth, o[role].pred, k).perClass;
  const cal = (role: 'champion' | 'challenger') => {
    const a = o[role];
    if (!a.probs) return null;
    const c = calibration(o.truth, a.pred, a.probs, k);
    return { ece: nullIfNaN(c.ece), bins: c.bins };
  };
  const calA = cal('champion');
  const calB = cal('challenger');
  const rocA = o.champion.probs && rocCurveMicro(o.truth, o.champion.probs, k);
  const rocB = o.challenger.probs && rocCurveMicro(o.truth, o.challenger.probs, k);
  return {
    ...base,
    perClass: { classes: o.classes, champion: perClass('champion'), challenger: perClass('challenger') },
    tests: { mcnemar: mcnemarExact(agreement.rightToWrong.length, agreement.wrongToRight.length) },
    agreement: { rate: nullIfNaN(agreement.rate), rightToWrong: agreement.rightToWrong, wrongToRight: agreement.wrongToRight },
    ...(calA && calB ? { calibration: { champion: calA, challenger: calB } } : {}),
    ...(rocA && rocB ? { roc: { champion: rocA, challenger: rocB } } : {}),
  };
}
