import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { addVersion, withDatasets } from '../../tracker/src/datasets/datasetStore';
import { checkout } from '../../tracker/src/datasets/checkout';
import { manifestDigest } from '../../tracker/src/datasets/manifest';
import { isLoupeError } from '../../tracker/src/errors';
import { tempWorkspace } from './helpers';

function files(root: string, entries: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(entries)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
}

/** Moves mtimes out of the "racy" window so the stat cache may trust them. */
function age(root: string, rels: string[]): void {
  const past = new Date(Date.now() - 3_600_000);
  for (const rel of rels) fs.utimesSync(path.join(root, rel), past, past);
}

test('adding, re-adding, changing and checking out a dataset round-trips its files byte for byte', async () => {
  const { root, loupeDir } = tempWorkspace();
  const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
  files(root, { 'data/a.csv': 'x,y\n1,2\n', 'data/sub/b.bin': binary, 'data/.git/ignored': 'no', 'data/node_modules/m.js': 'no' });
  const v1 = await addVersion(root, loupeDir, 'data', { message: 'first' });
  assert.equal(v1.status, 'created');
  assert.deepEqual([v1.version.dataset, v1.version.version, v1.version.fileCount, v1.version.totalBytes, v1.version.rows], ['data', 1, 2, 8 + binary.length, 1]);

  const again = await addVersion(root, loupeDir, path.join(root, 'data'));
  assert.equal(again.status, 'unchanged');
  assert.equal(again.version.id, v1.version.id);

  files(root, { 'data/a.csv': 'x,y\n1,2\n3,4\n', 'data/new.txt': 'added in v2' });
  const v2 = await addVersion(root, loupeDir, 'data');
  assert.deepEqual([v2.status, v2.version.version, v2.version.fileCount], ['created', 2, 3]);

  fs.writeFileSync(path.join(root, 'data/sub/b.bin'), 'clobbered');
  fs.writeFileSync(path.join(root, 'data/unrelated.txt'), 'mine');
  const back = await checkout(root, loupeDir, 'data@1');
  assert.deepEqual(back.written.sort(), ['data/a.csv', 'data/sub/b.bin']);
  assert.equal(fs.readFileSync(path.join(root, 'data/a.csv'), 'utf8'), 'x,y\n1,2\n');
  assert.deepEqual(fs.readFileSync(path.join(root, 'data/sub/b.bin')), binary);
  // Files the version does not list are left alone.
  assert.equal(fs.readFileSync(path.join(root, 'data/unrelated.txt'), 'utf8'), 'mine');
  assert.equal(fs.readFileSync(path.join(root, 'data/new.txt'), 'utf8'), 'added in v2');
  assert.deepEqual(fs.readdirSync(path.join(root, 'data')).filter((n) => n.includes('.tmp')), []);

  const forward = await checkout(root, loupeDir, 'data@2');
  assert.deepEqual([forward.written, forward.unchanged.length], [['data/a.csv'], 2]);
  assert.equal(fs.readFileSync(path.join(root, 'data/a.csv'), 'utf8'), 'x,y\n1,2\n3,4\n');
});

test('content equal to an older version after a change becomes a new version', async () => {
  const { root, loupeDir } = tempWorkspace();
  files(root, { 'd.csv': 'a\n1\n' });
  const v1 = await addVersion(root, loupeDir, 'd.csv');
  files(root, { 'd.csv': 'a\n2\n' });
  await addVersion(root, loupeDir, 'd.csv');
  files(root, { 'd.csv': 'a\n1\n' });
  const v3 = await addVersion(root, loupeDir, 'd.csv');
  assert.deepEqual([v3.status, v3.version.version, v3.version.digest], ['created', 3, v1.version.digest]);
});

test('the digest depends on content only, not on listing order or modification times', async () => {
  const a = tempWorkspace();
  const b = tempWorkspace();
  files(a.root, { 'set/one.txt': '1', 'set/two/three.txt': '3', 'set/z.txt': 'z' });
  files(b.root, { 'set/z.txt': 'z', 'set/two/three.txt': '3', 'set/one.txt': '1' });
  age(b.root, ['set/z.txt', 'set/one.txt']);
  const da = await addVersion(a.root, a.loupeDir, 'set');
  const db = await addVersion(b.root, b.loupeDir, 'set');
  assert.equal(da.version.digest, db.version.digest);
  const entries = [{ path: 'b', size: 1, hash: 'a'.repeat(64), mode: 0o644 }, { path: 'a', size: 2, hash: 'b'.repeat(64), mode: 0o644 }];
  assert.equal(manifestDigest({ kind: 'folder', files: entries }), manifestDigest({ kind: 'folder', files: [...entries].reverse() }));
});

test('unchanged files are not rehashed, and a same-size edit is still noticed', async () => {
  const { root, loupeDir } = tempWorkspace();
  const names = Array.from({ length: 20 }, (_, i) => `many/f${i}.txt`);
  files(root, Object.fromEntries(names.map((n) => [n, `content of ${n}`])));
  age(root, names);
  const first = await addVersion(root, loupeDir, 'many');
  assert.equal(first.cachedFiles, 0);
  const second = await addVersion(root, loupeDir, 'many');
  assert.deepEqual([second.status, second.cachedFiles], ['unchanged', 20]);
  fs.writeFileSync(path.join(root, names[3]), `CONTENT OF ${names[3]}`); // same size, new mtime
  const third = await addVersion(root, loupeDir, 'many');
  assert.deepEqual([third.status, third.cachedFiles], ['created', 19]);
});

test('empty files and unicode paths are versioned and restored', async () => {
  const { root, loupeDir } = tempWorkspace();
  files(root, { 'données/é 中文 🐧.csv': 'espèce\nmanchot\n', 'données/vide.txt': '' });
  const v = await addVersion(root, loupeDir, 'données');
  assert.deepEqual([v.version.dataset, v.version.fileCount, v.version.totalBytes], ['données', 2, Buffer.byteLength('espèce\nmanchot\n')]);
  fs.rmSync(path.join(root, 'données'), { recursive: true });
  const c = await checkout(root, loupeDir, 'données@1');
  assert.equal(c.written.length, 2);
  assert.equal(fs.readFileSync(path.join(root, 'données/é 中文 🐧.csv'), 'utf8'), 'espèce\nmanchot\n');
  assert.equal(fs.statSync(path.join(root, 'données/vide.txt')).size, 0);
  const empty = await addVersion(root, loupeDir, 'données/vide.txt', { name: 'empty' });
  assert.deepEqual([empty.status, empty.version.totalBytes, empty.version.rows], ['created', 0, null]);
});

test('a file modified while it is being hashed is refused and no version is recorded', async () => {
  const { root, loupeDir } = tempWorkspace();
  files(root, { 'live/a.csv': 'a\n1\n', 'live/growing.log': 'line 1\n' });
  const hooks = { afterStat: (file: string) => (file.endsWith('growing.log') ? fs.appendFileSync(file, 'line 2\n') : undefined) };
  await assert.rejects(addVersion(root, loupeDir, 'live', { hooks }), (e) => isLoupeError(e, 'CONFLICT') && /live\/growing\.log changed while Loupe was reading it/.test(e.message));
  await withDatasets(loupeDir, ({ repo }) => assert.deepEqual(repo.listDatasets(), []));
  // Files over 4 MiB take the streaming path; it checks the same way.
  files(root, { 'big/large.bin': Buffer.alloc(5 << 20, 1) });
  const grow = { afterStat: (file: string) => fs.appendFileSync(file, 'more') };
  await assert.rejects(addVersion(root, loupeDir, 'big', { hooks: grow }), (e) => isLoupeError(e, 'CONFLICT') && /big\/large\.bin changed/.test(e.message));
});

test('paths that lead out of the workspace are refused: "..", absolute and symlinks', async () => {
  const { root, loupeDir } = tempWorkspace();
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-outside-'));
  try {
    fs.writeFileSync(path.join(outside, 'secret.csv'), 'x\n1\n');
    files(root, { 'in/ok.csv': 'a\n1\n' });
    fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(root, 'link.csv'));
    fs.symlinkSync(outside, path.join(root, 'in/escape'));
    const refused = (e: unknown) => isLoupeError(e, 'PATH_OUTSIDE_WORKSPACE') && /outside the workspace/.test((e as Error).message);
    await assert.rejects(addVersion(root, loupeDir, '../' + path.basename(outside) + '/secret.csv'), refused);
    await assert.rejects(addVersion(root, loupeDir, path.join(outside, 'secret.csv')), refused);
    await assert.rejects(addVersion(root, loupeDir, 'link.csv'), refused);
    await assert.rejects(addVersion(root, loupeDir, 'in'), refused);
    fs.mkdirSync(loupeDir, { recursive: true });
    await assert.rejects(addVersion(root, loupeDir, '.loupe'), (e) => isLoupeError(e, 'INVALID_ARGUMENT') && /never versions/.test(e.message));
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('checkout never writes through a symlink that leads out of the workspace', async () => {
  const { root, loupeDir } = tempWorkspace();
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'loupe-outside-'));
  try {
    files(root, { 'data/a.csv': 'a\n1\n', 'data/b.csv': 'b\n2\n', 'single.csv': 's\n' });
    await addVersion(root, loupeDir, 'data');
    await addVersion(root, loupeDir, 'single.csv');
    fs.rmSync(path.join(root, 'data'), { recursive: true });
    fs.symlinkSync(outside, path.join(root, 'data'));
    await assert.rejects(checkout(root, loupeDir, 'data@1'), (e) => isLoupeError(e, 'PATH_OUTSIDE_WORKSPACE'));
    assert.deepEqual(fs.readdirSync(outside), []);
    fs.writeFileSync(path.join(outside, 'target.csv'), 'untouched');
    fs.rmSync(path.join(root, 'single.csv'));
    fs.symlinkSync(path.join(outside, 'target.csv'), path.join(root, 'single.csv'));
    await assert.rejects(checkout(root, loupeDir, 'single'), (e) => isLoupeError(e, 'PATH_OUTSIDE_WORKSPACE'));
    assert.equal(fs.readFileSync(path.join(outside, 'target.csv'), 'utf8'), 'untouched');
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('a run records the dataset versions it used, and a version lists its runs', async () => {
  const { root, loupeDir } = tempWorkspace();
  files(root, { 'd.csv': 'a\n1\n' });
  const v = await addVersion(root, loupeDir, 'd.csv');
  const { SqliteTrackerStore } = await import('../../tracker/src/store/sqliteStore');
  const store = SqliteTrackerStore.open(loupeDir);
  const run = store.createRun({ experiment: 'e', name: 'trainer' });
  store.close();
  const { useDataset, runsOfVersion } = await import('../../tracker/src/datasets/datasetStore');
  await useDataset(loupeDir, run.id, 'd@1', 'train');
  await useDataset(loupeDir, run.id, v.version.id, 'train'); // recording twice is harmless
  assert.deepEqual(await runsOfVersion(loupeDir, 'd'), [{ runId: run.id, runName: 'trainer', role: 'train' }]);
  await assert.rejects(useDataset(loupeDir, 'f'.repeat(32), 'd@1', 'train'), (e) => isLoupeError(e, 'NOT_FOUND'));
  await assert.rejects(useDataset(loupeDir, run.id, 'd@9', 'train'), (e) => isLoupeError(e, 'NOT_FOUND') && /has no version 9/.test(e.message));
});
