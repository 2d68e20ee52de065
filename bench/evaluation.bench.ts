// Shadow evaluation of 100,000 held-out rows by two cheap in-process linear models, so the figures
// are Loupe's own overhead: replay (batching, timing, logging), statistics with 1,000 bootstrap
// resamples, slices, checks, the report object and the per-row database log.
import * as path from 'node:path';
import { seededRandom } from '../tracker/src/demo/softmaxRegression';
import { runEvaluation } from '../tracker/src/evaluation/evaluate';
import { shadowReplay } from '../tracker/src/evaluation/shadow';
import type { ModelAdapter, Prediction, Row } from '../tracker/src/evaluation/types';
import { report, tempDir } from './lib';

const ROWS = 100_000;
const REGIONS = ['north', 'south', 'east', 'west'];

function makeRows(): Row[] {
  const rng = seededRandom(2024);
  const rows: Row[] = [];
  for (let i = 0; i < ROWS; i++) {
    const x1 = rng() * 4 - 2;
    const x2 = rng() * 4 - 2;
    const region = REGIONS[Math.floor(rng() * 4)];
    const p = 1 / (1 + Math.exp(-(1.5 * x1 - 1.0 * x2)));
    rows.push({ x1, x2, region, label: rng() < p ? 'yes' : 'no' });
  }
  return rows;
}

function linearModel(id: string, w1: number, w2: number): ModelAdapter {
  return {
    id,
    describe: () => `linear rule ${w1}·x1 + ${w2}·x2`,
    predict: async (rows: Row[]): Promise<Prediction[]> => {
      const out = new Array<Prediction>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const p = 1 / (1 + Math.exp(-(w1 * (rows[i].x1 as number) + w2 * (rows[i].x2 as number))));
        out[i] = { label: p > 0.5 ? 'yes' : 'no', probabilities: { yes: p, no: 1 - p } };
      }
      return out;
    },
  };
}

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function bestOf(repeat: number, fn: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < repeat; i++) best = Math.min(best, await timeMs(fn));
  return best;
}

async function main(): Promise<void> {
  const rows = makeRows();
  const features: Row[] = rows.map(({ label: _label, ...f }) => f);
  const champion = linearModel('linear:x1', 1.0, 0);
  const challenger = linearModel('linear:x1-x2', 1.5, -1.0);
  const loupeDir = path.join(tempDir('evaluation'), '.loupe');

  // Warm both paths first so neither figure includes JIT compilation the other one got for free.
  await runEvaluation({ loupeDir, champion, challenger, rows: rows.slice(0, 2000), labelColumn: 'label', seed: 1, resamples: 50 });
  const bare = await bestOf(5, async () => {
    await champion.predict(features);
    await challenger.predict(features);
  });
  const replay = await bestOf(5, () => shadowReplay(champion, challenger, features));
  let verdict = '';
  const full = await bestOf(2, async () => {
    const r = await runEvaluation({ loupeDir, champion, challenger, rows, labelColumn: 'label', seed: 7 });
    verdict = `${r.report.verdict} (accuracy ${r.report.metrics.champion.accuracy?.toFixed(4)} → ${r.report.metrics.challenger.accuracy?.toFixed(4)})`;
  });
  console.log(`# bare predictions of both models: ${bare.toFixed(1)} ms; shadow replay: ${replay.toFixed(1)} ms; full evaluation: ${full.toFixed(0)} ms; verdict ${verdict}`);
  report('evaluation_full_report_100k_rows_1000_resamples', full, 'ms', '<=', 5000);
  report('evaluation_shadow_replay_over_bare_predictions', replay / bare, 'x', '<=', 1.5);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
