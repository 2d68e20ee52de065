import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { main } from '../../tracker/src/cli/main';
import { addVersion } from '../../tracker/src/datasets';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { REPO_ROOT, tempWorkspace } from './helpers';

async function loupe(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), cwd, env: {} });
  return { code, out, err };
}

/** A rule on flipper length alone: Gentoo have long flippers, and every other penguin is called Adelie. */
const FLIPPER_RULE = `
import csv, sys
for r in csv.DictReader(sys.stdin):
    f = r["Flipper Length (mm)"]
    print("Gentoo" if f and float(f) >= 207 else "Adelie")
`;

/** Adds beak depth (Gentoo's is shallow) and beak length (Chinstrap's is long), with probabilities. */
const BEAK_RULE = `
import csv, json, sys
for r in csv.DictReader(sys.stdin):
    f, d, l = (r[k] for k in ("Flipper Length (mm)", "Beak Depth (mm)", "Beak Length (mm)"))
    if not f:
        p = {"Adelie": 0.5, "Chinstrap": 0.25, "Gentoo": 0.25}
    elif float(f) >= 207 and float(d) < 17.5:
        p = {"Adelie": 0.02, "Chinstrap": 0.03, "Gentoo": 0.95}
    elif float(l) >= 43.5:
        p = {"Adelie": 0.1, "Chinstrap": 0.85, "Gentoo": 0.05}
    else:
        p = {"Adelie": 0.9, "Chinstrap": 0.08, "Gentoo": 0.02}
    print(json.dumps({"label": max(p, key=p.get), "probabilities": p}))
`;

function penguinWorkspace(): { root: string; loupeDir: string } {
  const ws = tempWorkspace();
  fs.mkdirSync(path.join(ws.root, 'data'));
  fs.copyFileSync(path.join(REPO_ROOT, 'sample-workspace/data/penguins.csv'), path.join(ws.root, 'data/penguins.csv'));
  fs.writeFileSync(path.join(ws.root, 'flipper.py'), FLIPPER_RULE);
  fs.writeFileSync(path.join(ws.root, 'beak.py'), BEAK_RULE);
  fs.writeFileSync(path.join(ws.root, 'crash.py'), 'import sys\nsys.stdin.read()\nraise SystemExit("model file weights.bin is missing")\n');
  fs.mkdirSync(ws.loupeDir);
  return ws;
}

// Both models are Python processes started per batch; their start-up time varies on a busy machine,
// so the latency limit is loosened here (latency gating has its own test with in-process models).
const POLICY = JSON.stringify({ maxLatencyRatio: 3 });

test('loupe eval runs two Python command models on the penguins and promotes the better one', async () => {
  const { root, loupeDir } = penguinWorkspace();
  const r = await loupe(['eval', '--champion', 'cmd:python3 flipper.py', '--challenger', 'cmd:python3 beak.py', '--data', 'data/penguins.csv', '--label', 'Species', '--policy', POLICY, '--seed', '5'], root);
  assert.equal(r.code, 0, r.out + r.err);
  const lines = r.out.split('\n');
  assert.match(lines[0], /^PROMOTE: challenger cmd:python3 beak\.py vs champion cmd:python3 flipper\.py on data\/penguins\.csv \(344 rows, classification, superiority on accuracy\)/);
  assert.match(lines[1], /^ {2}✓ accuracy \(higher is better\): challenger 0\.9651 vs champion 0\.7907; the 95% CI of the improvement is \[/);
  assert.match(r.out, /✓ McNemar's exact test on \d+ discordant row\(s\)/);
  assert.match(r.out, /✓ No held-out row|✓ Leakage was not checked/);
  assert.match(r.out, /^roc_auc\s+n\/a\s+[\d.]+/m, 'the flipper rule gives no probabilities: no AUC');
  const id = /evaluation ([0-9a-f]{32})/.exec(r.out)![1];
  const store = SqliteTrackerStore.open(loupeDir);
  const rec = store.db.prepare('SELECT champion, challenger, dataset, verdict FROM evaluations WHERE id = ?').get(id);
  const flips = store.db.prepare('SELECT count(*) AS n FROM evaluation_rows WHERE evaluation_id = ? AND champion_correct = 0 AND challenger_correct = 1').get(id) as { n: number };
  store.close();
  assert.deepEqual(rec, { champion: 'cmd:python3 flipper.py', challenger: 'cmd:python3 beak.py', dataset: 'data/penguins.csv', verdict: 'promote' });
  assert.equal(flips.n, 64);
});

test('loupe eval rejects the worse model as challenger, exits 1 and says why under the verdict', async () => {
  const { root } = penguinWorkspace();
  const r = await loupe(['eval', '--champion', 'cmd:python3 beak.py', '--challenger', 'cmd:python3 flipper.py', '--data', 'data/penguins.csv', '--label', 'Species', '--policy', POLICY], root);
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /^REJECT: /);
  assert.match(r.out, /✗ accuracy \(higher is better\): challenger 0\.7907 vs champion 0\.9651/);
  assert.match(r.out, /✗ McNemar's exact test .* in the champion's favour/);
  assert.match(r.out, /✗ The challenger is worse than the champion by more than 0\.05 in accuracy on \d+ slice\(s\): .*Island = Dream/);
});

test('loupe eval --format json prints the whole report, from a subfolder of the workspace', async () => {
  const { root } = penguinWorkspace();
  const sub = path.join(root, 'data');
  const r = await loupe(['eval', '--champion', `cmd:python3 ${path.join(root, 'flipper.py')}`, '--challenger', `cmd:python3 ${path.join(root, 'beak.py')}`, '--data', 'penguins.csv', '--label', 'Species', '--format', 'json', '--policy', POLICY], sub);
  assert.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out);
  assert.equal(report.verdict, 'promote');
  assert.equal(report.dataset.ref, 'data/penguins.csv');
  assert.equal(report.dataset.rows, 344);
  assert.match(report.reportHash, /^[0-9a-f]{64}$/);
  assert.equal(report.metrics.champion.roc_auc, null);
  assert.ok(report.metrics.challenger.log_loss > 0);
  assert.ok(report.slices.slices.some((s: { column: string; value: string }) => s.column === 'Sex' && s.value === '(missing)'));
});

test('loupe eval reports a crashing command model with its stderr and writes nothing', async () => {
  const { root, loupeDir } = penguinWorkspace();
  const r = await loupe(['eval', '--champion', 'cmd:python3 flipper.py', '--challenger', 'cmd:python3 crash.py', '--data', 'data/penguins.csv', '--label', 'Species'], root);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /The challenger failed while scoring rows 0–255\. Model cmd:python3 crash\.py crashed: it exited with code 1\./);
  assert.match(r.err, /model file weights\.bin is missing/);
  const store = SqliteTrackerStore.open(loupeDir);
  assert.equal((store.db.prepare('SELECT count(*) AS n FROM evaluations').get() as { n: number }).n, 0);
  store.close();
});

test('loupe eval explains a missing option, an unknown label column and a bad policy', async () => {
  const { root } = penguinWorkspace();
  const base = ['eval', '--champion', 'cmd:python3 flipper.py', '--challenger', 'cmd:python3 beak.py', '--data', 'data/penguins.csv'];
  const missing = await loupe(base, root);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /--label is required/);
  const label = await loupe([...base, '--label', 'species'], root);
  assert.equal(label.code, 2);
  assert.match(label.err, /The label column "species" is not in the data; its columns are Species, Island/);
  const policy = await loupe([...base, '--label', 'Species', '--policy', '{"alpha": 2}'], root);
  assert.equal(policy.code, 2);
  assert.match(policy.err, /alpha must be between 0 and 1/);
  const unknown = await loupe([...base, '--label', 'Species', '--policy', '{"primary": "f1"}'], root);
  assert.match(unknown.err, /unknown field "primary"/);
});

test('loupe eval reads a versioned dataset given as NAME@VERSION and records it by that reference', async () => {
  const { root } = penguinWorkspace();
  await addVersion(root, path.join(root, '.loupe'), 'data/penguins.csv', { name: 'penguins' });
  const r = await loupe(['eval', '--champion', 'cmd:python3 flipper.py', '--challenger', 'cmd:python3 beak.py', '--data', 'penguins@1', '--label', 'Species', '--format', 'json', '--policy', POLICY], root);
  assert.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out);
  assert.deepEqual([report.dataset.ref, report.dataset.rows], ['penguins@1', 344]);
  const missing = await loupe(['eval', '--champion', 'cmd:python3 flipper.py', '--challenger', 'cmd:python3 beak.py', '--data', 'penguins@7', '--label', 'Species'], root);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /has no version 7/);
});
