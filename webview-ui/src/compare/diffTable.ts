import type { CompareRun } from '../../../protocol/compare';
import { el } from '../common/dom';
import type { DiffRow } from './chartData';
import { runLabel } from './chartData';

/** Params and tags side by side; rows where runs disagree are highlighted (or shown alone). */
export function renderDiffTable(section: HTMLElement, runs: CompareRun[], rows: DiffRow[], onlyDiffs: boolean, onToggle: (only: boolean) => void): void {
  const toggle = el('input', { type: 'checkbox', id: 'only-diffs' });
  toggle.checked = onlyDiffs;
  toggle.addEventListener('change', () => onToggle(toggle.checked));
  const shown = onlyDiffs ? rows.filter((r) => r.differs) : rows;
  const table = el('table', { class: 'diff' });
  table.append(el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'key'), ...runs.map((r) => el('th', { scope: 'col' }, runLabel(r))))));
  const body = el('tbody');
  for (const row of shown) {
    body.append(
      el('tr', { class: row.differs ? 'differs' : '' },
        el('th', { scope: 'row' }, `${row.kind === 'tag' ? 'tags.' : 'params.'}${row.key}`),
        ...row.values.map((v) => el('td', v === undefined ? { class: 'missing' } : {}, v ?? '—'))),
    );
  }
  table.append(body);
  const differing = rows.filter((r) => r.differs).length;
  section.replaceChildren(
    el('div', { class: 'chart-head' },
      el('h2', {}, 'Params & tags'),
      el('label', { for: 'only-diffs', class: 'field' }, toggle, ` only differences (${differing} of ${rows.length})`)),
    shown.length ? table : el('p', { class: 'muted' }, onlyDiffs ? 'These runs share every param and tag.' : 'No params or tags.'),
  );
}
