import { PANEL_READY } from '../../../protocol/common';
import type { EvaluationHostMessage, EvaluationPanelMessage, EvaluationView, FlipRow } from '../../../protocol/evaluation';
import { readTheme } from '../common/chartTheme';
import { el, icon } from '../common/dom';
import { formatTime } from '../common/format';
import { renderChart } from '../common/vegaView';
import { vscodeApi } from '../common/vscodeApi';
import { confusionSpec, deltaSpec, latencySpec, rocSpec, sliceSpec } from './specs';

const api = vscodeApi<EvaluationPanelMessage, undefined>();
const app = document.getElementById('app')!;
app.classList.add('scroll');
const FLIP_ROWS_SHOWN = 500;

const fmt = (v: number | null) => (v === null ? '—' : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : String(Number(v.toPrecision(4))));

function table(headers: string[], rows: (string | Node)[][], className = 'diff'): HTMLTableElement {
  return el('table', { class: className },
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))));
}

function flipsTable(title: string, rows: FlipRow[]): HTMLElement {
  return el('div', {},
    el('h3', {}, `${title} (${rows.length})`),
    rows.length
      ? table(['row', 'label', 'champion', 'challenger'], rows.slice(0, FLIP_ROWS_SHOWN).map((f) => [String(f.row), f.label, f.champion, f.challenger]), 'diff flips')
      : el('p', { class: 'muted' }, 'none'),
    ...(rows.length > FLIP_ROWS_SHOWN ? [el('p', { class: 'muted' }, `first ${FLIP_ROWS_SHOWN} shown; every row is stored with the evaluation`)] : []));
}

function verdictBanner(v: EvaluationView): HTMLElement {
  const promote = v.verdict === 'promote';
  const button = el('button', { id: 'promote', class: 'primary', title: promote ? 'Move the champion alias to the challenger' : 'The gate failed: promoting needs a recorded reason' },
    icon('rocket'), v.promoted ? ' Promoted' : promote ? ' Promote challenger' : ' Promote anyway…');
  if (v.promoted || !v.promotable) button.setAttribute('disabled', '');
  button.addEventListener('click', () => {
    // The host asks for confirmation (and for a reason when overriding): the panel only states intent.
    api.postMessage({ type: 'evaluation/promote', evaluationId: v.id, overrideReason: null });
  });
  return el('div', { class: `verdict ${promote ? 'pass' : 'fail'}`, role: 'status' },
    el('h1', {}, icon(promote ? 'pass-filled' : 'error'), promote ? ' Promote: the challenger passed the gate' : ' Do not promote: the challenger failed the gate'),
    el('ul', { class: 'reasons' }, ...v.reasons.map((r) => el('li', { class: r.passed ? 'ok' : 'bad' }, icon(r.passed ? 'check' : 'close'), ` ${r.text}`))),
    button);
}

async function show(v: EvaluationView): Promise<void> {
  const theme = readTheme();
  const holders = { delta: el('div', { class: 'chart', 'aria-label': 'Metric differences with confidence intervals' }), confusion: el('div', { class: 'chart', 'aria-label': 'Confusion matrices' }), roc: el('div', { class: 'chart', 'aria-label': 'ROC curves' }), latency: el('div', { class: 'chart', 'aria-label': 'Latency per row' }), slices: el('div', { class: 'chart', 'aria-label': 'Primary metric per slice' }) };
  app.replaceChildren(
    verdictBanner(v),
    el('p', { class: 'muted' }, `${v.challenger} (challenger) vs ${v.champion} (champion) on ${v.dataset} · ${v.task} · ${formatTime(v.createdAt)} · evaluation ${v.id.slice(0, 8)}`),
    el('section', {}, el('h2', {}, 'Metrics'),
      table(['metric', 'champion', 'challenger', 'difference', '95% CI'], v.metrics.map((m) => [m.name, fmt(m.champion), fmt(m.challenger), fmt(m.difference), m.ciLow === null ? '—' : `[${fmt(m.ciLow)}, ${fmt(m.ciHigh)}]`]), 'diff metrics'),
      ...(v.pairedTest ? [el('p', {}, `${v.pairedTest.name}: ${v.pairedTest.statistic}, p = ${fmt(v.pairedTest.pValue)}`)] : []),
      ...(v.agreement !== null ? [el('p', {}, `Agreement: ${(v.agreement * 100).toFixed(2)}% of rows`)] : []),
      holders.delta),
    ...(v.confusion ? [el('section', {}, el('h2', {}, 'Confusion matrices'), holders.confusion)] : []),
    ...(v.roc.length ? [el('section', {}, el('h2', {}, 'ROC curves'), holders.roc)] : []),
    el('section', {}, el('h2', {}, 'Latency'), table(['model', 'p50 ms', 'p95 ms', 'p99 ms', 'rows/s'], v.latency.map((l) => [l.model, fmt(l.p50), fmt(l.p95), fmt(l.p99), fmt(l.rowsPerSecond)])), holders.latency),
    el('section', {}, el('h2', {}, `Slices (${v.primaryMetric})`), holders.slices),
    el('section', {}, el('h2', {}, 'Checks'), table(['check', 'result', 'detail'], v.checks.map((c) => [c.name, c.passed ? 'passed' : 'FAILED', c.detail]))),
    el('section', {}, el('h2', {}, `Flipped predictions (${v.flips.total})`), flipsTable('right → wrong', v.flips.rightToWrong), flipsTable('wrong → right', v.flips.wrongToRight)),
  );
  await renderChart(holders.delta, deltaSpec(v, theme));
  if (v.confusion) await renderChart(holders.confusion, confusionSpec(v.confusion, theme));
  if (v.roc.length) await renderChart(holders.roc, rocSpec(v.roc, theme));
  if (v.latency.length) await renderChart(holders.latency, latencySpec(v.latency, theme));
  if (v.slices.length) await renderChart(holders.slices, sliceSpec(v.slices, v.primaryMetric, theme));
  else holders.slices.append(el('p', { class: 'muted' }, 'No slice large enough to judge.'));
}

window.addEventListener('message', (event: MessageEvent<EvaluationHostMessage>) => {
  const m = event.data;
  if (m.type === 'evaluation/report') void show(m);
  else if (m.type === 'panel/error') app.prepend(el('div', { class: 'error', role: 'alert' }, m.message));
});

app.setAttribute('aria-busy', 'false');
api.postMessage({ type: PANEL_READY });
