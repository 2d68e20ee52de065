import type { EvaluationView, FlipRow } from '../../../protocol/evaluation';
import type { SqliteDatabase } from '../../../tracker/src/store/database';
import type { EvaluationReport } from '../../../tracker/src/evaluation/report';

const LOWER_IS_BETTER = new Set(['mae', 'rmse', 'log_loss', 'ece', 'brier']);
const FLIPS_SHOWN = 2000;

interface Answer {
  row_index: number;
  label: string;
  champion: string;
  challenger: string;
}

/** Confusion matrices of both models, counted from the per-row shadow log. */
function confusion(db: SqliteDatabase, id: string): EvaluationView['confusion'] {
  const pairs = db.prepare<[string], { label: string; champion: string; challenger: string; n: number }>(
    'SELECT label, champion, challenger, count(*) AS n FROM evaluation_rows WHERE evaluation_id = ? GROUP BY label, champion, challenger',
  ).all(id);
  const labels = [...new Set(pairs.flatMap((p) => [p.label, p.champion, p.challenger]))].sort();
  if (labels.length > 30) return null;
  const empty = () => labels.map(() => labels.map(() => 0));
  const champion = empty();
  const challenger = empty();
  for (const p of pairs) {
    champion[labels.indexOf(p.label)][labels.indexOf(p.champion)] += p.n;
    challenger[labels.indexOf(p.label)][labels.indexOf(p.challenger)] += p.n;
  }
  return { labels, champion, challenger };
}

function flips(db: SqliteDatabase, id: string, indexes: number[] | undefined): FlipRow[] {
  if (!indexes?.length) return [];
  const get = db.prepare<[string, number], Answer>('SELECT row_index, label, champion, challenger FROM evaluation_rows WHERE evaluation_id = ? AND row_index = ?');
  return indexes.slice(0, FLIPS_SHOWN).flatMap((i) => {
    const a = get.get(id, i);
    return a ? [{ row: a.row_index, label: a.label, champion: a.champion, challenger: a.challenger }] : [];
  });
}

/** The panel's view of a stored evaluation report; `promoted` and `promotable` come from the registry. */
export function evaluationView(report: EvaluationReport, db: SqliteDatabase, state: { promoted: boolean; overridable: boolean }): EvaluationView {
  const names = Object.keys(report.metrics.champion);
  const diffs = report.bootstrap.differences;
  const classification = report.task === 'classification';
  return {
    type: 'evaluation/report', id: report.id, createdAt: report.createdAt,
    champion: report.champion.ref, challenger: report.challenger.ref, dataset: report.dataset.ref, task: report.task,
    primaryMetric: report.slices.metric, verdict: report.verdict,
    reasons: report.reasons.map((r) => ({ passed: r.passed, text: r.sentence })),
    metrics: names.map((name) => ({
      name, champion: report.metrics.champion[name], challenger: report.metrics.challenger[name],
      difference: diffs[name]?.estimate ?? null, ciLow: diffs[name]?.lo ?? null, ciHigh: diffs[name]?.hi ?? null,
      higherIsBetter: !LOWER_IS_BETTER.has(name),
    })),
    pairedTest: report.tests.mcnemar
      ? { name: "McNemar's exact test", statistic: `b = ${report.tests.mcnemar.b}, c = ${report.tests.mcnemar.c}`, pValue: report.tests.mcnemar.p }
      : report.tests.wilcoxon ? { name: `Wilcoxon signed-rank (${report.tests.wilcoxon.on})`, statistic: `z = ${report.tests.wilcoxon.z.toFixed(3)}`, pValue: report.tests.wilcoxon.p } : null,
    agreement: report.agreement.rate,
    flips: {
      rightToWrong: flips(db, report.id, report.agreement.rightToWrong),
      wrongToRight: flips(db, report.id, report.agreement.wrongToRight),
      total: (report.agreement.rightToWrong?.length ?? 0) + (report.agreement.wrongToRight?.length ?? 0),
    },
    latency: (['champion', 'challenger'] as const).map((model) => ({
      model, p50: report.latency[model].perRowMs.p50, p95: report.latency[model].perRowMs.p95, p99: report.latency[model].perRowMs.p99, rowsPerSecond: report.latency[model].throughput,
    })),
    slices: report.slices.slices.filter((s) => !s.tooSmall && s.champion !== null && s.challenger !== null)
      .map((s) => ({ column: s.column, slice: s.value, n: s.n, champion: s.champion!, challenger: s.challenger!, regressed: s.regressed })),
    confusion: classification ? confusion(db, report.id) : null,
    roc: report.roc
      ? (['champion', 'challenger'] as const).map((model) => ({ model, fpr: report.roc![model].fpr, tpr: report.roc![model].tpr, auc: report.metrics[model].roc_auc ?? null }))
      : [],
    checks: report.checks.map((c) => ({ name: c.name.replace(/_/g, ' '), passed: c.passed, detail: c.sentence })),
    promotable: !state.promoted && (report.verdict === 'promote' || state.overridable),
    promoted: state.promoted,
  };
}
