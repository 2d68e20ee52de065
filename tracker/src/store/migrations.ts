/**
 * Numbered schema migrations. `PRAGMA user_version` holds the number of the last one applied.
 * Never edit a released migration: add a new one. Every migration ships with a schema test.
 *
 * Conventions the other writers (Python client, server, workers) rely on:
 * - times are integer milliseconds since the Unix epoch;
 * - run ids are 32 lowercase hex characters (like MLflow's);
 * - metric points live in `metric_chunks`: one row per (run, key, seq) holding up to CHUNK_POINTS
 *   points as little-endian Float64 blobs (`steps`, `vals`, `times`), with per-chunk min/max/count
 *   so charts can downsample without decoding every chunk;
 * - `metric_summaries` is updated in the same transaction as the chunks it summarises;
 *   `last` is NULL when the last value was NaN (SQLite cannot store NaN), `min`/`max`/`sum` ignore NaN;
 * - `stat_cache.path` is workspace-relative (posix) and `mtime_ns`/`inode` are bound as BigInt, so
 *   nanosecond times and 64-bit inodes survive exactly.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'experiments, runs, params, tags, chunked metrics, summaries, artifacts',
    sql: `
      CREATE TABLE experiments (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        lifecycle TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle IN ('active','deleted')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running','finished','failed','killed','queued')),
        lifecycle TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle IN ('active','deleted')),
        parent_run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
        start_time INTEGER NOT NULL,
        end_time INTEGER,
        heartbeat_at INTEGER,
        pid INTEGER,
        host TEXT NOT NULL DEFAULT '',
        source_command TEXT NOT NULL DEFAULT '',
        git_commit TEXT,
        git_dirty INTEGER,
        notes TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX runs_by_experiment ON runs(experiment_id, start_time);
      CREATE INDEX runs_by_status ON runs(status);
      CREATE INDEX runs_by_parent ON runs(parent_run_id);
      CREATE TABLE params (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (run_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX params_by_key ON params(key, value);
      CREATE TABLE tags (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (run_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX tags_by_key ON tags(key, value);
      CREATE TABLE metric_chunks (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        seq INTEGER NOT NULL,
        count INTEGER NOT NULL,
        first_step REAL NOT NULL,
        last_step REAL NOT NULL,
        min REAL,
        max REAL,
        steps BLOB NOT NULL,
        vals BLOB NOT NULL,
        times BLOB NOT NULL,
        PRIMARY KEY (run_id, key, seq)
      ) WITHOUT ROWID;
      CREATE TABLE metric_summaries (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        last REAL,
        last_step REAL NOT NULL,
        last_time INTEGER NOT NULL,
        min REAL,
        max REAL,
        sum REAL NOT NULL DEFAULT 0,
        finite_count INTEGER NOT NULL DEFAULT 0,
        count INTEGER NOT NULL,
        PRIMARY KEY (run_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX metric_summaries_by_key ON metric_summaries(key, last);
      CREATE TABLE artifacts (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        hash TEXT NOT NULL,
        size INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (run_id, path)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'dataset versions, their use by runs, and the stat cache for incremental hashing',
    // Versions are numbered 1, 2, 3… per dataset. A digest may repeat within a dataset: re-adding
    // content equal to the latest version is "unchanged", but reverting to older content after a
    // change is a new version (history stays linear), hence no UNIQUE on (dataset_id, digest).
    sql: `
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE dataset_versions (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        digest TEXT NOT NULL,
        message TEXT NOT NULL DEFAULT '',
        source_path TEXT NOT NULL,
        file_count INTEGER NOT NULL,
        total_bytes INTEGER NOT NULL,
        rows INTEGER,
        manifest_hash TEXT NOT NULL,
        profile_hash TEXT,
        parent_version_id INTEGER REFERENCES dataset_versions(id) ON DELETE SET NULL,
        split_role TEXT CHECK (split_role IN ('train','validation','test')),
        created_at INTEGER NOT NULL,
        UNIQUE (dataset_id, version)
      );
      CREATE INDEX dataset_versions_by_digest ON dataset_versions(dataset_id, digest);
      CREATE INDEX dataset_versions_by_parent ON dataset_versions(parent_version_id);
      CREATE TABLE run_datasets (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        dataset_version_id INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        PRIMARY KEY (run_id, dataset_version_id, role)
      ) WITHOUT ROWID;
      CREATE INDEX run_datasets_by_version ON run_datasets(dataset_version_id);
      CREATE TABLE stat_cache (
        path TEXT PRIMARY KEY,
        inode INTEGER NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        hash TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    description: 'model registry: models, numbered versions, aliases and the audit log of alias moves',
    // A version outlives its run (run_id SET NULL): the package in the object store is the model.
    // Alias moves are append-only events; an undo is a new event, and the undone one points at it.
    sql: `
      CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE model_versions (
        id INTEGER PRIMARY KEY,
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
        package_hash TEXT NOT NULL,
        task TEXT NOT NULL,
        metrics_json TEXT NOT NULL DEFAULT '{}',
        input_schema_json TEXT NOT NULL DEFAULT '[]',
        training_dataset TEXT,
        created_at INTEGER NOT NULL,
        UNIQUE (model_id, version)
      );
      CREATE INDEX model_versions_by_run ON model_versions(run_id);
      CREATE TABLE model_aliases (
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        version_id INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
        PRIMARY KEY (model_id, alias)
      ) WITHOUT ROWID;
      CREATE TABLE alias_events (
        id INTEGER PRIMARY KEY,
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        from_version_id INTEGER REFERENCES model_versions(id) ON DELETE SET NULL,
        to_version_id INTEGER REFERENCES model_versions(id) ON DELETE SET NULL,
        actor TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        at INTEGER NOT NULL,
        undone_by INTEGER REFERENCES alias_events(id) ON DELETE SET NULL
      );
      CREATE INDEX alias_events_by_alias ON alias_events(model_id, alias, id);
    `,
  },
  {
    version: 4,
    description: 'shadow evaluations of a challenger against the champion, with the per-row log',
    // Models are recorded by reference (cmd:<command> or MODEL@VERSION) so an evaluation outlives
    // the models; the full report is an object (report_hash). Rows are written in the same
    // transaction as their evaluation, so a crash never leaves an evaluation without its rows.
    sql: `
      CREATE TABLE evaluations (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        champion TEXT NOT NULL,
        challenger TEXT NOT NULL,
        dataset TEXT NOT NULL,
        dataset_digest TEXT NOT NULL,
        task TEXT NOT NULL CHECK (task IN ('classification','regression')),
        policy_json TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('promote','reject')),
        report_hash TEXT NOT NULL,
        run_id TEXT REFERENCES runs(id) ON DELETE SET NULL
      );
      CREATE INDEX evaluations_by_pair ON evaluations(champion, challenger, dataset_digest, created_at);
      CREATE INDEX evaluations_by_challenger ON evaluations(challenger, created_at);
      CREATE INDEX evaluations_by_run ON evaluations(run_id);
      CREATE TABLE evaluation_rows (
        evaluation_id TEXT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
        row_index INTEGER NOT NULL,
        label TEXT NOT NULL,
        champion TEXT NOT NULL,
        challenger TEXT NOT NULL,
        champion_correct INTEGER,
        challenger_correct INTEGER,
        PRIMARY KEY (evaluation_id, row_index)
      ) WITHOUT ROWID;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
