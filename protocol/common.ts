/** Messages every panel shares. Message `type`s are `noun/verb`. */
export const PANEL_READY = 'panel/ready';
export const PANEL_ERROR = 'panel/error';

export interface PanelReady {
  type: typeof PANEL_READY;
}

/** Host -> panel: something failed; the panel shows `message` as text. */
export interface PanelError {
  type: typeof PANEL_ERROR;
  message: string;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isStringArray(v: unknown, max = 100_000): v is string[] {
  return Array.isArray(v) && v.length <= max && v.every((s) => typeof s === 'string');
}
