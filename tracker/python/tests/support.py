"""Shared helpers of the client's tests: a fresh workspace per test with LOUPE_DIR set."""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import unittest
from array import array
from typing import Dict, List, Optional, Tuple

PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if PACKAGE_ROOT not in sys.path:
    sys.path.insert(0, PACKAGE_ROOT)

import loupe  # noqa: E402
from loupe import _lifecycle, _run  # noqa: E402


class WorkspaceTest(unittest.TestCase):
    """Each test runs in a fresh temp dir (cwd) whose `.loupe` folder is LOUPE_DIR."""

    def setUp(self) -> None:
        self.root = tempfile.mkdtemp(prefix="loupe-py-")
        self.loupe_dir = os.path.join(self.root, ".loupe")
        self.db_path = os.path.join(self.loupe_dir, "loupe.db")
        self._old_env = {k: os.environ.get(k) for k in ("LOUPE_DIR", "LOUPE_TRACKING_URI", "LOUPE_TRACKING_TOKEN")}
        os.environ["LOUPE_DIR"] = self.loupe_dir
        os.environ.pop("LOUPE_TRACKING_URI", None)
        os.environ.pop("LOUPE_TRACKING_TOKEN", None)
        self._old_cwd = os.getcwd()
        os.chdir(self.root)

    def tearDown(self) -> None:
        for run in _lifecycle.open_runs():
            try:
                run.end("killed")
            except Exception:
                _lifecycle.unregister(run)
        _run._close_stores()
        os.chdir(self._old_cwd)
        for k, v in self._old_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        shutil.rmtree(self.root, ignore_errors=True)

    # -- reading the database back, independently of the client --

    def db(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.db_path, timeout=15)
        self.addCleanup(conn.close)
        return conn

    def rows(self, sql: str, *args: object) -> List[tuple]:
        conn = sqlite3.connect(self.db_path, timeout=15)
        try:
            return conn.execute(sql, args).fetchall()
        finally:
            conn.close()

    def chunks(self, run_id: str, key: str) -> List[Tuple[int, int]]:
        return [(r[0], r[1]) for r in self.rows("SELECT seq, count FROM metric_chunks WHERE run_id = ? AND key = ? ORDER BY seq", run_id, key)]

    def series(self, run_id: str, key: str) -> Tuple[List[float], List[float], List[float]]:
        steps: List[float] = []
        vals: List[float] = []
        times: List[float] = []
        for s, v, t, n in self.rows(
            "SELECT steps, vals, times, count FROM metric_chunks WHERE run_id = ? AND key = ? ORDER BY seq", run_id, key
        ):
            cols = [decode(s), decode(v), decode(t)]
            for c in cols:
                self.assertEqual(len(c), n, "chunk count matches its blobs")
            steps += cols[0]
            vals += cols[1]
            times += cols[2]
        return steps, vals, times

    def summary(self, run_id: str, key: str) -> Dict[str, object]:
        names = ["last", "last_step", "last_time", "min", "max", "sum", "finite_count", "count"]
        row = self.rows("SELECT {} FROM metric_summaries WHERE run_id = ? AND key = ?".format(", ".join(names)), run_id, key)
        self.assertEqual(len(row), 1, "one summary row for {}".format(key))
        return dict(zip(names, row[0]))

    # -- child processes using the client --

    def env(self, **extra: str) -> Dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = PACKAGE_ROOT + os.pathsep + env.get("PYTHONPATH", "")
        env["LOUPE_DIR"] = self.loupe_dir
        env.update(extra)
        return env

    def python(self, code: str, *args: str, timeout: float = 120) -> str:
        """Runs `code` in a fresh interpreter; returns its stdout, failing the test on a non-zero exit."""
        p = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], cwd=self.root, env=self.env(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        self.assertEqual(p.returncode, 0, p.stderr.decode(errors="replace"))
        return p.stdout.decode()

    def spawn(self, code: str, *args: str) -> "subprocess.Popen[bytes]":
        p = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], cwd=self.root, env=self.env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(_reap, p)
        return p


def _reap(p: "subprocess.Popen[bytes]") -> None:
    if p.poll() is None:
        p.kill()
    p.wait()
    for f in (p.stdout, p.stderr):
        if f is not None:
            f.close()


def decode(blob: bytes) -> List[float]:
    a = array("d")
    a.frombytes(blob)
    if sys.byteorder == "big":
        a.byteswap()
    return a.tolist()


def same_floats(a: List[float], b: List[float]) -> bool:
    """Bit-for-bit equality of float lists (NaN equals NaN, 0.0 differs from -0.0)."""
    return array("d", a).tobytes() == array("d", b).tobytes()
