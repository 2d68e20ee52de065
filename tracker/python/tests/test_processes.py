"""Several client processes sharing one database, and processes that die."""
import os
import signal
import sys
import time
import unittest

from support import WorkspaceTest

WRITER = """
import sys, loupe
idx, n = int(sys.argv[1]), int(sys.argv[2])
with loupe.start_run(experiment="shared", name="writer-%d" % idx, params={"idx": idx}) as run:
    for i in range(n):
        run.log({"a": float(i), "b": idx + i / n})
        if i % 2500 == 2499:
            run.flush()  # many small transactions, to collide with the other writers
print(run.id)
"""


class Processes(WorkspaceTest):
    def test_four_writers_of_twenty_thousand_points_into_one_database_lose_nothing(self) -> None:
        n = 20_000
        procs = [self.spawn(WRITER, str(i), str(n)) for i in range(4)]
        ids = []
        for p in procs:
            out, err = p.communicate(timeout=180)
            self.assertEqual(p.returncode, 0, err.decode(errors="replace"))
            ids.append(out.decode().strip())
        self.assertEqual(len(set(ids)), 4)
        self.assertEqual(self.rows("SELECT count(*) FROM experiments WHERE name = 'shared'"), [(1,)])
        self.assertEqual(self.rows("PRAGMA integrity_check"), [("ok",)])
        for idx, run_id in enumerate(ids):
            self.assertEqual(self.rows("SELECT status, name FROM runs WHERE id = ?", run_id), [("finished", "writer-%d" % idx)])
            for key in ("a", "b"):
                chunks = self.chunks(run_id, key)
                self.assertEqual([c[0] for c in chunks], list(range(len(chunks))), "seq 0..n-1")
                self.assertEqual([c[1] for c in chunks], [4096] * 4 + [n - 4 * 4096])
                steps, vals, _ = self.series(run_id, key)
                self.assertEqual(steps, [float(i) for i in range(n)])
                expected = [float(i) for i in range(n)] if key == "a" else [idx + i / n for i in range(n)]
                self.assertEqual(vals, expected)
                self.assertEqual(self.summary(run_id, key)["count"], n)

    def test_two_client_processes_append_to_the_same_series_topping_up_the_last_chunk(self) -> None:
        first = self.python("""
            import loupe
            with loupe.start_run(experiment="e", name="two-parts") as run:
                for i in range(5000):
                    run.log({"x": i * 0.5})
            print(run.id)
        """).strip()
        self.assertEqual(self.chunks(first, "x"), [(0, 4096), (1, 904)])
        self.python("""
            import sys, loupe
            with loupe.start_run(run_id=sys.argv[1]) as run:
                for i in range(5000, 10000):
                    run.log({"x": i * 0.5})
        """, first)
        self.assertEqual(self.chunks(first, "x"), [(0, 4096), (1, 4096), (2, 1808)])
        steps, vals, _ = self.series(first, "x")
        self.assertEqual(steps, [float(i) for i in range(10_000)])
        self.assertEqual(vals, [i * 0.5 for i in range(10_000)])
        s = self.summary(first, "x")
        self.assertEqual((s["count"], s["last"], s["last_step"], s["min"], s["max"]), (10_000, 4999.5, 9999.0, 0.0, 4999.5))
        self.assertEqual(self.rows("SELECT status FROM runs WHERE id = ?", first), [("finished",)])

    def test_a_process_killed_with_sigkill_keeps_the_points_flushed_before_the_kill(self) -> None:
        p = self.spawn("""
            import sys, time, loupe
            run = loupe.start_run(experiment="e", name="doomed")
            for i in range(3000):
                run.log({"x": float(i)})
            print(run.id, flush=True)
            time.sleep(120)  # never ends the run: only the background flush writes
        """)
        run_id = p.stdout.readline().decode().strip()
        self.assertRegex(run_id, r"^[0-9a-f]{32}$", p.stderr.read().decode() if not run_id else "")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and self.rows("SELECT count FROM metric_summaries WHERE run_id = ?", run_id) != [(3000,)]:
            time.sleep(0.1)
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=10)
        self.assertEqual(p.returncode, -signal.SIGKILL)
        self.assertEqual(self.rows("PRAGMA integrity_check"), [("ok",)])
        self.assertEqual(self.series(run_id, "x")[1], [float(i) for i in range(3000)])
        self.assertEqual(self.rows("SELECT status, end_time FROM runs WHERE id = ?", run_id), [("running", None)])

    def test_sigterm_flushes_ends_the_run_killed_and_still_terminates_the_process(self) -> None:
        p = self.spawn("""
            import time, loupe
            run = loupe.start_run(experiment="e")
            for i in range(500):
                run.log({"x": float(i)})
            print(run.id, flush=True)
            time.sleep(120)
        """)
        run_id = p.stdout.readline().decode().strip()
        self.assertRegex(run_id, r"^[0-9a-f]{32}$")
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=30)
        self.assertEqual(p.returncode, -signal.SIGTERM, "the default action still happens after the flush")
        self.assertEqual(self.rows("SELECT status, end_time IS NOT NULL FROM runs WHERE id = ?", run_id), [("killed", 1)])
        self.assertEqual(len(self.series(run_id, "x")[1]), 500)

    def test_sigterm_chains_to_a_handler_installed_before_loupe(self) -> None:
        out = self.python("""
            import os, signal, sys, loupe
            seen = []
            signal.signal(signal.SIGTERM, lambda s, f: seen.append(s))
            run = loupe.start_run()
            run.log({"x": 1.0})
            os.kill(os.getpid(), signal.SIGTERM)
            print(seen == [signal.SIGTERM], run.is_ended, run.id)
        """)
        chained, ended, run_id = out.split()
        self.assertEqual((chained, ended), ("True", "True"))
        self.assertEqual(self.rows("SELECT status FROM runs WHERE id = ?", run_id), [("killed",)])
        self.assertEqual(self.series(run_id, "x")[1], [1.0])

    def test_a_sigterm_arriving_while_the_client_holds_a_lock_is_handled_once_it_is_released(self) -> None:
        out = self.python("""
            import os, signal, loupe
            from loupe._lifecycle import critical
            seen = []
            signal.signal(signal.SIGTERM, lambda s, f: seen.append(s))
            run = loupe.start_run()
            run.log({"x": 1.0})
            with critical():
                os.kill(os.getpid(), signal.SIGTERM)
                for _ in range(1000):
                    pass  # the Python-level handler runs here, and must defer
                during = (run.is_ended, list(seen))
            print(during == (False, []), run.is_ended, seen == [signal.SIGTERM])
        """)
        self.assertEqual(out.split(), ["True", "True", "True"])

    def test_a_script_that_never_ends_its_run_is_flushed_and_finished_at_exit(self) -> None:
        run_id = self.python("""
            import loupe
            run = loupe.start_run()
            for i in range(100):
                loupe.log_metric("x", i)
            print(run.id)
        """).strip()
        self.assertEqual(self.rows("SELECT status FROM runs WHERE id = ?", run_id), [("finished",)])
        self.assertEqual(len(self.series(run_id, "x")[1]), 100)

    def test_an_uncaught_exception_without_a_with_block_ends_the_run_failed_at_exit(self) -> None:
        p = self.spawn("""
            import loupe
            run = loupe.start_run()
            loupe.log_metric("x", 1.0)
            print(run.id, flush=True)
            raise SystemError("boom")
        """)
        out, _ = p.communicate(timeout=60)
        self.assertNotEqual(p.returncode, 0)
        run_id = out.decode().strip()
        self.assertEqual(self.rows("SELECT status FROM runs WHERE id = ?", run_id), [("failed",)])
        self.assertEqual(self.series(run_id, "x")[1], [1.0])


if __name__ == "__main__":
    unittest.main()
