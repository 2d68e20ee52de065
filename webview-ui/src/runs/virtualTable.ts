import type { RunRowView } from '../../../protocol/runs';
import { el, icon } from '../common/dom';
import type { Column } from './columns';

const ROW_HEIGHT = 26;
const OVERSCAN = 10;
const STATUS_ICONS: Record<RunRowView['status'], string> = {
  running: 'sync', finished: 'pass', failed: 'error', killed: 'circle-slash', queued: 'clock',
};

export interface TableEvents {
  onSort(column: Column): void;
  onToggleSelect(id: string): void;
  onOpen(id: string): void;
  isSelected(id: string): boolean;
  sortDirection(column: Column): 'asc' | 'desc' | undefined;
}

/**
 * A grid that only creates DOM for the rows in view (plus a margin), so 10,000 runs scroll
 * as smoothly as 10. Rows are absolutely positioned inside a spacer as tall as the whole table.
 */
export class VirtualTable {
  private columns: Column[] = [];
  private rows: RunRowView[] = [];
  private pinned = new Set<string>();
  private readonly header = el('div', { class: 'grid-header', role: 'row' });
  private readonly viewport = el('div', { class: 'grid-viewport' });
  private readonly spacer = el('div', { class: 'grid-spacer' });
  private template = '';
  private frame = 0;
  /** Row with the keyboard focus (arrow keys move it, Space selects, Enter opens). */
  private focusIndex = 0;

  constructor(readonly root: HTMLElement, private readonly events: TableEvents) {
    this.viewport.append(this.spacer);
    root.append(this.header, this.viewport);
    this.viewport.addEventListener('scroll', () => this.schedule());
    this.viewport.setAttribute('tabindex', '0');
    this.viewport.setAttribute('aria-label', 'Runs: arrow keys move, Space selects, Enter opens');
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
  }

  setData(columns: Column[], rows: RunRowView[], pinned: Set<string>): void {
    this.columns = columns;
    this.rows = rows;
    this.pinned = pinned;
    this.template = `28px ${columns.map((c) => (c.id === 'name' ? 'minmax(160px, 2fr)' : 'minmax(90px, 1fr)')).join(' ')}`;
    this.renderHeader();
    this.spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    this.focusIndex = Math.min(this.focusIndex, Math.max(0, rows.length - 1));
    this.root.setAttribute('aria-rowcount', String(rows.length + 1));
    this.renderRows();
  }

  private onKey(e: KeyboardEvent): void {
    if (this.rows.length === 0 || e.ctrlKey || e.metaKey || e.altKey) return;
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    if (e.key in moves) {
      this.focusIndex = Math.max(0, Math.min(this.rows.length - 1, this.focusIndex + moves[e.key]));
      const top = this.focusIndex * ROW_HEIGHT;
      if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
      else if (top + ROW_HEIGHT > this.viewport.scrollTop + this.viewport.clientHeight) this.viewport.scrollTop = top + ROW_HEIGHT - this.viewport.clientHeight;
      this.renderRows();
    } else if (e.key === ' ') {
      this.events.onToggleSelect(this.rows[this.focusIndex].id);
    } else if (e.key === 'Enter') {
      this.events.onOpen(this.rows[this.focusIndex].id);
    } else return;
    e.preventDefault();
  }

  refreshSelection(): void {
    for (const row of Array.from(this.spacer.children) as HTMLElement[]) {
      const id = row.dataset.id!;
      row.classList.toggle('selected', this.events.isSelected(id));
      row.setAttribute('aria-selected', String(this.events.isSelected(id)));
    }
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderRows();
    });
  }

  private renderHeader(): void {
    this.header.replaceChildren(el('div', { class: 'cell', role: 'columnheader' }));
    this.header.style.gridTemplateColumns = this.template;
    for (const c of this.columns) {
      const dir = this.events.sortDirection(c);
      const cell = el('div', {
        class: `cell sortable${c.numeric ? ' numeric' : ''}`, role: 'columnheader', tabindex: '0', title: c.id,
        'aria-sort': dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none',
      }, c.label);
      if (dir) cell.append(icon(dir === 'asc' ? 'arrow-up' : 'arrow-down'));
      cell.addEventListener('click', () => this.events.onSort(c));
      cell.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') this.events.onSort(c);
      });
      this.header.append(cell);
    }
  }

  private renderRows(): void {
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    const now = Date.now();
    const fragment = document.createDocumentFragment();
    for (let i = first; i < last; i++) fragment.append(this.renderRow(this.rows[i], i, now));
    this.spacer.replaceChildren(fragment);
  }

  private renderRow(run: RunRowView, index: number, now: number): HTMLElement {
    const selected = this.events.isSelected(run.id);
    const row = el('div', {
      class: `grid-row${selected ? ' selected' : ''}${index === this.focusIndex ? ' focused' : ''}`, role: 'row', 'aria-rowindex': String(index + 2),
      'aria-selected': String(selected), 'data-id': run.id, tabindex: '-1',
    });
    row.style.top = `${index * ROW_HEIGHT}px`;
    row.style.gridTemplateColumns = this.template;
    const box = el('input', { type: 'checkbox', 'aria-label': `Select ${run.name}` });
    box.checked = selected;
    box.addEventListener('change', () => this.events.onToggleSelect(run.id));
    row.append(el('div', { class: 'cell', role: 'gridcell' }, box));
    for (const c of this.columns) {
      const cell = el('div', { class: `cell${c.numeric ? ' numeric' : ''}`, role: 'gridcell' });
      if (c.id === 'status') cell.append(icon(STATUS_ICONS[run.status], run.status), ' ');
      if (c.id === 'name' && this.pinned.has(run.id)) cell.append(icon('pinned', 'pinned'), ' ');
      const text = c.text(run, now);
      cell.append(text);
      cell.title = text;
      row.append(cell);
    }
    row.addEventListener('dblclick', () => this.events.onOpen(run.id));
    return row;
  }
}
