import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { main } from '../../tracker/src/cli/main';
import { listEvaluations } from '../../tracker/src/evaluation/repo';
import { readReport } from '../../tracker/src/evaluation/report';
import { ModelRegistry } from '../../tracker/src/registry/modelRegistry';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { REPO_ROOT, tempWorkspace } from './helpers';

test('loupe demo runs the sample story end to end: the challenger passes the gate and becomes champion', async () => {
  const { root } = tempWorkspace();
  fs.cpSync(path.join(REPO_ROOT, 'sample-workspace'), root, { recursive: true, filter: (s) => path.basename(s) !== '.loupe' });
  let out = '';
  const code = await main(['demo', '--workspace', root], { out: (t) => (out += t + '\n'), err: (t) => (out += t + '\n'), cwd: REPO_ROOT, env: { ...process.env, LOUPE_TF_BACKEND: 'cpu' } });
  assert.equal(code, 0, out);
  const loupeDir = path.join(root, '.loupe');
  const registry = ModelRegistry.open(loupeDir);
  try {
    assert.equal(registry.getAlias('penguins-species', 'champion'), 2, 'the challenger was promoted');
    const history = registry.aliasHistory('penguins-species', 'champion');
    assert.equal(history.length, 2);
    assert.match(history[history.length - 1].reason, /passed the gate/);
    const [evaluation] = listEvaluations(registry.db, { challengerOf: 'penguins-species' });
    assert.equal(evaluation.verdict, 'promote');
    const report = readReport(loupeDir, evaluation.reportHash);
    assert.ok(report.checks.every((c) => c.passed), 'same data, no leakage, schema matches');
    assert.ok(report.checks.find((c) => c.name === 'leakage' && !c.skipped), 'leakage was really checked against the training split');
    assert.ok((report.metrics.challenger.accuracy ?? 0) > (report.metrics.champion.accuracy ?? 1));
  } finally {
    registry.close();
  }
  const store = SqliteTrackerStore.open(loupeDir);
  const sweep = store.listRuns({ filter: "tags.`loupe.kind` = 'sweep'" }).runs;
  assert.equal(sweep.length, 1);
  assert.equal(store.listRuns({ filter: `parent = '${sweep[0].id}'` }).total, 4, 'four sweep trials');
  store.close();
});
