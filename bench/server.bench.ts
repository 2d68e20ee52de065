// Metric ingest through `loupe serve` (MLflow log-batch of 1,000 points, the most MLflow allows)
// beside the in-process SDK on the same machine in the same run, so the HTTP + JSON cost shows as a ratio.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Tracker } from '../tracker/src/sdk/tracker';
import { report, tempDir } from './lib';

const POINTS = 500_000;
const BATCH = 1000;
const KEYS = ['loss', 'acc', 'lr', 'grad_norm'];
const IN_FLIGHT = 4;
const REPO = path.resolve(__dirname, '..');

async function sdkRate(flushPoints: number): Promise<number> {
  const tracker = Tracker.open({ dir: path.join(tempDir('server-sdk'), '.loupe'), flush: { maxPoints: flushPoints } });
  const run = await tracker.startRun({ experiment: 'bench' });
  const now = Date.now();
  const t0 = performance.now();
  for (let step = 0; step < POINTS / KEYS.length; step++) {
    run.log({ loss: 1 / (step + 1), acc: step / POINTS, lr: 0.001, grad_norm: Math.sin(step) }, step, now);
  }
  run.flush();
  const rate = POINTS / ((performance.now() - t0) / 1000);
  tracker.close();
  return rate;
}

/** The server runs in its own process, as `loupe serve` does, so client work does not share its thread. */
async function startChildServer(loupeDir: string): Promise<{ url: string; token: string; stop: () => void }> {
  const script = `
    const { startServer } = require(${JSON.stringify(path.join(REPO, 'tracker/src/server/server'))});
    startServer({ loupeDir: ${JSON.stringify(loupeDir)}, rateLimit: { perSecond: 1e9, burst: 1e9 } })
      .then((s) => process.stdout.write(JSON.stringify({ url: s.url, token: s.token }) + '\\n'));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]) as { url: string; token: string });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { ...info, stop: () => child.kill('SIGTERM') };
}

/** Bodies as MLflow's client sends them for `log_metrics` over consecutive steps, built before timing. */
function batchBodies(runId: string): string[] {
  const bodies: string[] = [];
  const now = Date.now();
  const stepsPerBatch = BATCH / KEYS.length;
  for (let first = 0; first < POINTS / KEYS.length; first += stepsPerBatch) {
    const metrics = [];
    for (let step = first; step < first + stepsPerBatch; step++) {
      for (const key of KEYS) metrics.push({ key, value: Math.sin(step) + key.length, timestamp: now, step });
    }
    bodies.push(JSON.stringify({ run_id: runId, metrics, params: [], tags: [] }));
  }
  return bodies;
}

async function serverRate(): Promise<number> {
  const server = await startChildServer(path.join(tempDir('server-http'), '.loupe'));
  try {
    const headers = { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' };
    const created = await fetch(`${server.url}/api/2.0/mlflow/runs/create`, { method: 'POST', headers, body: JSON.stringify({ experiment_id: '0' }) });
    const runId = ((await created.json()) as { run: { info: { run_id: string } } }).run.info.run_id;
    const bodies = batchBodies(runId);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < bodies.length) {
          const r = await fetch(`${server.url}/api/2.0/mlflow/runs/log-batch`, { method: 'POST', headers, body: bodies[next++] });
          if (r.status !== 200) throw new Error(`log-batch answered ${r.status}: ${await r.text()}`);
          await r.arrayBuffer();
        }
      }),
    );
    const rate = POINTS / ((performance.now() - t0) / 1000);
    const check = await fetch(`${server.url}/api/loupe/runs?filter=${encodeURIComponent(`id = '${runId}'`)}`, { headers });
    const count = ((await check.json()) as { runs: { metrics: Record<string, { count: number }> }[] }).runs[0].metrics.loss.count;
    if (count !== POINTS / KEYS.length) throw new Error(`the server stored ${count} loss points`);
    return rate;
  } finally {
    server.stop();
  }
}

async function main(): Promise<void> {
  const sdk = await sdkRate(200_000);
  // The same store writes in 1,000-point transactions, as the server must (one per log-batch):
  // the gap between this and the server is the HTTP + JSON cost; the rest is the write size.
  const sdkSmall = await sdkRate(BATCH);
  const server = await serverRate();
  report('server_sdk_in_process', sdk, 'points/s', '>=', 0);
  report('server_sdk_in_process_1000_point_flushes', sdkSmall, 'points/s', '>=', 0);
  report('server_log_batch_1000', server, 'points/s', '>=', 200_000);
  report('server_vs_sdk', server / sdk, 'x', '>=', 0.05);
  report('server_vs_sdk_same_flush_size', server / sdkSmall, 'x', '>=', 0.25);
}

void main();
