import type { TopLevelSpec } from 'vega-lite';
import type { ColumnProfileView, DatasetDiffView, DatasetProfileView } from '../../../protocol/dataset';
import { chartConfig, type ChartTheme } from '../common/chartTheme';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A small histogram of one column: ranges for numbers, top values for categories. */
export function histogramSpec(column: ColumnProfileView, theme: ChartTheme): TopLevelSpec {
  return {
    $schema: SCHEMA,
    width: 220, height: 90,
    title: { text: column.name, fontSize: 11, anchor: 'start', limit: 220 },
    data: { values: column.histogram.map((b, i) => ({ ...b, order: i })) },
    mark: { type: 'bar', color: theme.foreground, opacity: 0.6 },
    encoding: {
      x: { field: 'label', type: 'ordinal', sort: { field: 'order' }, axis: column.numeric ? { labels: false, ticks: false, title: null } : { labelAngle: -30, labelLimit: 60, title: null } },
      y: { field: 'count', type: 'quantitative', axis: { tickCount: 3, title: null } },
      tooltip: [{ field: 'label', title: column.name }, { field: 'count' }],
    },
    config: chartConfig(theme),
  } as TopLevelSpec;
}

/** Pearson correlations between numeric columns as a diverging heatmap. */
export function correlationSpec(c: DatasetProfileView['correlations'], theme: ChartTheme): TopLevelSpec {
  const values = c.columns.flatMap((a, i) => c.columns.map((b, j) => ({ a, b, r: c.matrix[i][j] })));
  return {
    $schema: SCHEMA,
    width: Math.max(160, 36 * c.columns.length), height: Math.max(160, 36 * c.columns.length),
    data: { values },
    mark: 'rect',
    encoding: {
      x: { field: 'a', type: 'nominal', sort: c.columns, title: null, axis: { labelAngle: -30, labelLimit: 120 } },
      y: { field: 'b', type: 'nominal', sort: c.columns, title: null, axis: { labelLimit: 120 } },
      color: { field: 'r', type: 'quantitative', scale: { scheme: 'redblue', domain: [-1, 1], reverse: true }, title: 'r' },
      tooltip: [{ field: 'a' }, { field: 'b' }, { field: 'r', format: '.3f' }],
    },
    config: chartConfig(theme),
  } as TopLevelSpec;
}

/** Missing values per column, as bars. */
export function missingSpec(columns: ColumnProfileView[], theme: ChartTheme): TopLevelSpec {
  return {
    $schema: SCHEMA,
    width: 360, height: Math.max(60, 18 * columns.length),
    data: { values: columns.map((c) => ({ column: c.name, missing: c.missing, share: c.count ? c.missing / c.count : 0 })) },
    mark: { type: 'bar', color: theme.foreground, opacity: 0.6 },
    encoding: {
      y: { field: 'column', type: 'nominal', sort: null, title: null, axis: { labelLimit: 160 } },
      x: { field: 'missing', type: 'quantitative', title: 'missing values' },
      tooltip: [{ field: 'column' }, { field: 'missing' }, { field: 'share', format: '.1%' }],
    },
    config: chartConfig(theme),
  } as TopLevelSpec;
}

/** Drift per column between two versions; flagged columns stand out. */
export function driftSpec(diff: DatasetDiffView, theme: ChartTheme): TopLevelSpec {
  return {
    $schema: SCHEMA,
    width: 360, height: Math.max(60, 18 * diff.drift.length),
    data: { values: diff.drift },
    mark: 'bar',
    encoding: {
      y: { field: 'column', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 160 } },
      x: { field: 'value', type: 'quantitative', title: diff.drift[0]?.statistic ?? 'drift' },
      color: { field: 'flagged', type: 'nominal', scale: { domain: [false, true], range: [theme.muted, '#d62728'] }, title: 'drifted' },
      tooltip: [{ field: 'column' }, { field: 'statistic' }, { field: 'value', format: '.4f' }, { field: 'flagged' }],
    },
    config: chartConfig(theme),
  } as TopLevelSpec;
}
