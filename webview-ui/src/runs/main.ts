import { PANEL_READY } from '../../../protocol/common';
import type { MetricAggregate, RunsHostMessage, RunsPanelMessage, RunsSnapshot } from '../../../protocol/runs';
import { el, icon } from '../common/dom';
import { vscodeApi } from '../common/vscodeApi';
import { columnsFor, type Column } from './columns';
import { VirtualTable } from './virtualTable';

interface PanelState {
  filter: string;
  orderBy: string[];
  aggregate: MetricAggregate;
  hidden: string[];
  pinned: string[];
}

const api = vscodeApi<RunsPanelMessage, PanelState>();
const state: PanelState = { filter: '', orderBy: [], aggregate: 'last', hidden: [], pinned: [], ...api.getState() };
let snapshot: RunsSnapshot | undefined;
const selected = new Set<string>();

const app = document.getElementById('app')!;
const filterInput = el('input', {
  id: 'filter', type: 'text', spellcheck: 'false', 'aria-label': 'Filter runs',
  placeholder: "Filter: metrics.loss.min < 0.3 and params.optimizer = 'adam'",
});
filterInput.value = state.filter;
const filterError = el('div', { id: 'filter-error', role: 'alert', class: 'error' });
const aggregateSelect = el('select', { id: 'aggregate', 'aria-label': 'Metric summary shown' });
for (const a of ['last', 'min', 'max', 'mean'] as const) aggregateSelect.append(el('option', { value: a }, a));
aggregateSelect.value = state.aggregate;
const count = el('span', { id: 'count', 'aria-live': 'polite' });
const compareButton = el('button', { id: 'compare', disabled: '', title: 'Compare the selected runs' }, icon('graph-line'), ' Compare');
const pinButton = el('button', { id: 'pin', disabled: '', title: 'Pin the selected runs to the top' }, icon('pin'), ' Pin');
const exportButton = el('button', { id: 'export', title: 'Export the selected runs (or all shown) as CSV' }, icon('export'), ' CSV');
const columnPicker = el('details', { class: 'picker', id: 'columns' }, el('summary', {}, 'Columns'));
const table = new VirtualTable(el('div', { id: 'table', role: 'grid', 'aria-label': 'Runs' }), {
  onSort: (column) => toggleSort(column),
  onToggleSelect: (id) => {
    if (selected.has(id)) selected.delete(id);
    else selected.add(id);
    updateSelection();
  },
  onOpen: (id) => api.postMessage({ type: 'runs/open', runId: id }),
  isSelected: (id) => selected.has(id),
  sortDirection: (column) => sortDirectionOf(column),
});

app.append(
  el('div', { class: 'toolbar' }, el('label', { for: 'filter', class: 'codicon codicon-filter', title: 'Filter' }), filterInput, aggregateSelect, columnPicker, pinButton, compareButton, exportButton, count),
  filterError,
  table.root,
);
app.setAttribute('aria-busy', 'false');

let debounce: number | undefined;
filterInput.addEventListener('input', () => {
  window.clearTimeout(debounce);
  debounce = window.setTimeout(sendQuery, 250);
});
filterInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') sendQuery();
});
aggregateSelect.addEventListener('change', () => {
  state.aggregate = aggregateSelect.value as MetricAggregate;
  api.setState(state);
  render();
});
compareButton.addEventListener('click', () => api.postMessage({ type: 'runs/compare', runIds: [...selected] }));
pinButton.addEventListener('click', () => {
  const pinned = new Set(state.pinned);
  const allPinned = [...selected].every((id) => pinned.has(id));
  for (const id of selected) allPinned ? pinned.delete(id) : pinned.add(id);
  state.pinned = [...pinned];
  api.setState(state);
  render();
});
exportButton.addEventListener('click', () => {
  if (!snapshot) return;
  const ids = selected.size ? [...selected] : snapshot.runs.map((r) => r.id);
  const columns = ['run_id', ...currentColumns().map((c) => (c.id.startsWith('metrics.') ? `${c.id}.${state.aggregate}` : c.id))];
  api.postMessage({ type: 'runs/exportCsv', runIds: ids, columns });
});
document.addEventListener('keydown', (e) => {
  // Ctrl/Cmd+F focuses the filter (the shortcut people reach for first); Ctrl/Cmd+Enter compares.
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
    e.preventDefault();
    filterInput.focus();
  } else if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && selected.size >= 2) {
    e.preventDefault();
    api.postMessage({ type: 'runs/compare', runIds: [...selected] });
  }
});

function sendQuery(): void {
  state.filter = filterInput.value;
  api.setState(state);
  api.postMessage({ type: 'runs/setQuery', query: { filter: state.filter, orderBy: state.orderBy } });
}

function sortDirectionOf(column: Column): 'asc' | 'desc' | undefined {
  const current = state.orderBy[0];
  if (!current) return undefined;
  const [key, dir] = current.split(/\s+(?=(?:asc|desc)$)/i);
  return key === column.sortKey ? ((dir?.toLowerCase() as 'asc' | 'desc') ?? 'asc') : undefined;
}

function toggleSort(column: Column): void {
  const dir = sortDirectionOf(column);
  state.orderBy = [`${column.sortKey} ${dir === 'asc' ? 'desc' : 'asc'}`];
  sendQuery();
}

function updateSelection(): void {
  if (selected.size >= 2) compareButton.removeAttribute('disabled');
  else compareButton.setAttribute('disabled', '');
  if (selected.size >= 1) pinButton.removeAttribute('disabled');
  else pinButton.setAttribute('disabled', '');
  table.refreshSelection();
}

function currentColumns(): Column[] {
  return snapshot ? columnsFor(snapshot, state.aggregate, new Set(state.hidden)) : [];
}

function renderColumnPicker(): void {
  if (!snapshot) return;
  const all = columnsFor(snapshot, state.aggregate, new Set());
  const summary = columnPicker.querySelector('summary')!;
  columnPicker.replaceChildren(summary);
  for (const c of all) {
    const box = el('input', { type: 'checkbox' });
    box.checked = !state.hidden.includes(c.id);
    box.addEventListener('change', () => {
      state.hidden = box.checked ? state.hidden.filter((h) => h !== c.id) : [...state.hidden, c.id];
      api.setState(state);
      render();
    });
    columnPicker.append(el('label', { class: 'option' }, box, ` ${c.id}`));
  }
}

function render(): void {
  if (!snapshot) return;
  // Pinned runs stay on top in the host's order; the rest follow.
  const pinned = new Set(state.pinned);
  const rows = [...snapshot.runs.filter((r) => pinned.has(r.id)), ...snapshot.runs.filter((r) => !pinned.has(r.id))];
  table.setData(currentColumns(), rows, pinned);
  renderColumnPicker();
  count.textContent = `${snapshot.runs.length} of ${snapshot.total} runs`;
  if (snapshot.filterError) {
    const { message, column } = snapshot.filterError;
    filterError.textContent = column ? `${message}` : message;
    filterInput.setAttribute('aria-invalid', 'true');
  } else {
    filterError.textContent = '';
    filterInput.removeAttribute('aria-invalid');
  }
}

window.addEventListener('message', (event: MessageEvent<RunsHostMessage>) => {
  const m = event.data;
  if (m.type === 'runs/snapshot') {
    snapshot = m;
    const ids = new Set(m.runs.map((r) => r.id));
    for (const id of selected) if (!ids.has(id)) selected.delete(id);
    render();
  } else if (m.type === 'runs/append' && snapshot && m.generation === snapshot.generation) {
    const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
    snapshot = { ...snapshot, runs: [...snapshot.runs, ...m.rows], paramKeys: union(snapshot.paramKeys, m.paramKeys), metricKeys: union(snapshot.metricKeys, m.metricKeys) };
    render();
  } else if (m.type === 'runs/patch' && snapshot) {
    const fresh = new Map(m.rows.map((r) => [r.id, r]));
    snapshot = { ...snapshot, runs: snapshot.runs.map((r) => fresh.get(r.id) ?? r) };
    render();
  } else if (m.type === 'panel/error') {
    filterError.textContent = m.message;
  }
});

api.postMessage({ type: PANEL_READY });
if (state.filter || state.orderBy.length) sendQuery();
