// Training: throughput of the sample MLP on the backend Loupe picks vs plain-JS cpu, the cost of
// logging every batch and epoch through the SDK, and PyTorch (1 CPU thread) on the same MLP if present.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Tracker } from '../tracker/src/sdk/tracker';
import { loadTf, type Tf } from '../tracker/src/training/backend';
import { buildModel } from '../tracker/src/training/model';
import { encodeTargets, fitPreprocessing, outputWidth, transformRows } from '../tracker/src/training/preprocessing';
import { prepareTraining } from '../tracker/src/training/runTraining';
import { labelStratum } from '../tracker/src/training/schemaPlan';
import { trainValSplit } from '../tracker/src/training/split';
import { toRecords } from '../tracker/src/training/table';
import { fitModel, type FitData, type FitHooks } from '../tracker/src/training/trainer';
import { report, tempDir } from './lib';

const WORKSPACE = path.resolve(__dirname, '../sample-workspace');
const CONFIG = path.join(WORKSPACE, 'train/penguins-mlp.yaml');
const EPOCHS = 60;
const REPEAT = 3;

function data() {
  const p = prepareTraining(CONFIG, { workspace: WORKSPACE });
  // No early stopping: every measurement runs the same number of batches.
  const config = { ...p.config, training: { ...p.config.training, epochs: EPOCHS, earlyStopping: undefined } };
  const split = trainValSplit(p.plan.labelled, config.data.split.validation, config.data.split.seed, labelStratum(p.table, p.plan));
  const train = toRecords(p.table, split.train);
  const val = toRecords(p.table, split.val);
  const prep = fitPreprocessing(train, p.plan, config.preprocessing);
  const yw = outputWidth(prep.target);
  const fit = (rows: typeof train): FitData => ({
    x: { data: transformRows(prep, rows), rows: rows.length, cols: prep.width },
    y: { data: encodeTargets(prep, rows), rows: rows.length, cols: yw },
  });
  return { config, plan: p.plan, prep, yw, train: fit(train), val: fit(val) };
}

type Data = ReturnType<typeof data>;

/** Hooks for one timed training, and what to do at its end (inside the timing: a final flush counts). */
interface Instrumented {
  hooks: FitHooks;
  finish(): void;
}

/** Best-of-REPEAT samples/s of a full training (fresh model each time). */
async function throughput(tf: Tf, d: Data, instrument?: () => Promise<Instrumented>, repeat = REPEAT): Promise<number> {
  let best = 0;
  for (let i = 0; i < repeat; i++) {
    const built = buildModel(tf, d.config.model, d.plan.task, d.prep.width, d.yw, d.config.training.seed);
    const inst = instrument ? await instrument() : { hooks: {}, finish: () => undefined };
    const t0 = performance.now();
    await fitModel(tf, built, d.plan.task, d.train, d.val, d.config.training, 1, inst.hooks);
    inst.finish();
    best = Math.max(best, (d.train.x.rows * EPOCHS) / ((performance.now() - t0) / 1000));
    built.model.dispose();
  }
  return best;
}

function pytorch(d: Data): number | undefined {
  if (spawnSync('python3', ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return undefined;
  const [h1, h2] = d.config.model.layers;
  const code = `
import time, torch
torch.set_num_threads(1); torch.manual_seed(0)
n, w, k, bs, epochs = ${d.train.x.rows}, ${d.prep.width}, ${d.yw}, ${d.config.training.batchSize}, ${EPOCHS}
x = torch.randn(n, w); y = torch.randint(0, k, (n,))
m = torch.nn.Sequential(torch.nn.Linear(w, ${h1.units}), torch.nn.ReLU(), torch.nn.Dropout(${h1.dropout}), torch.nn.Linear(${h1.units}, ${h2.units}), torch.nn.ReLU(), torch.nn.Linear(${h2.units}, k))
opt = torch.optim.Adam(m.parameters(), lr=${d.config.training.learningRate}); loss_fn = torch.nn.CrossEntropyLoss()
best = 0
for _ in range(${REPEAT}):
    t0 = time.perf_counter()
    for e in range(epochs):
        perm = torch.randperm(n)
        for i in range(0, n, bs):
            idx = perm[i:i+bs]; opt.zero_grad(); loss = loss_fn(m(x[idx]), y[idx]); loss.backward(); opt.step(); loss.item()
    best = max(best, n * epochs / (time.perf_counter() - t0))
print(best)`;
  const r = spawnSync('python3', ['-c', code], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : undefined;
}

async function main(): Promise<void> {
  const d = data();
  const auto = await loadTf(process.env.LOUPE_TF_BACKEND);
  const chosen = await throughput(auto.tf, d);
  report(`train_mlp_${auto.backend}`, chosen, 'samples/s', '>=', 10_000);

  if (auto.backend !== 'cpu') {
    const cpu = await loadTf('cpu');
    const plain = await throughput(cpu.tf, d);
    report('train_mlp_cpu', plain, 'samples/s', '>=', 10_000);
    report(`train_mlp_${auto.backend}_vs_cpu`, chosen / plain, 'x', '>=', 1);
  }

  // Logging overhead on the chosen backend: a batch_loss point per batch and the epoch metrics, through
  // a real run, flushed at its end. Silent and logged trainings alternate so machine noise hits both alike.
  const back = await loadTf(auto.backend);
  const tracker = Tracker.open({ dir: path.join(tempDir('train'), '.loupe') });
  let silent = 0;
  let logged = 0;
  let inLogging = 0;
  let loggedSeconds = Infinity;
  for (let i = 0; i < 2 * REPEAT; i++) {
    silent = Math.max(silent, await throughput(back.tf, d, undefined, 1));
    let spent = 0;
    const timed = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => {
      const t0 = performance.now();
      fn(...a);
      spent += performance.now() - t0;
    };
    const rate = await throughput(back.tf, d, async () => {
      const run = await tracker.startRun({ experiment: 'bench' });
      return {
        hooks: { onBatch: timed((step: number, loss: number) => run.log({ batch_loss: loss }, step)), onEpoch: timed((epoch: number, m: Record<string, number>) => run.log(m, epoch)) },
        finish: timed(() => run.end()),
      };
    }, 1);
    if (rate > logged) [logged, inLogging, loggedSeconds] = [rate, spent, (d.train.x.rows * EPOCHS) / rate];
  }
  tracker.close();
  report('train_logging_overhead', Math.max(0, (silent / logged - 1) * 100), '%', '<=', 5);
  report('train_logging_time_share', (inLogging / 1000 / loggedSeconds) * 100, '%', '<=', 5);

  const torch = pytorch(d);
  if (torch === undefined) console.log('# train_mlp_pytorch_cpu_1thread: skipped (python3 cannot import torch)');
  else {
    report('train_mlp_pytorch_cpu_1thread', torch, 'samples/s', '>=', 0);
    report(`train_mlp_${auto.backend}_vs_pytorch_1thread`, chosen / torch, 'x', '>=', 0.25);
  }
}

void main();
