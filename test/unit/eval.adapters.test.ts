import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CommandAdapter, parsePredictionLine } from '../../tracker/src/evaluation/adapters';
import { adapterFromRegistryModel } from '../../tracker/src/evaluation/registryAdapter';
import { shadowReplay } from '../../tracker/src/evaluation/shadow';
import type { ModelAdapter, Row } from '../../tracker/src/evaluation/types';
import { isLoupeError } from '../../tracker/src/errors';
import { tempWorkspace } from './helpers';

function script(dir: string, name: string, body: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, body);
  return `python3 ${JSON.stringify(file)}`;
}

const ROWS: Row[] = [
  { x: 1, name: 'a, "quoted"' },
  { x: 5, name: 'b' },
  { x: 9, name: null },
];

test('an external command reads CSV rows on stdin and answers one plain label per line', async () => {
  const { root } = tempWorkspace();
  const cmd = script(root, 'm.py', [
    'import csv, sys',
    'for r in csv.DictReader(sys.stdin):',
    '    print("big" if float(r["x"]) > 4 else "small", r["name"] == "a, \\"quoted\\"")',
  ].join('\n'));
  const preds = await new CommandAdapter(cmd).predict(ROWS);
  assert.deepEqual(preds.map((p) => p.label), ['small True', 'big False', 'big False']);
});

test('an external command can read JSON Lines and answer JSON objects with probabilities or values', async () => {
  const { root } = tempWorkspace();
  const cmd = script(root, 'm.py', [
    'import json, sys',
    'for line in sys.stdin:',
    '    r = json.loads(line)',
    '    p = min(1.0, r["x"] / 10)',
    '    print(json.dumps({"label": "yes" if p > 0.5 else "no", "probabilities": {"yes": p, "no": 1 - p}, "value": r["x"] * 2}))',
  ].join('\n'));
  const preds = await new CommandAdapter(cmd, { input: 'jsonl' }).predict(ROWS);
  assert.deepEqual(preds[2], { label: 'yes', probabilities: { yes: 0.9, no: 0.09999999999999998 }, value: 18 });
  assert.equal(preds[0].value, 2);
});

test('a crashing external command is reported with its exit code and stderr', async () => {
  const { root } = tempWorkspace();
  const cmd = script(root, 'crash.py', 'import sys\nsys.stdin.read()\nsys.stderr.write("ValueError: column x is not a number\\n")\nsys.exit(3)\n');
  await assert.rejects(new CommandAdapter(cmd).predict(ROWS), (e) => {
    assert.ok(isLoupeError(e));
    assert.match(e.message, /crashed: it exited with code 3/);
    assert.match(e.message, /ValueError: column x is not a number/);
    return true;
  });
});

test('an external command that runs past its timeout is killed with its whole process group', async () => {
  const { root } = tempWorkspace();
  const pidFile = path.join(root, 'grandchild.pid');
  const cmd = script(root, 'slow.py', [
    'import subprocess, sys, time',
    `p = subprocess.Popen(["sleep", "30"])`,
    `open(${JSON.stringify(pidFile)}, "w").write(str(p.pid))`,
    'time.sleep(30)',
  ].join('\n'));
  const t0 = Date.now();
  await assert.rejects(new CommandAdapter(cmd, { timeoutMs: 700 }).predict(ROWS), (e) => isLoupeError(e) && /timed out: no answer for 3 row\(s\) within 0\.7 s; its process group was killed/.test(e.message));
  assert.ok(Date.now() - t0 < 10_000, 'did not wait for the model');
  const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
  let alive = true;
  for (let i = 0; i < 50 && alive; i++) {
    try {
      process.kill(grandchild, 0);
      await new Promise((r) => setTimeout(r, 50));
    } catch {
      alive = false;
    }
  }
  assert.equal(alive, false, 'the sleep the model started was killed too');
});

test('an external command that prints the wrong number of lines is refused, never padded', async () => {
  const { root } = tempWorkspace();
  const cmd = script(root, 'short.py', 'import sys\nrows = sys.stdin.read().splitlines()[1:]\nfor r in rows[:-1]:\n    print("x")\n');
  await assert.rejects(new CommandAdapter(cmd).predict(ROWS), (e) => isLoupeError(e) && /printed 2 prediction line\(s\) for 3 input row\(s\); it must print exactly one line per row/.test(e.message));
});

test('unreadable prediction lines name the line and the problem', () => {
  assert.throws(() => parsePredictionLine('{"label": ', 4, 'cmd:m'), /output line 5 \(not valid JSON\)/);
  assert.throws(() => parsePredictionLine('{"probabilities": {"a": "high"}}', 0), /probability of "a" must be a number/);
  assert.deepEqual(parsePredictionLine(' 3.5 ', 0), { label: '3.5', value: 3.5 });
  assert.deepEqual(parsePredictionLine('"Gentoo"', 0), { label: 'Gentoo' });
});

test('the shadow replay scores both models on the same batches in the same order and times each batch', async () => {
  const calls: string[] = [];
  const model = (id: string): ModelAdapter => ({
    id,
    describe: () => id,
    predict: async (rows) => {
      calls.push(`${id}:${rows.length}`);
      return rows.map((r) => ({ label: String(r.x) }));
    },
  });
  const rows: Row[] = Array.from({ length: 5 }, (_, i) => ({ x: i }));
  const r = await shadowReplay(model('A'), model('B'), rows, { batchSize: 2 });
  assert.deepEqual(calls, ['A:2', 'B:2', 'A:2', 'B:2', 'A:1', 'B:1'], 'the champion answers each batch first');
  assert.deepEqual(Array.from(r.champion.batchRows), [2, 2, 1]);
  assert.deepEqual(Array.from(r.challenger.scored), [0, 1, 2, 3, 4]);
  assert.deepEqual(r.challenger.predictions.map((p) => p.label), ['0', '1', '2', '3', '4']);
});

test('an in-process model returning too few predictions is reported with the rows it was scoring', async () => {
  const ok: ModelAdapter = { id: 'ok', describe: () => 'ok', predict: async (rows) => rows.map(() => ({ label: 'a' })) };
  const short: ModelAdapter = { id: 'short', describe: () => 'short', predict: async (rows) => rows.slice(1).map(() => ({ label: 'a' })) };
  const rows: Row[] = Array.from({ length: 3 }, (_, i) => ({ x: i }));
  await assert.rejects(shadowReplay(ok, short, rows, { batchSize: 2 }), /The challenger \(short\) returned 1 prediction\(s\) for the 2 rows 0–1/);
});

test('a registry model’s class-ordered probabilities become a class → probability record', async () => {
  const adapter = adapterFromRegistryModel('penguins@3', {
    classes: ['Adelie', 'Gentoo'],
    predict: async (rows) => rows.map(() => ({ label: 'Gentoo', probabilities: [0.25, 0.75] })),
  });
  assert.equal(adapter.id, 'penguins@3');
  assert.deepEqual(await adapter.predict([{ x: 1 }]), [{ label: 'Gentoo', probabilities: { Adelie: 0.25, Gentoo: 0.75 } }]);
});
