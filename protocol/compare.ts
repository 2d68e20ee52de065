import { PANEL_READY, isRecord, type PanelError, type PanelReady } from './common';
import type { WireNumber } from './numbers';
import type { MetricCell, RunRowView } from './runs';

/** The compare panel: any number of runs, their curves, parallel coordinates, scatter and diff. */
export const COMPARE_SNAPSHOT = 'compare/snapshot';
export const COMPARE_SERIES = 'compare/series';
export const COMPARE_LOAD_SERIES = 'compare/loadSeries';
export const COMPARE_SAVE_IMAGE = 'compare/saveImage';

/** Points per series sent for an overview; a zoom asks again for its step range. */
export const OVERVIEW_POINTS = 1000;

export type CompareRun = Omit<RunRowView, 'metrics'> & { metrics: Record<string, MetricCell> };

export interface CompareSnapshot {
  type: typeof COMPARE_SNAPSHOT;
  runs: CompareRun[];
  metricKeys: string[];
  paramKeys: string[];
  tagKeys: string[];
}

export interface SeriesData {
  runId: string;
  steps: number[];
  values: WireNumber[];
  /** ms since epoch */
  times: number[];
  downsampled: boolean;
  totalPoints: number;
}

export interface StepRange {
  minStep: number;
  maxStep: number;
}

/** Host -> panel: the series of one metric key for every run, for a range (null = all). */
export interface CompareSeries {
  type: typeof COMPARE_SERIES;
  /** The request this answers; null when the host sent it unasked (initial load, live update). */
  requestId: number | null;
  key: string;
  range: StepRange | null;
  series: SeriesData[];
}

export type CompareHostMessage = CompareSnapshot | CompareSeries | PanelError;

export interface CompareLoadSeries {
  type: typeof COMPARE_LOAD_SERIES;
  requestId: number;
  key: string;
  range: StepRange | null;
}

export interface CompareSaveImage {
  type: typeof COMPARE_SAVE_IMAGE;
  format: 'png' | 'svg';
  /** A suggested file name (sanitised by the host). */
  name: string;
  /** PNG as a data: URL, or the SVG text. */
  data: string;
}

export type ComparePanelMessage = PanelReady | CompareLoadSeries | CompareSaveImage;

const MAX_IMAGE = 32 * 1024 * 1024;

function isRange(v: unknown): v is StepRange | null {
  return v === null || (isRecord(v) && typeof v.minStep === 'number' && typeof v.maxStep === 'number' && v.minStep <= v.maxStep);
}

/** Validates a message from the compare panel (untrusted input); undefined when its shape is unknown. */
export function parseComparePanelMessage(m: unknown): ComparePanelMessage | undefined {
  if (!isRecord(m)) return undefined;
  switch (m.type) {
    case PANEL_READY:
      return { type: PANEL_READY };
    case COMPARE_LOAD_SERIES:
      if (typeof m.requestId !== 'number' || typeof m.key !== 'string' || m.key.length > 1000 || !isRange(m.range)) return undefined;
      return { type: COMPARE_LOAD_SERIES, requestId: m.requestId, key: m.key, range: m.range };
    case COMPARE_SAVE_IMAGE:
      if ((m.format !== 'png' && m.format !== 'svg') || typeof m.name !== 'string' || typeof m.data !== 'string' || m.data.length > MAX_IMAGE) return undefined;
      if (m.format === 'png' && !m.data.startsWith('data:image/png;base64,')) return undefined;
      return { type: COMPARE_SAVE_IMAGE, format: m.format, name: m.name.slice(0, 200), data: m.data };
    default:
      return undefined;
  }
}

