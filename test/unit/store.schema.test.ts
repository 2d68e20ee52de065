import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../tracker/src/store/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../tracker/src/store/migrations';
import { SqliteTrackerStore } from '../../tracker/src/store/sqliteStore';
import { isLoupeError } from '../../tracker/src/errors';
import { tempWorkspace } from './helpers';

test('a new database is created in WAL mode with foreign keys and the latest schema', () => {
  const { loupeDir } = tempWorkspace();
  const db = openDatabase(loupeDir);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(db.pragma('user_version', { simple: true }), LATEST_SCHEMA_VERSION);
  assert.ok((db.pragma('busy_timeout', { simple: true }) as number) >= 5000);
  db.close();
  assert.ok(fs.existsSync(path.join(loupeDir, 'loupe.db')));
});

test('migrations are numbered 1..N without gaps', () => {
  assert.deepEqual(MIGRATIONS.map((m) => m.version), MIGRATIONS.map((_, i) => i + 1));
});

test('the schema of a fresh database matches the snapshot of its tables and columns', () => {
  const { loupeDir } = tempWorkspace();
  const db = openDatabase(loupeDir);
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((t) => t.name);
  const columns = Object.fromEntries(tables.map((t) => [t, db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${t}')`).all().map((c) => c.name).join(',')]));
  db.close();
  assert.deepEqual(columns, {
    alias_events: 'id,model_id,alias,from_version_id,to_version_id,actor,reason,at,undone_by',
    artifacts: 'run_id,path,hash,size,created_at',
    dataset_versions: 'id,dataset_id,version,digest,message,source_path,file_count,total_bytes,rows,manifest_hash,profile_hash,parent_version_id,split_role,created_at',
    datasets: 'id,name,created_at',
    evaluation_rows: 'evaluation_id,row_index,label,champion,challenger,champion_correct,challenger_correct',
    evaluations: 'id,created_at,champion,challenger,dataset,dataset_digest,task,policy_json,verdict,report_hash,run_id',
    experiments: 'id,name,description,lifecycle,created_at,updated_at',
    metric_chunks: 'run_id,key,seq,count,first_step,last_step,min,max,steps,vals,times',
    metric_summaries: 'run_id,key,last,last_step,last_time,min,max,sum,finite_count,count',
    model_aliases: 'model_id,alias,version_id',
    model_versions: 'id,model_id,version,run_id,package_hash,task,metrics_json,input_schema_json,training_dataset,created_at',
    models: 'id,name,created_at',
    params: 'run_id,key,value',
    run_datasets: 'run_id,dataset_version_id,role',
    runs: 'id,experiment_id,name,status,lifecycle,parent_run_id,start_time,end_time,heartbeat_at,pid,host,source_command,git_commit,git_dirty,notes',
    stat_cache: 'path,inode,size,mtime_ns,hash',
    tags: 'run_id,key,value',
  });
});

test('a database from a newer Loupe is refused with a clear message and left untouched', () => {
  const { loupeDir } = tempWorkspace();
  const store = SqliteTrackerStore.open(loupeDir);
  const run = store.createRun({ experiment: 'e', name: 'kept' });
  store.db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
  store.close();
  const before = fs.readFileSync(path.join(loupeDir, 'loupe.db'));
  assert.throws(() => SqliteTrackerStore.open(loupeDir), (e) => isLoupeError(e, 'SCHEMA_TOO_NEW') && /schema version \d+/.test(e.message) && /Update Loupe/.test(e.message));
  assert.deepEqual(fs.readFileSync(path.join(loupeDir, 'loupe.db')), before);
  const db = openDatabaseAtVersion(loupeDir);
  assert.equal((db.prepare('SELECT name FROM runs WHERE id = ?').get(run.id) as { name: string }).name, 'kept');
  db.close();
});

/** Opens the raw file without migrating, to look inside a refused database. */
function openDatabaseAtVersion(loupeDir: string) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3');
  return new Database(path.join(loupeDir, 'loupe.db'), { readonly: true });
}
