import * as path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { LoupeError } from '../errors';

export type Tf = typeof TF;
export const BACKENDS = ['node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export function isBackendName(v: unknown): v is BackendName {
  return typeof v === 'string' && (BACKENDS as readonly string[]).includes(v);
}

/**
 * TensorFlow.js is loaded on first use, never at import: the extension and the CLI import the
 * tracker for many commands that never train, and tfjs takes a quarter of a second to load.
 */
let loaded: { tf: Tf; backend: BackendName } | undefined;

/* eslint-disable @typescript-eslint/no-require-imports */
function tryNode(): Tf | undefined {
  try {
    // tfjs-node brings its own build of tfjs and registers the native 'tensorflow' backend.
    return require('@tensorflow/tfjs-node') as Tf;
  } catch {
    return undefined;
  }
}

async function tryWasm(tf: Tf): Promise<boolean> {
  try {
    // Already set up once in this process: switching back must not set its paths again (tfjs refuses).
    if (tf.findBackend('wasm')) return await tf.setBackend('wasm');
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
    // The .wasm binaries ship next to the package's JS; pointing at them keeps it offline.
    const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
    wasm.setWasmPaths(dist);
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Picks the fastest backend that works here: native TensorFlow (tfjs-node, optional), then
 * WebAssembly, then plain JavaScript. `LOUPE_TF_BACKEND=node|wasm|cpu` (or `preferred`) forces one
 * and fails loudly when it is unavailable, so a benchmark never silently measures the wrong thing.
 */
export async function loadTf(preferred: string | undefined = process.env.LOUPE_TF_BACKEND): Promise<{ tf: Tf; backend: BackendName }> {
  const want = preferred === undefined || preferred === '' || preferred === 'auto' ? undefined : preferred;
  if (want !== undefined && !isBackendName(want)) {
    throw new LoupeError('INVALID_ARGUMENT', `Unknown TensorFlow.js backend "${want}"; use node, wasm or cpu (or leave LOUPE_TF_BACKEND unset to pick automatically).`);
  }
  if (loaded && (want === undefined || want === loaded.backend)) return loaded;
  let tf: Tf | undefined;
  let backend: BackendName | undefined;
  if (want === undefined || want === 'node') {
    tf = tryNode();
    if (tf) backend = 'node';
    else if (want === 'node') throw new LoupeError('INVALID_ARGUMENT', 'The node backend needs @tensorflow/tfjs-node, which is not installed; use wasm or cpu.');
  }
  if (!tf) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    tf = require('@tensorflow/tfjs') as Tf;
    // Prod mode drops per-op debug checks and the "install tfjs-node" console banner.
    tf.enableProdMode();
    if ((want === undefined || want === 'wasm') && (await tryWasm(tf))) backend = 'wasm';
    else if (want === 'wasm') throw new LoupeError('INVALID_ARGUMENT', 'The wasm backend could not start (its .wasm files were not found in @tensorflow/tfjs-backend-wasm/dist).');
    else {
      await tf.setBackend('cpu');
      backend = 'cpu';
    }
  }
  await tf.ready();
  loaded = { tf, backend: backend! };
  return loaded;
}
