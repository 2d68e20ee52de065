import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { addVersion } from '../../tracker/src/datasets/datasetStore';
import { deleteUnusedVersion } from '../../tracker/src/datasets/deleteVersion';
import { DatasetRepo } from '../../tracker/src/datasets/repo';
import { isLoupeError } from '../../tracker/src/errors';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { tempWorkspace } from './helpers';

test('an unused dataset version can be deleted; one a run used is refused with the reason', async () => {
  const { root, loupeDir } = tempWorkspace();
  fs.writeFileSync(path.join(root, 'a.csv'), 'x,y\n1,2\n');
  const v1 = (await addVersion(root, loupeDir, 'a.csv', { name: 'a' })).version;
  fs.writeFileSync(path.join(root, 'a.csv'), 'x,y\n1,2\n3,4\n');
  const v2 = (await addVersion(root, loupeDir, 'a.csv', { name: 'a' })).version;
  const store = SqliteTrackerStore.open(loupeDir);
  try {
    const run = store.createRun({ experiment: 'e' });
    const repo = new DatasetRepo(store.db);
    repo.useDataset(run.id, v2.id, 'train');
    assert.throws(() => deleteUnusedVersion(store.db, v2.id), (e) => isLoupeError(e, 'CONFLICT') && /a@2 is still in use: 1 run\(s\) used it/.test((e as Error).message));
    deleteUnusedVersion(store.db, v1.id);
    assert.deepEqual(repo.log('a').map((v) => v.version), [2]);
  } finally {
    store.close();
  }
});
