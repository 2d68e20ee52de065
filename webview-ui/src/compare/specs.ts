import type { TopLevelSpec } from 'vega-lite';
import { chartConfig as config, type ChartTheme } from '../common/chartTheme';
import type { CurvePoint, ParallelRow, XAxis } from './chartData';

export const ZOOM_PARAM = 'zoom';

const X_TITLES: Record<XAxis, string> = { step: 'step', time: 'wall time', relative: 'seconds since start' };

/** Overlaid metric curves, one colour per run; dragging/scrolling zooms the x axis (ZOOM_PARAM). */
export function curveSpec(key: string, rows: CurvePoint[], xAxis: XAxis, theme: ChartTheme, width: number): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width, height: 260,
    title: { text: key, color: theme.foreground, anchor: 'start' },
    data: { name: 'curves', values: rows },
    params: [{ name: ZOOM_PARAM, select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }],
    // Per-point expressions are interpreted (the CSP forbids eval), so keep them few: 'filter' leaves one
    // validity check per point (curveRows already drops non-finite values).
    mark: { type: 'line', strokeWidth: 1.5, interpolate: 'linear', clip: true, invalid: 'filter' },
    encoding: {
      x: { field: 'x', type: xAxis === 'time' ? 'temporal' : 'quantitative', title: X_TITLES[xAxis] },
      y: { field: 'value', type: 'quantitative', title: key, scale: { zero: false } },
      color: { field: 'run', type: 'nominal', title: 'run', legend: { orient: 'right' } },
    },
    config: config(theme),
  } as TopLevelSpec;
}

/** One line per run across param and metric axes, each scaled 0..1; tooltips show the real values. */
export function parallelSpec(rows: ParallelRow[], axes: string[], theme: ChartTheme, width: number): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width, height: 260,
    data: { values: rows },
    layer: [
      { mark: { type: 'line', opacity: 0.8 }, encoding: { detail: { field: 'run' }, color: { field: 'run', type: 'nominal', legend: null } } },
      { mark: { type: 'point', filled: true, size: 40 }, encoding: { color: { field: 'run', type: 'nominal', title: 'run' }, tooltip: [{ field: 'run' }, { field: 'axis' }, { field: 'value' }] } },
    ],
    encoding: {
      x: { field: 'axis', type: 'nominal', sort: axes, title: null, axis: { labelAngle: 0, labelLimit: 160, grid: true, orient: 'bottom' } },
      y: { field: 'position', type: 'quantitative', axis: null, scale: { domain: [0, 1] } },
    },
    config: config(theme),
  } as TopLevelSpec;
}

export interface ScatterPoint {
  run: string;
  x: number | string;
  y: number;
}

/** A param against a metric, one point per run. */
export function scatterSpec(points: ScatterPoint[], xTitle: string, yTitle: string, theme: ChartTheme, width: number): TopLevelSpec {
  const numericX = points.every((p) => typeof p.x === 'number');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width, height: 260,
    data: { values: points },
    mark: { type: 'point', filled: true, size: 80 },
    encoding: {
      x: { field: 'x', type: numericX ? 'quantitative' : 'nominal', title: xTitle, scale: numericX ? { zero: false } : undefined },
      y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false } },
      color: { field: 'run', type: 'nominal', title: 'run' },
      tooltip: [{ field: 'run' }, { field: 'x', title: xTitle }, { field: 'y', title: yTitle, format: '.5~g' }],
    },
    config: config(theme),
  } as TopLevelSpec;
}
