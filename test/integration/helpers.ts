import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LoupeApi } from '../../extension/src/extension';

export const EXTENSION_ID = 'loupe-dev.loupe';

/** Activates Loupe (as the first use of a Loupe command would) and returns its API. */
export async function activateLoupe(): Promise<LoupeApi> {
  const ext = vscode.extensions.getExtension<LoupeApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  return ext.activate();
}

/** Polls `check` until it returns a value or the time is up (VS Code updates views asynchronously). */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
