/**
 * Training worker: `node trainWorker.js CONFIG WORKSPACE OPTIONS_JSON`. Prints progress as one JSON
 * event per stdout line (see training/events.ts) and exits 0 after `done`, 1 after `error`. SIGTERM
 * ends its runs as `killed` through the SDK's exit hooks, after the current batch.
 */
import { format } from 'node:util';
import { isLoupeError } from '../errors';
import { encodeEvent, type TrainEvent } from '../training/events';
import type { WorkerOptions } from '../training/launch';
import { runTraining } from '../training/runTraining';

// stdout carries the protocol only: libraries' console output (tfjs banners, warnings) goes to stderr.
for (const method of ['log', 'info', 'warn', 'debug'] as const) {
  console[method] = (...args: unknown[]) => void process.stderr.write(format(...args) + '\n');
}

const send = (e: TrainEvent) => process.stdout.write(encodeEvent(e) + '\n');

async function main(argv: string[]): Promise<number> {
  const [configPath, workspace, optionsJson] = argv;
  if (!configPath || !workspace) {
    send({ type: 'error', message: 'usage: trainWorker CONFIG WORKSPACE [OPTIONS_JSON]' });
    return 2;
  }
  let lastRun: string | undefined;
  try {
    const options = (optionsJson ? JSON.parse(optionsJson) : {}) as WorkerOptions;
    const result = await runTraining(configPath, {
      ...options,
      workspace,
      onEvent: (e) => {
        if (e.type === 'started') lastRun = e.runId;
        send(e);
      },
    });
    send({ type: 'done', runId: result.runId, modelVersion: result.modelVersion, modelName: result.modelName, metrics: result.metrics });
    return 0;
  } catch (e) {
    send({ type: 'error', message: (e as Error).message, ...(isLoupeError(e) ? { code: e.code } : {}), ...(lastRun ? { runId: lastRun } : {}) });
    if (!isLoupeError(e)) process.stderr.write(`${(e as Error).stack ?? e}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
