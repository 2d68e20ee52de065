import type { TopLevelSpec } from 'vega-lite';
import type { EvaluationView } from '../../../protocol/evaluation';
import { chartConfig, type ChartTheme } from '../common/chartTheme';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const MODEL_COLORS = { domain: ['champion', 'challenger'], range: ['#4c78a8', '#f58518'] };

/** Challenger − champion per metric with its bootstrap CI; the zero line is "no change". */
export function deltaSpec(view: EvaluationView, theme: ChartTheme): TopLevelSpec {
  const values = view.metrics.filter((m) => m.difference !== null).map((m) => ({ ...m, better: m.difference! === 0 ? 'same' : (m.difference! > 0) === m.higherIsBetter ? 'better' : 'worse' }));
  return {
    $schema: SCHEMA, width: 420, height: Math.max(80, 26 * values.length),
    data: { values },
    layer: [
      { mark: { type: 'rule', color: theme.muted, strokeDash: [4, 3] }, encoding: { x: { datum: 0 } } },
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'ciLow', type: 'quantitative', title: 'challenger − champion (95% CI)' }, x2: { field: 'ciHigh' }, color: { field: 'better', type: 'nominal', scale: { domain: ['better', 'same', 'worse'], range: ['#2ca02c', theme.muted, '#d62728'] }, title: null } } },
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { x: { field: 'difference', type: 'quantitative' }, color: { field: 'better', type: 'nominal' }, tooltip: [{ field: 'name' }, { field: 'difference', format: '.4f' }, { field: 'ciLow', format: '.4f' }, { field: 'ciHigh', format: '.4f' }] } },
    ],
    encoding: { y: { field: 'name', type: 'nominal', title: null, sort: null } },
    config: chartConfig(theme),
  } as TopLevelSpec;
}

/** Confusion matrices of both models side by side. */
export function confusionSpec(c: NonNullable<EvaluationView['confusion']>, theme: ChartTheme): TopLevelSpec {
  const values = (['champion', 'challenger'] as const).flatMap((model) =>
    c.labels.flatMap((actual, i) => c.labels.map((predicted, j) => ({ model, actual, predicted, count: c[model][i][j] }))));
  return {
    $schema: SCHEMA,
    data: { values },
    facet: { column: { field: 'model', type: 'nominal', sort: ['champion', 'challenger'], title: null } },
    spec: {
      width: Math.max(120, 40 * c.labels.length), height: Math.max(120, 40 * c.labels.length),
      layer: [
        { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' }, legend: null } } },
        { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'count' }, color: { value: theme.foreground } } },
      ],
      encoding: {
        x: { field: 'predicted', type: 'nominal', sort: c.labels, axis: { labelAngle: -30 } },
        y: { field: 'actual', type: 'nominal', sort: c.labels },
      },
    },
    config: chartConfig(theme),
  } as TopLevelSpec;
}

export function rocSpec(roc: EvaluationView['roc'], theme: ChartTheme): TopLevelSpec {
  const values = roc.flatMap((r) => r.fpr.map((fpr, i) => ({ model: `${r.model}${r.auc === null ? '' : ` (AUC ${r.auc.toFixed(3)})`}`, fpr, tpr: r.tpr[i], order: i })));
  return {
    $schema: SCHEMA, width: 260, height: 260,
    data: { values },
    layer: [
      { mark: { type: 'rule', color: theme.muted, strokeDash: [4, 3] }, encoding: { x: { datum: 0 }, y: { datum: 0 }, x2: { datum: 1 }, y2: { datum: 1 } } },
      { mark: 'line', encoding: { x: { field: 'fpr', type: 'quantitative', title: 'false positive rate' }, y: { field: 'tpr', type: 'quantitative', title: 'true positive rate' }, order: { field: 'order' }, color: { field: 'model', type: 'nominal', title: null } } },
    ],
    config: chartConfig(theme),
  } as TopLevelSpec;
}

export function latencySpec(latency: EvaluationView['latency'], theme: ChartTheme): TopLevelSpec {
  const values = latency.flatMap((l) => (['p50', 'p95', 'p99'] as const).map((q) => ({ model: l.model, quantile: q, ms: l[q] })));
  return {
    $schema: SCHEMA, width: 260, height: 120,
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'quantile', type: 'nominal', title: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'model' },
      y: { field: 'ms', type: 'quantitative', title: 'ms per row' },
      color: { field: 'model', type: 'nominal', scale: MODEL_COLORS, title: null },
      tooltip: [{ field: 'model' }, { field: 'quantile' }, { field: 'ms', format: '.3f' }],
    },
    config: chartConfig(theme),
  } as TopLevelSpec;
}

/** Primary metric per slice for both models; regressed slices are marked. */
export function sliceSpec(slices: EvaluationView['slices'], metric: string, theme: ChartTheme): TopLevelSpec {
  const values = slices.flatMap((s) => [
    { slice: `${s.column} = ${s.slice} (n=${s.n})`, model: 'champion', value: s.champion, regressed: s.regressed },
    { slice: `${s.column} = ${s.slice} (n=${s.n})`, model: 'challenger', value: s.challenger, regressed: s.regressed },
  ]);
  return {
    $schema: SCHEMA, width: 360, height: Math.max(80, 20 * slices.length),
    data: { values },
    layer: [
      { mark: { type: 'line', color: theme.muted }, encoding: { detail: { field: 'slice' } } },
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { color: { field: 'model', type: 'nominal', scale: MODEL_COLORS, title: null }, shape: { field: 'regressed', type: 'nominal', title: 'regressed' }, tooltip: [{ field: 'slice' }, { field: 'model' }, { field: 'value', format: '.4f' }] } },
    ],
    encoding: { y: { field: 'slice', type: 'nominal', title: null, sort: null, axis: { labelLimit: 220 } }, x: { field: 'value', type: 'quantitative', title: metric, scale: { zero: false } } },
    config: chartConfig(theme),
  } as TopLevelSpec;
}
