import type { ActiveRun } from './activeRun';

const sets = new Set<Set<ActiveRun>>();
let installed = false;

/**
 * Flushes open runs when the process exits, and on SIGINT/SIGTERM also marks them `killed`.
 * Signal handlers re-raise the signal afterwards so the process still ends the way it would have.
 */
export function trackOpenRuns(runs: Set<ActiveRun>): void {
  sets.add(runs);
  if (installed) return;
  installed = true;
  process.on('exit', () => forEachRun((r) => r.flush()));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = () => {
      forEachRun((r) => r.end('killed'));
      process.removeListener(signal, handler);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

function forEachRun(fn: (r: ActiveRun) => void): void {
  for (const set of sets) {
    for (const run of [...set]) {
      try {
        fn(run);
      } catch {
        // Best effort at exit: one run's failure must not stop the others from flushing.
      }
    }
  }
}
