import { changeset, type View } from 'vega';
import { PANEL_READY } from '../../../protocol/common';
import type { CompareHostMessage, ComparePanelMessage, CompareRun, CompareSeries, CompareSnapshot, SeriesData, StepRange } from '../../../protocol/compare';
import { fromWire } from '../../../protocol/numbers';
import { el, icon } from '../common/dom';
import { vscodeApi } from '../common/vscodeApi';
import { curveRows, diffRows, parallelRows, runLabel, type XAxis } from './chartData';
import { renderDiffTable } from './diffTable';
import { curveSpec, parallelSpec, scatterSpec, ZOOM_PARAM } from './specs';
import { renderChart } from '../common/vegaView';
import { readTheme } from '../common/chartTheme';

type Aggregate = 'last' | 'min' | 'max' | 'mean';
interface PanelState {
  keys: string[];
  xAxis: XAxis;
  smoothing: number;
  aggregate: Aggregate;
  scatterX: string;
  scatterY: string;
  onlyDiffs: boolean;
}

const api = vscodeApi<ComparePanelMessage, PanelState>();
const state: PanelState = api.getState() ?? { keys: [], xAxis: 'step', smoothing: 0, aggregate: 'last', scatterX: '', scatterY: '', onlyDiffs: true };
let snapshot: CompareSnapshot | undefined;
const overview = new Map<string, SeriesData[]>();
const zoomed = new Map<string, { range: StepRange; series: SeriesData[] }>();
const views = new Map<string, View>();
let nextRequest = 1;
const pendingZoom = new Map<number, string>();

const app = document.getElementById('app')!;
const toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Chart options' });
const curvesSection = el('section', { id: 'curves', 'aria-label': 'Metric curves' });
const parallelSection = el('section', { id: 'parallel', 'aria-label': 'Parallel coordinates' });
const scatterSection = el('section', { id: 'scatter', 'aria-label': 'Scatter of a param against a metric' });
const diffSection = el('section', { id: 'diff', 'aria-label': 'Params and tags diff' });
app.classList.add('scroll');
app.append(toolbar, curvesSection, parallelSection, scatterSection, diffSection);

const chartWidth = () => Math.max(300, app.clientWidth - 260);

function save(): void {
  api.setState(state);
}

function select<T extends string>(label: string, options: readonly T[], value: T, onChange: (v: T) => void): HTMLElement {
  const s = el('select', { 'aria-label': label });
  for (const o of options) s.append(el('option', { value: o }, o));
  s.value = value;
  s.addEventListener('change', () => onChange(s.value as T));
  return el('label', { class: 'field' }, `${label} `, s);
}

function renderToolbar(): void {
  if (!snapshot) return;
  const keyPicker = el('details', { class: 'picker' }, el('summary', {}, `Metrics (${state.keys.length})`));
  for (const key of snapshot.metricKeys) {
    const box = el('input', { type: 'checkbox', value: key });
    box.checked = state.keys.includes(key);
    box.addEventListener('change', () => {
      state.keys = box.checked ? [...state.keys, key] : state.keys.filter((k) => k !== key);
      save();
      requestMissingSeries();
      renderToolbar();
      renderCurves();
    });
    keyPicker.append(el('label', { class: 'option' }, box, ` ${key}`));
  }
  const smoothing = el('input', { type: 'range', min: '0', max: '0.99', step: '0.01', 'aria-label': 'Smoothing' });
  smoothing.value = String(state.smoothing);
  const smoothingValue = el('span', { class: 'muted' }, state.smoothing.toFixed(2));
  smoothing.addEventListener('input', () => {
    state.smoothing = Number(smoothing.value);
    smoothingValue.textContent = state.smoothing.toFixed(2);
    save();
    renderCurves();
  });
  toolbar.replaceChildren(
    keyPicker,
    select('x axis', ['step', 'time', 'relative'] as const, state.xAxis, (v) => {
      state.xAxis = v;
      save();
      renderCurves();
    }),
    el('label', { class: 'field' }, 'smoothing ', smoothing, ' ', smoothingValue),
    select('summary', ['last', 'min', 'max', 'mean'] as const, state.aggregate, (v) => {
      state.aggregate = v;
      save();
      renderSummaries();
    }),
    el('span', { class: 'muted', id: 'run-count' }, `${snapshot.runs.length} runs`),
  );
}

function saveButtons(name: string, view: () => View | undefined): HTMLElement {
  const png = el('button', { title: `Save ${name} as PNG`, 'aria-label': `Save ${name} as PNG` }, icon('device-camera'), ' PNG');
  const svg = el('button', { title: `Save ${name} as SVG`, 'aria-label': `Save ${name} as SVG` }, icon('file-media'), ' SVG');
  png.addEventListener('click', async () => {
    const v = view();
    if (v) api.postMessage({ type: 'compare/saveImage', format: 'png', name, data: await v.toImageURL('png', 2) });
  });
  svg.addEventListener('click', async () => {
    const v = view();
    if (v) api.postMessage({ type: 'compare/saveImage', format: 'svg', name, data: await v.toSVG() });
  });
  return el('span', { class: 'chart-actions' }, png, svg);
}

function seriesFor(key: string): SeriesData[] {
  return zoomed.get(key)?.series ?? overview.get(key) ?? [];
}

function runsById(): Map<string, CompareRun> {
  return new Map((snapshot?.runs ?? []).map((r) => [r.id, r]));
}

/** Lays out one chart holder per chosen metric, then draws each whose series has arrived. */
async function renderCurves(): Promise<void> {
  if (!snapshot) return;
  views.forEach((v) => v.finalize());
  views.clear();
  curvesSection.replaceChildren(el('h2', {}, 'Metric curves'));
  if (state.keys.length === 0) curvesSection.append(el('p', { class: 'muted' }, 'Choose metrics to plot from the Metrics menu above.'));
  for (const key of state.keys) {
    const holder = el('div', { class: 'chart', 'data-key': key }, el('p', { class: 'muted' }, 'Loading…'));
    const status = el('span', { class: 'muted zoom-status' });
    curvesSection.append(el('div', { class: 'chart-head' }, saveButtons(key, () => views.get(key)), status), holder);
  }
  for (const key of state.keys) await renderCurve(key);
}

/** Draws (or redraws) one metric's chart in its holder; other charts are left alone. */
async function renderCurve(key: string): Promise<void> {
  const holder = curvesSection.querySelector<HTMLElement>(`.chart[data-key="${CSS.escape(key)}"]`);
  if (!holder || !overview.has(key)) return;
  views.get(key)?.finalize();
  holder.replaceChildren();
  const rows = curveRows(seriesFor(key), runsById(), state.xAxis, state.smoothing);
  const view = await renderChart(holder, curveSpec(key, rows, state.xAxis, readTheme(), chartWidth()));
  views.set(key, view);
  const status = holder.previousElementSibling?.querySelector<HTMLElement>('.zoom-status');
  if (status) describeResolution(key, status);
  if (state.xAxis === 'step') view.addSignalListener(ZOOM_PARAM, (_name, value) => onZoom(key, value as Record<string, [number, number]> | null));
}

function describeResolution(key: string, status: HTMLElement): void {
  const series = seriesFor(key);
  const shown = series.reduce((s, d) => s + d.steps.length, 0);
  const total = series.reduce((s, d) => s + d.totalPoints, 0);
  status.textContent = series.some((d) => d.downsampled) ? `${shown.toLocaleString()} of ${total.toLocaleString()} points (zoom for full resolution)` : `${total.toLocaleString()} points`;
}

let zoomTimer: number | undefined;
function onZoom(key: string, value: Record<string, [number, number]> | null): void {
  window.clearTimeout(zoomTimer);
  zoomTimer = window.setTimeout(() => {
    const domain = value?.x;
    const range = domain ? { minStep: Math.floor(Math.min(...domain)), maxStep: Math.ceil(Math.max(...domain)) } : null;
    if (!range) {
      zoomed.delete(key);
      return;
    }
    const requestId = nextRequest++;
    pendingZoom.set(requestId, key);
    api.postMessage({ type: 'compare/loadSeries', requestId, key, range });
  }, 300);
}

function applySeries(m: CompareSeries): void {
  if (m.range === null) {
    overview.set(m.key, m.series);
    void renderCurve(m.key);
    return;
  }
  if (pendingZoom.get(m.requestId ?? -1) !== m.key) return;
  pendingZoom.delete(m.requestId!);
  zoomed.set(m.key, { range: m.range, series: m.series });
  const view = views.get(m.key);
  if (!view) return;
  // Swap the data in place: the zoom domain is a signal, so replacing rows keeps the user's view.
  const rows = curveRows(m.series, runsById(), state.xAxis, state.smoothing);
  void view.change('curves', changeset().remove(() => true).insert(rows)).runAsync();
  const status = curvesSection.querySelector<HTMLElement>(`.chart[data-key="${CSS.escape(m.key)}"]`)?.previousElementSibling?.querySelector<HTMLElement>('.zoom-status');
  if (status) describeResolution(m.key, status);
}

let parallelView: View | undefined;
let scatterView: View | undefined;

async function renderSummaries(): Promise<void> {
  if (!snapshot) return;
  const { runs, paramKeys, metricKeys } = snapshot;
  parallelView?.finalize();
  scatterView?.finalize();
  const rows = parallelRows(runs, paramKeys, metricKeys, state.aggregate);
  const axes = [...new Set(rows.map((r) => r.axis))];
  const parallelHolder = el('div', { class: 'chart' });
  parallelSection.replaceChildren(el('div', { class: 'chart-head' }, el('h2', {}, 'Parallel coordinates'), saveButtons('parallel-coordinates', () => parallelView)), parallelHolder);
  if (axes.length >= 2) parallelView = await renderChart(parallelHolder, parallelSpec(rows, axes, readTheme(), chartWidth()));
  else parallelHolder.append(el('p', { class: 'muted' }, 'Needs at least two params or metrics.'));

  if (!paramKeys.includes(state.scatterX)) state.scatterX = paramKeys[0] ?? '';
  if (!metricKeys.includes(state.scatterY)) state.scatterY = metricKeys[0] ?? '';
  const scatterHolder = el('div', { class: 'chart' });
  scatterSection.replaceChildren(
    el('div', { class: 'chart-head' },
      el('h2', {}, 'Param vs metric'),
      select('param', paramKeys, state.scatterX, (v) => { state.scatterX = v; save(); void renderSummaries(); }),
      select('metric', metricKeys, state.scatterY, (v) => { state.scatterY = v; save(); void renderSummaries(); }),
      saveButtons('scatter', () => scatterView)),
    scatterHolder,
  );
  const points = runs.flatMap((r) => {
    const x = r.params[state.scatterX];
    const m = r.metrics[state.scatterY];
    const y = m ? fromWire(m[state.aggregate]) : NaN;
    if (x === undefined || !Number.isFinite(y)) return [];
    const n = Number(x);
    return [{ run: runLabel(r), x: x !== '' && Number.isFinite(n) ? n : x, y }];
  });
  if (points.length) scatterView = await renderChart(scatterHolder, scatterSpec(points, state.scatterX, `${state.scatterY} (${state.aggregate})`, readTheme(), chartWidth()));
  else scatterHolder.append(el('p', { class: 'muted' }, 'No run has both this param and this metric.'));

  renderDiffTable(diffSection, runs, diffRows(runs, paramKeys, snapshot.tagKeys), state.onlyDiffs, (only) => {
    state.onlyDiffs = only;
    save();
    void renderSummaries();
  });
}

function requestMissingSeries(): void {
  for (const key of state.keys) {
    if (!overview.has(key)) api.postMessage({ type: 'compare/loadSeries', requestId: nextRequest++, key, range: null });
  }
}

window.addEventListener('message', (event: MessageEvent<CompareHostMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'compare/snapshot':
      snapshot = m;
      state.keys = state.keys.filter((k) => m.metricKeys.includes(k));
      if (state.keys.length === 0) state.keys = m.metricKeys.slice(0, 4);
      save();
      overview.clear();
      zoomed.clear();
      renderToolbar();
      requestMissingSeries();
      void renderCurves();
      void renderSummaries();
      break;
    case 'compare/series':
      applySeries(m);
      break;
    case 'panel/error':
      app.prepend(el('div', { class: 'error', role: 'alert' }, m.message));
      break;
  }
});

app.setAttribute('aria-busy', 'false');
api.postMessage({ type: PANEL_READY });
