"""The client's API against a real database file, in this process."""
import math
import os
import sqlite3
import sys
import types
import unittest

from support import WorkspaceTest, same_floats

import loupe
from loupe import _run
from loupe._schema import KNOWN_SCHEMA_VERSION, MIGRATIONS, split_statements
from loupe._workspace import find_loupe_dir

NAN = float("nan")
INF = float("inf")


class RoundTrip(WorkspaceTest):
    def test_params_tags_and_metrics_with_nan_and_inf_come_back_exactly(self) -> None:
        values = [0.5, NAN, INF, -INF, -2.25, 1e-300, NAN]
        with loupe.start_run(experiment="churn", name="first", params={"lr": 0.1, "layers": 3, "bn": True, "off": False,
                                                                        "opt": "adam", "none": None, "big": 1e16},
                             tags={"team": "ml", "nan": NAN, "inf": INF}) as run:
            for i, v in enumerate(values):
                run.log({"loss": v}, timestamp=1_700_000_000_000 + i)
            run.log({"acc": 0.9}, step=10)
            run_id = run.id
        self.assertRegex(run_id, r"^[0-9a-f]{32}$")
        params = dict(self.rows("SELECT key, value FROM params WHERE run_id = ?", run_id))
        self.assertEqual(params, {"lr": "0.1", "layers": "3", "bn": "true", "off": "false", "opt": "adam", "none": "", "big": "1e+16"})
        tags = dict(self.rows("SELECT key, value FROM tags WHERE run_id = ?", run_id))
        self.assertEqual(tags, {"team": "ml", "nan": "NaN", "inf": "Infinity"})

        steps, vals, times = self.series(run_id, "loss")
        self.assertEqual(steps, [float(i) for i in range(len(values))])
        self.assertTrue(same_floats(vals, values), vals)
        self.assertEqual(times, [1_700_000_000_000 + i for i in range(len(values))])
        s = self.summary(run_id, "loss")
        self.assertIsNone(s["last"], "last is NULL when the last value is NaN")
        self.assertEqual(s["last_step"], 6.0)
        self.assertEqual(s["last_time"], 1_700_000_000_006)
        self.assertEqual(s["min"], -INF)
        self.assertEqual(s["max"], INF)
        self.assertEqual(s["sum"], 0.5 + -2.25 + 1e-300)
        self.assertEqual(s["finite_count"], 3)
        self.assertEqual(s["count"], 7)
        chunk = self.rows("SELECT count, first_step, last_step, min, max FROM metric_chunks WHERE run_id = ? AND key = 'loss'", run_id)
        self.assertEqual(chunk, [(7, 0.0, 6.0, -INF, INF)])
        self.assertEqual(self.series(run_id, "acc")[0], [10.0])

        run_row = self.rows("SELECT r.name, e.name, status, start_time, end_time, pid, host, source_command FROM runs r"
                            " JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?", run_id)[0]
        self.assertEqual(run_row[:3], ("first", "churn", "finished"))
        self.assertLessEqual(run_row[3], run_row[4])
        self.assertEqual(run_row[5], os.getpid())
        self.assertTrue(run_row[6])
        self.assertEqual(run_row[7], " ".join(sys.argv))

    def test_an_all_nan_series_has_null_min_max_and_zero_sum(self) -> None:
        with loupe.start_run(experiment="e") as run:
            run.log({"x": NAN})
            run.log({"x": NAN})
        s = self.summary(run.id, "x")
        self.assertEqual((s["last"], s["min"], s["max"], s["sum"], s["finite_count"], s["count"]), (None, None, None, 0.0, 0, 2))
        self.assertEqual(self.rows("SELECT min, max FROM metric_chunks WHERE run_id = ?", run.id), [(None, None)])

    def test_steps_auto_increment_per_key_and_continue_after_an_explicit_step(self) -> None:
        with loupe.start_run() as run:
            run.log({"a": 1, "b": 1})
            run.log({"a": 2})
            run.log({"a": 3, "b": 2}, step=10)
            run.log({"a": 4, "b": 3})
        self.assertEqual(self.series(run.id, "a")[0], [0.0, 1.0, 10.0, 11.0])
        self.assertEqual(self.series(run.id, "b")[0], [0.0, 10.0, 11.0])
        self.assertEqual(self.rows("SELECT e.name FROM runs r JOIN experiments e ON e.id = r.experiment_id"), [("Default",)])

    def test_ten_thousand_and_one_points_fill_4096_point_chunks_with_increasing_seq(self) -> None:
        with loupe.start_run(experiment="big") as run:
            for i in range(10_001):
                run.log({"loss": 1 / (i + 1)})
        self.assertEqual(self.chunks(run.id, "loss"), [(0, 4096), (1, 4096), (2, 1809)])
        steps, vals, _ = self.series(run.id, "loss")
        self.assertEqual(steps, [float(i) for i in range(10_001)])
        self.assertEqual(vals, [1 / (i + 1) for i in range(10_001)])
        ranges = self.rows("SELECT first_step, last_step, min, max FROM metric_chunks WHERE run_id = ? ORDER BY seq", run.id)
        self.assertEqual(ranges[1], (4096.0, 8191.0, 1 / 8192, 1 / 4097))
        self.assertEqual(self.summary(run.id, "loss")["count"], 10_001)

    def test_a_full_buffer_is_flushed_before_the_run_ends(self) -> None:
        run = loupe.start_run()
        for i in range(_run.FLUSH_POINTS):
            run.log({"x": i})
        self.assertEqual(self.rows("SELECT sum(count) FROM metric_chunks WHERE run_id = ?", run.id), [(_run.FLUSH_POINTS,)])
        self.assertEqual(self.rows("SELECT status FROM runs WHERE id = ?", run.id), [("running",)])
        run.end()

    def test_later_flushes_top_up_the_last_chunk(self) -> None:
        with loupe.start_run() as run:
            for i in range(3000):
                run.log({"x": i})
            run.flush()
            self.assertEqual(self.chunks(run.id, "x"), [(0, 3000)])
            for i in range(3000):
                run.log({"x": i})
            run.flush()
            self.assertEqual(self.chunks(run.id, "x"), [(0, 4096), (1, 1904)])
        self.assertEqual(self.series(run.id, "x")[0], [float(i) for i in range(6000)])

    def test_the_background_thread_flushes_within_a_few_seconds(self) -> None:
        import time

        run = loupe.start_run()
        run.log({"x": 1.0})
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not self.rows("SELECT 1 FROM metric_chunks WHERE run_id = ?", run.id):
            time.sleep(0.1)
        self.assertEqual(self.chunks(run.id, "x"), [(0, 1)])
        run.end()


class Contention(WorkspaceTest):
    def test_points_logged_while_another_process_holds_the_write_lock_are_written_once_it_is_released(self) -> None:
        import time
        from loupe import _store

        old = _store.BUSY_TIMEOUT_MS
        _store.BUSY_TIMEOUT_MS = 100  # give up on the lock quickly, to exercise the retry path
        self.addCleanup(setattr, _store, "BUSY_TIMEOUT_MS", old)
        run = loupe.start_run()
        blocker = sqlite3.connect(self.db_path, isolation_level=None)
        self.addCleanup(blocker.close)
        blocker.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        n = _run.FLUSH_POINTS + 500
        for i in range(n):
            run.log({"x": i})  # the size-triggered flush meets the lock: no error, points stay buffered
        self.assertLess(time.monotonic() - started, 30)
        time.sleep(1.5)  # the flush thread tries (and fails) meanwhile
        self.assertEqual(self.rows("SELECT count(*) FROM metric_chunks"), [(0,)], "nothing could be written yet")
        blocker.execute("COMMIT")
        run.end()
        steps, vals, _ = self.series(run.id, "x")
        self.assertEqual(vals, [float(i) for i in range(n)])
        self.assertEqual(self.summary(run.id, "x")["count"], n)

    @unittest.skipUnless(hasattr(os, "fork"), "needs fork")
    def test_a_forked_child_neither_sees_nor_flushes_the_parents_runs(self) -> None:
        run = loupe.start_run()
        run.log({"x": 1.0})
        pid = os.fork()
        if pid == 0:  # child
            code = 1
            try:
                if loupe.active_run() is None:
                    with loupe.start_run(name="child") as child:
                        child.log({"y": 2.0})
                    code = 0
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8, 0)
        run.end()
        self.assertEqual(self.series(run.id, "x")[1], [1.0], "the parent's point is written once")
        child_id = self.rows("SELECT id FROM runs WHERE name = 'child'")[0][0]
        self.assertEqual(self.series(child_id, "y")[1], [2.0])


class Validation(WorkspaceTest):
    def test_non_numeric_metric_values_are_refused_naming_the_key(self) -> None:
        with loupe.start_run() as run:
            for bad in ("0.5", None, [1.0], {"a": 1}, b"1"):
                with self.assertRaises(ValueError) as e:
                    run.log({"ok": 1.0, "bad_key": bad})
                self.assertIn("bad_key", str(e.exception))
            run.log({"ok": True})  # bools are numbers
        self.assertEqual(self.series(run.id, "ok")[1], [1.0], "a refused log() writes none of its values")

    def test_empty_and_over_long_keys_are_refused_naming_the_key(self) -> None:
        long_key = "k" * 251
        with loupe.start_run() as run:
            with self.assertRaisesRegex(ValueError, "''"):
                run.log({"": 1.0})
            with self.assertRaisesRegex(ValueError, "kkkkkkkk.*251"):
                run.log({long_key: 1.0})
            with self.assertRaisesRegex(ValueError, "metric"):
                run.log_metric("a\nb", 1.0)
            with self.assertRaises(ValueError):
                run.log_param("", 1)
            with self.assertRaises(ValueError):
                run.set_tag("t" * 251, 1)
            run.log({"k" * 250: 1.0})
            with self.assertRaises(ValueError):
                run.log({"x": 1.0}, step=float("nan"))

    def test_a_param_cannot_change_once_logged(self) -> None:
        with loupe.start_run(params={"lr": 0.1}) as run:
            run.log_param("lr", 0.1)
            with self.assertRaisesRegex(ValueError, "lr"):
                run.log_param("lr", 0.2)
        self.assertEqual(self.rows("SELECT value FROM params WHERE key = 'lr'"), [("0.1",)])

    def test_logging_after_end_raises(self) -> None:
        run = loupe.start_run()
        run.end()
        with self.assertRaises(loupe.LoupeError):
            run.log({"x": 1})
        run.end()  # ending twice does nothing


class Lifecycle(WorkspaceTest):
    def test_leaving_the_with_block_by_an_exception_marks_the_run_failed(self) -> None:
        with self.assertRaises(RuntimeError):
            with loupe.start_run(experiment="e") as run:
                run.log({"x": 1.0})
                raise RuntimeError("boom")
        self.assertEqual(self.rows("SELECT status, end_time IS NOT NULL FROM runs WHERE id = ?", run.id), [("failed", 1)])
        self.assertEqual(self.series(run.id, "x")[1], [1.0], "points logged before the exception are kept")
        self.assertIsNone(loupe.active_run())

    def test_leaving_the_with_block_normally_marks_the_run_finished(self) -> None:
        with loupe.start_run() as run:
            self.assertIs(loupe.active_run(), run)
        self.assertEqual(self.rows("SELECT status FROM runs WHERE id = ?", run.id), [("finished",)])

    def test_module_level_helpers_act_on_the_active_run(self) -> None:
        run = loupe.start_run(experiment="mod", name="m")
        loupe.log_metric("loss", 0.5)
        loupe.log_metrics({"loss": 0.25, "acc": 0.75}, step=5)
        loupe.log_param("p", 1)
        loupe.log_params({"q": "two"})
        loupe.set_tag("t", "x")
        loupe.set_tags({"u": 1.5})
        self.assertEqual(loupe.active_run().id, run.id)
        with self.assertRaises(loupe.LoupeError):
            loupe.start_run()
        child = loupe.start_run(name="child", nested=True)
        self.assertEqual(self.rows("SELECT parent_run_id FROM runs WHERE id = ?", child.id), [(run.id,)])
        loupe.end_run()
        self.assertEqual(loupe.active_run().id, run.id)
        loupe.end_run(status="killed")
        self.assertIsNone(loupe.active_run())
        loupe.end_run()  # no active run: nothing to do
        self.assertEqual(self.series(run.id, "loss")[0], [0.0, 5.0])
        self.assertEqual(dict(self.rows("SELECT key, value FROM params WHERE run_id = ?", run.id)), {"p": "1", "q": "two"})
        self.assertEqual(dict(self.rows("SELECT key, value FROM tags WHERE run_id = ?", run.id)), {"t": "x", "u": "1.5"})
        self.assertEqual(self.rows("SELECT status FROM runs WHERE id = ?", run.id), [("killed",)])

    def test_a_helper_without_an_active_run_starts_one(self) -> None:
        loupe.log_metric("x", 1.0)
        run = loupe.active_run()
        self.assertIsNotNone(run)
        loupe.end_run()
        self.assertEqual(self.rows("SELECT status FROM runs WHERE id = ?", run.id), [("finished",)])

    def test_a_run_resumed_by_id_continues_its_series_and_steps(self) -> None:
        with loupe.start_run(experiment="e", name="r") as run:
            for i in range(5000):
                run.log({"x": i})
        with loupe.start_run(run_id=run.id) as again:
            self.assertEqual((again.name, again.experiment), ("r", "e"))
            self.assertEqual(self.rows("SELECT status, end_time FROM runs WHERE id = ?", run.id), [("running", None)])
            for i in range(5000):
                again.log({"x": 5000 + i})
        self.assertEqual(self.chunks(run.id, "x"), [(0, 4096), (1, 4096), (2, 1808)])
        steps, vals, _ = self.series(run.id, "x")
        self.assertEqual(steps, [float(i) for i in range(10_000)])
        self.assertEqual(vals, [float(i) for i in range(10_000)])
        with self.assertRaises(loupe.LoupeError):
            loupe.start_run(run_id="0" * 32)


class Artifacts(WorkspaceTest):
    def test_an_artifact_is_stored_by_content_hash_and_listed_under_the_run(self) -> None:
        import hashlib

        with open("model.bin", "wb") as f:
            f.write(b"weights")
        os.mkdir("plots")
        with open(os.path.join("plots", "a.txt"), "w") as f:
            f.write("a")
        with loupe.start_run() as run:
            run.log_artifact("model.bin")
            loupe.log_artifact("plots")
        digest = hashlib.sha256(b"weights").hexdigest()
        self.assertEqual(
            self.rows("SELECT path, hash, size FROM artifacts WHERE run_id = ? ORDER BY path", run.id),
            [("model.bin", digest, 7), ("plots/a.txt", hashlib.sha256(b"a").hexdigest(), 1)],
        )
        with open(os.path.join(self.loupe_dir, "objects", digest[:2], digest[2:]), "rb") as f:
            self.assertEqual(f.read(), b"weights")
        with loupe.start_run() as run2:
            with self.assertRaises(FileNotFoundError):
                run2.log_artifact("missing.bin")

    def test_use_dataset_is_recorded_as_a_tag_while_there_is_no_datasets_table(self) -> None:
        with loupe.start_run() as run:
            run.use_dataset("churn-csv", 3, role="train")
        self.assertEqual(self.rows("SELECT key, value FROM tags WHERE run_id = ?", run.id), [("loupe.dataset.train", "churn-csv@3")])


class Notebook(WorkspaceTest):
    def test_inside_ipython_the_notebook_path_and_cell_become_tags(self) -> None:
        shell = types.SimpleNamespace(user_ns={"__vsc_ipynb_file__": "/w/train.ipynb", "_ih": ["", "run = loupe.start_run()"]})
        fake = types.ModuleType("IPython")
        fake.get_ipython = lambda: shell  # type: ignore[attr-defined]
        sys.modules["IPython"] = fake
        try:
            with loupe.start_run() as run:
                pass
            shell.user_ns = None  # a broken shell must not break start_run
            with loupe.start_run() as run2:
                pass
        finally:
            del sys.modules["IPython"]
        self.assertEqual(dict(self.rows("SELECT key, value FROM tags WHERE run_id = ?", run.id)),
                         {"loupe.notebook.path": "/w/train.ipynb", "loupe.notebook.cell": "run = loupe.start_run()"})
        self.assertEqual(self.rows("SELECT key FROM tags WHERE run_id = ?", run2.id), [])


class Workspace(WorkspaceTest):
    def test_loupe_dir_wins_then_the_nearest_ancestor_then_the_current_folder(self) -> None:
        nested = os.path.join(self.root, "a", "b")
        os.makedirs(nested)
        self.assertEqual(find_loupe_dir(nested, {"LOUPE_DIR": "/x/.loupe"}), "/x/.loupe")
        self.assertEqual(find_loupe_dir(nested, {}), os.path.join(nested, ".loupe"))
        os.makedirs(self.loupe_dir)
        self.assertEqual(find_loupe_dir(nested, {}), self.loupe_dir)

    def test_without_loupe_dir_the_run_goes_to_the_nearest_workspace(self) -> None:
        os.makedirs(self.loupe_dir)
        nested = os.path.join(self.root, "src")
        os.mkdir(nested)
        del os.environ["LOUPE_DIR"]
        os.chdir(nested)
        with loupe.start_run() as run:
            run.log({"x": 1})
        self.assertEqual(self.rows("SELECT id FROM runs"), [(run.id,)])
        self.assertFalse(os.path.exists(os.path.join(nested, ".loupe")))


class Schema(WorkspaceTest):
    def test_a_new_database_gets_every_migration_in_wal_mode(self) -> None:
        with loupe.start_run():
            pass
        conn = self.db()
        self.assertEqual(conn.execute("PRAGMA user_version").fetchone()[0], KNOWN_SCHEMA_VERSION)
        self.assertEqual(conn.execute("PRAGMA journal_mode").fetchone()[0], "wal")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        self.assertTrue({"experiments", "runs", "params", "tags", "metric_chunks", "metric_summaries", "artifacts"} <= tables)

    def test_migrations_are_numbered_one_to_n(self) -> None:
        self.assertEqual([m.version for m in MIGRATIONS], list(range(1, len(MIGRATIONS) + 1)))
        self.assertEqual(KNOWN_SCHEMA_VERSION, len(MIGRATIONS))

    def test_statements_split_on_semicolons_outside_strings_comments_and_triggers(self) -> None:
        sql = """CREATE TABLE a (x TEXT DEFAULT ';'); -- a comment; with a semicolon
        CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 'y;'; END;
        INSERT INTO a VALUES ('z')"""
        parts = split_statements(sql)
        self.assertEqual(len(parts), 3, parts)
        conn = sqlite3.connect(":memory:")
        for p in parts:
            conn.execute(p)
        self.assertEqual(conn.execute("SELECT x FROM a").fetchall(), [("y;",)])

    def test_an_empty_database_at_version_zero_is_created(self) -> None:
        os.makedirs(self.loupe_dir)
        sqlite3.connect(self.db_path).close()
        with loupe.start_run():
            pass
        self.assertEqual(self.rows("PRAGMA user_version"), [(KNOWN_SCHEMA_VERSION,)])

    def test_a_database_from_a_newer_loupe_is_refused_and_left_untouched(self) -> None:
        with loupe.start_run(name="kept") as run:
            run.log({"x": 1.0})
        _run._close_stores()
        conn = sqlite3.connect(self.db_path)
        conn.execute("PRAGMA user_version = 99")
        conn.close()
        with open(self.db_path, "rb") as f:
            before = f.read()
        dump_before = self._dump()
        with self.assertRaises(loupe.SchemaTooNewError) as e:
            loupe.start_run(name="never")
        self.assertIn("schema version 99", str(e.exception))
        self.assertIn("knows up to {}".format(KNOWN_SCHEMA_VERSION), str(e.exception))
        self.assertIn("update", str(e.exception))
        self.assertIsInstance(e.exception, loupe.LoupeError)
        with open(self.db_path, "rb") as f:
            self.assertEqual(f.read(), before)
        self.assertEqual(self._dump(), dump_before)
        self.assertEqual(self.rows("PRAGMA user_version"), [(99,)])
        self.assertIsNone(loupe.active_run())

    def _dump(self) -> list:
        conn = sqlite3.connect(self.db_path)
        try:
            return list(conn.iterdump())
        finally:
            conn.close()


if __name__ == "__main__":
    unittest.main()
