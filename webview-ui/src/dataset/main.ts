import { PANEL_READY } from '../../../protocol/common';
import type { DatasetDiffView, DatasetHostMessage, DatasetPanelMessage, DatasetProfileView } from '../../../protocol/dataset';
import { readTheme } from '../common/chartTheme';
import { el } from '../common/dom';
import { formatTime } from '../common/format';
import { renderChart } from '../common/vegaView';
import { vscodeApi } from '../common/vscodeApi';
import { correlationSpec, driftSpec, histogramSpec, missingSpec } from './specs';

const api = vscodeApi<DatasetPanelMessage, undefined>();
const app = document.getElementById('app')!;
app.classList.add('scroll');

const num = (v: number | null, digits = 4) => (v === null ? '' : Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(digits))));

function table(headers: string[], rows: (string | Node)[][], className = 'diff'): HTMLTableElement {
  return el('table', { class: className },
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))));
}

async function showProfile(p: DatasetProfileView): Promise<void> {
  const theme = readTheme();
  const histograms = el('div', { class: 'small-multiples', 'aria-label': 'Histograms of every column' });
  const missing = el('div', { class: 'chart', 'aria-label': 'Missing values per column' });
  const correlations = el('div', { class: 'chart', 'aria-label': 'Correlations between numeric columns' });
  const runs = p.runs.length
    ? table(['run', 'role'], p.runs.map((r) => {
        const link = el('a', { href: '#' }, r.name);
        link.addEventListener('click', (e) => {
          e.preventDefault();
          api.postMessage({ type: 'dataset/openRun', runId: r.id });
        });
        return [link, r.role];
      }))
    : el('p', { class: 'muted' }, 'No run has used this version yet.');
  app.replaceChildren(
    el('h1', {}, `${p.dataset} v${p.version}`),
    el('p', { class: 'muted' }, `${p.rows === null ? '' : `${p.rows.toLocaleString()} rows · `}${p.columns.length} columns · ${p.files.length} file(s) · ${formatTime(p.createdAt)} · ${p.digest.slice(0, 12)}${p.message ? ` · ${p.message}` : ''}`),
    ...(p.labelGuess ? [el('p', {}, 'Likely label column: ', el('code', {}, p.labelGuess))] : []),
    ...(p.malformed.count ? [el('div', { class: 'error', role: 'alert' }, `${p.malformed.count} malformed row(s): ${p.malformed.examples.slice(0, 5).map((m) => `line ${m.line}: ${m.reason}`).join('; ')}`)] : []),
    el('section', {}, el('h2', {}, 'Schema'), table(
      ['column', 'type', 'missing', 'distinct', 'min', 'max', 'mean', 'median', 'std', 'top values'],
      p.columns.map((c) => [c.name, c.type, String(c.missing), c.distinct === null ? '' : String(c.distinct), num(c.min), num(c.max), num(c.mean), num(c.median) + (c.approximate && c.median !== null ? ' ≈' : ''), num(c.std), c.top.slice(0, 3).map((t) => `${t.value} (${t.count})`).join(', ')]),
      'diff schema')),
    el('section', {}, el('h2', {}, 'Distributions'), histograms),
    el('section', {}, el('h2', {}, 'Missing values'), missing),
    el('section', {}, el('h2', {}, 'Correlations'), correlations),
    el('section', {}, el('h2', {}, 'Runs that used this version'), runs),
  );
  for (const c of p.columns) {
    const holder = el('div', { class: 'chart small' });
    histograms.append(holder);
    if (c.histogram.length) await renderChart(holder, histogramSpec(c, theme));
  }
  await renderChart(missing, missingSpec(p.columns, theme));
  if (p.correlations.columns.length >= 2) await renderChart(correlations, correlationSpec(p.correlations, theme));
  else correlations.append(el('p', { class: 'muted' }, 'Needs two numeric columns.'));
}

async function showDiff(d: DatasetDiffView): Promise<void> {
  const list = (title: string, items: string[]) => el('div', {}, el('h3', {}, `${title} (${items.length})`), items.length ? el('ul', {}, ...items.slice(0, 200).map((i) => el('li', {}, i))) : el('p', { class: 'muted' }, 'none'));
  const drift = el('div', { class: 'chart', 'aria-label': 'Drift per column' });
  app.replaceChildren(
    el('h1', {}, `${d.dataset}: v${d.from} → v${d.to}`),
    el('p', {}, `rows: ${d.rows.from ?? '?'} → ${d.rows.to ?? '?'}`),
    el('section', {}, el('h2', {}, 'Files'), list('added', d.files.added), list('removed', d.files.removed), list('changed', d.files.changed)),
    el('section', {}, el('h2', {}, 'Schema'),
      list('added columns', d.schema.added), list('removed columns', d.schema.removed),
      list('type changes', d.schema.typeChanged.map((t) => `${t.name}: ${t.from} → ${t.to}`))),
    el('section', {}, el('h2', {}, 'Distribution drift'), drift),
  );
  if (d.drift.length) await renderChart(drift, driftSpec(d, readTheme()));
  else drift.append(el('p', { class: 'muted' }, 'No numeric column in common.'));
}

window.addEventListener('message', (event: MessageEvent<DatasetHostMessage>) => {
  const m = event.data;
  if (m.type === 'dataset/profile') void showProfile(m);
  else if (m.type === 'dataset/diff') void showDiff(m);
  else if (m.type === 'panel/error') app.replaceChildren(el('div', { class: 'error', role: 'alert' }, m.message));
});

app.setAttribute('aria-busy', 'false');
api.postMessage({ type: PANEL_READY });
