"""Direct writes to `<.loupe>/loupe.db`, in exactly the format of tracker/src/store (metricsRepo.ts,
chunkCodec.ts, sqliteStore.ts), so the Python client and TypeScript can append to the same series."""
import hashlib
import math
import os
import random
import secrets
import sqlite3
import sys
import threading
import time
import uuid
from array import array
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar

from ._buffer import Block
from ._errors import LoupeError
from ._lifecycle import critical
from ._schema import KNOWN_SCHEMA_VERSION, migrate, too_new, user_version

DB_FILE_NAME = "loupe.db"
CHUNK_POINTS = 4096
BUSY_TIMEOUT_MS = 15000
_BIG_ENDIAN = sys.byteorder == "big"
_INF = math.inf
_NAN = math.nan

T = TypeVar("T")

# ---- chunk codec (chunkCodec.ts) ---------------------------------------------------------------


def encode_f64(values: "array[float]") -> bytes:
    """Little-endian float64, NaN and +/-inf bit patterns kept."""
    if _BIG_ENDIAN:
        values = array("d", values)
        values.byteswap()
    return values.tobytes()


def decode_f64(blob: bytes) -> "array[float]":
    if len(blob) % 8 != 0:
        raise LoupeError("corrupt metric chunk: {} bytes is not a whole number of float64 values".format(len(blob)))
    out = array("d")
    out.frombytes(bytes(blob))
    if _BIG_ENDIAN:
        out.byteswap()
    return out


def block_stats(values: Sequence[float]) -> Tuple[float, float, float, int]:
    """(min, max, sum, finite_count): NaN ignored by min/max; sum and count over finite values only.
    Summed left to right like blockStats in chunkCodec.ts, so both give the same bits."""
    lo = _INF
    hi = -_INF
    total = 0.0
    finite = 0
    seen = False
    for v in values:
        if v != v:
            continue
        seen = True
        if v < lo:
            lo = v
        if v > hi:
            hi = v
        if v != _INF and v != -_INF:
            total += v
            finite += 1
    return (lo, hi, total, finite) if seen else (_NAN, _NAN, 0.0, 0)


def _nan_to_null(v: Optional[float]) -> Optional[float]:
    return None if v is None or v != v else v


def _step_range(steps: Sequence[float]) -> Tuple[float, float]:
    return (min(steps), max(steps))


def _js_round(x: float) -> int:
    """Math.round: halves go up."""
    return int(math.floor(x + 0.5))


# ---- run names (runNames.ts) -------------------------------------------------------------------

_ADJECTIVES = ["amber", "brisk", "calm", "dapper", "eager", "fuzzy", "gentle", "hazel", "ivory", "jolly", "keen", "lucid",
               "mellow", "noble", "olive", "proud", "quiet", "rapid", "sunny", "tidy", "vivid", "witty"]
_NOUNS = ["badger", "crane", "dingo", "egret", "falcon", "gecko", "heron", "ibis", "jackal", "koala", "lynx", "marten",
          "newt", "otter", "panda", "quail", "raven", "stoat", "tapir", "viper", "walrus", "yak"]


def suggest_run_name(ordinal: int) -> str:
    return "{}-{}-{}".format(random.choice(_ADJECTIVES), random.choice(_NOUNS), ordinal)


def now_ms() -> int:
    return int(time.time() * 1000)


def is_transient(e: BaseException) -> bool:
    if not isinstance(e, sqlite3.OperationalError):
        return False
    msg = str(e).lower()
    return "locked" in msg or "busy" in msg


_abandoned: List[sqlite3.Connection] = []  # connections inherited over fork: never used, never closed


class SqliteStore:
    """One connection per process and workspace, shared by the runs and the flush thread under a lock."""

    def __init__(self, loupe_dir: str) -> None:
        self.loupe_dir = loupe_dir
        self.path = os.path.join(loupe_dir, DB_FILE_NAME)
        self._lock = threading.RLock()
        self._pid = os.getpid()
        self._conn = self._connect()

    # -- connection --

    def _connect(self) -> sqlite3.Connection:
        try:
            os.makedirs(self.loupe_dir, exist_ok=True)
        except OSError as e:
            raise LoupeError("Cannot create the Loupe folder {}: {}".format(self.loupe_dir, e)) from e
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as e:
            raise LoupeError("Cannot open the Loupe database {}: {}".format(self.path, e)) from e
        try:
            conn.execute("PRAGMA busy_timeout = {}".format(BUSY_TIMEOUT_MS))
            # Checked before anything that could write (even the journal mode): a newer schema is left untouched.
            version = self._retry(lambda: user_version(conn), 30)
            if version > KNOWN_SCHEMA_VERSION:
                raise too_new(self.path, version)
            self._retry(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone(), 30)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            if version < KNOWN_SCHEMA_VERSION:
                self._retry(lambda: migrate(conn, self.path), 60)
        except BaseException:
            conn.close()
            raise
        return conn

    def _db(self) -> sqlite3.Connection:
        if os.getpid() != self._pid:  # forked: the parent's connection must not be used (or closed) here
            _abandoned.append(self._conn)
            self._pid = os.getpid()
            self._lock = threading.RLock()
            self._conn = self._connect()
        return self._conn

    def close(self) -> None:
        with critical(), self._lock:
            if os.getpid() == self._pid:
                self._conn.close()

    # -- transactions --

    @staticmethod
    def _retry(fn: Callable[[], T], patience_s: float) -> T:
        """Retries "database is locked/busy" with backoff (each attempt already waits busy_timeout)."""
        deadline = time.monotonic() + patience_s
        delay = 0.05
        while True:
            try:
                return fn()
            except sqlite3.OperationalError as e:
                if not is_transient(e) or time.monotonic() + delay > deadline:
                    raise
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 1.0)

    def _write(self, fn: Callable[[sqlite3.Connection], T], patience_s: float = 60) -> T:
        """Runs fn in one BEGIN IMMEDIATE transaction, retried while the database is locked."""

        def attempt() -> T:
            with critical(), self._lock:
                conn = self._db()
                conn.execute("BEGIN IMMEDIATE")
                try:
                    result = fn(conn)
                    conn.execute("COMMIT")
                    return result
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise

        return self._retry(attempt, patience_s)

    # -- runs --

    def create_run(self, experiment: str, name: Optional[str], params: Dict[str, str], tags: Dict[str, str],
                   meta: Dict[str, Any]) -> Tuple[str, str]:
        run_id = uuid.uuid4().hex

        def create(conn: sqlite3.Connection) -> str:
            now = now_ms()
            conn.execute("INSERT OR IGNORE INTO experiments (name, created_at, updated_at) VALUES (?, ?, ?)", (experiment, now, now))
            exp_id = conn.execute("SELECT id FROM experiments WHERE name = ?", (experiment,)).fetchone()[0]
            run_name = name
            if run_name is None:
                n = conn.execute("SELECT count(*) FROM runs WHERE experiment_id = ?", (exp_id,)).fetchone()[0]
                run_name = suggest_run_name(n + 1)
            conn.execute(
                "INSERT INTO runs (id, experiment_id, name, status, parent_run_id, start_time, heartbeat_at, pid, host,"
                " source_command, git_commit, git_dirty) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (run_id, exp_id, run_name, "running", meta.get("parent_run_id"), now, now, meta.get("pid"),
                 meta.get("host", ""), meta.get("source_command", ""), meta.get("git_commit"), meta.get("git_dirty")),
            )
            self._put_params(conn, run_id, params)
            self._put_tags(conn, run_id, tags)
            return run_name

        return run_id, self._write(create)

    def resume_run(self, run_id: str, meta: Dict[str, Any]) -> Tuple[str, str, Dict[str, float]]:
        """Marks an existing run running again; returns (name, experiment, next auto-increment step per key)."""

        def resume(conn: sqlite3.Connection) -> Tuple[str, str, Dict[str, float]]:
            row = conn.execute(
                "SELECT r.name, e.name FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?", (run_id,)
            ).fetchone()
            if row is None:
                raise LoupeError("No run with id {!r} in {}.".format(run_id, self.path))
            now = now_ms()
            conn.execute(
                "UPDATE runs SET status = 'running', end_time = NULL, heartbeat_at = ?, pid = ?, host = ? WHERE id = ?",
                (now, meta.get("pid"), meta.get("host", ""), run_id),
            )
            steps = {k: float(s) + 1 for k, s in conn.execute("SELECT key, last_step FROM metric_summaries WHERE run_id = ?", (run_id,))}
            return row[0], row[1], steps

        return self._write(resume)

    def log_params(self, run_id: str, params: Dict[str, str]) -> None:
        self._write(lambda conn: self._put_params(conn, run_id, params))

    def set_tags(self, run_id: str, tags: Dict[str, str]) -> None:
        self._write(lambda conn: self._put_tags(conn, run_id, tags))

    @staticmethod
    def _put_params(conn: sqlite3.Connection, run_id: str, params: Dict[str, str]) -> None:
        for key, value in params.items():
            row = conn.execute("SELECT value FROM params WHERE run_id = ? AND key = ?", (run_id, key)).fetchone()
            if row is not None and row[0] != value:
                raise ValueError(
                    "The param {!r} is already {!r} on this run; params cannot change (log a tag or a new run instead).".format(key, row[0])
                )
            conn.execute("INSERT OR IGNORE INTO params (run_id, key, value) VALUES (?, ?, ?)", (run_id, key, value))

    @staticmethod
    def _put_tags(conn: sqlite3.Connection, run_id: str, tags: Dict[str, str]) -> None:
        conn.executemany(
            "INSERT INTO tags (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value",
            [(run_id, k, v) for k, v in tags.items()],
        )

    def heartbeat(self, run_id: str) -> None:
        def beat() -> None:
            with critical(), self._lock:
                self._db().execute("UPDATE runs SET heartbeat_at = ? WHERE id = ?", (now_ms(), run_id))

        self._retry(beat, 5)

    def end_run(self, run_id: str, status: str, end_time: int) -> None:
        self._write(lambda conn: conn.execute(
            "UPDATE runs SET status = ?, end_time = ?, heartbeat_at = ? WHERE id = ?", (status, end_time, end_time, run_id)))

    def has_table(self, name: str) -> bool:
        with critical(), self._lock:
            return self._db().execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None

    # -- metrics (metricsRepo.ts) --

    def append_metrics(self, run_id: str, blocks: List[Block], patience_s: float = 60) -> None:
        """Every block in ONE transaction; chunks and summaries together."""
        if blocks:
            self._write(lambda conn: [self._append(conn, run_id, b) for b in blocks], patience_s)

    @staticmethod
    def _append(conn: sqlite3.Connection, run_id: str, block: Block) -> None:
        key, steps, vals, times = block
        n = len(vals)
        if n == 0:
            return
        at = 0
        seq = 0
        last = conn.execute(
            "SELECT seq, count, steps, vals, times FROM metric_chunks WHERE run_id = ? AND key = ? ORDER BY seq DESC LIMIT 1",
            (run_id, key),
        ).fetchone()
        if last is not None:
            last_seq, last_count = last[0], last[1]
            seq = last_seq + 1
            if last_count < CHUNK_POINTS:
                take = min(CHUNK_POINTS - last_count, n)
                s = decode_f64(last[2]) + steps[:take]
                v = decode_f64(last[3]) + vals[:take]
                t = decode_f64(last[4]) + times[:take]
                lo, hi, _, _ = block_stats(v)
                first_step, last_step = _step_range(s)
                conn.execute(
                    "UPDATE metric_chunks SET count = ?, first_step = ?, last_step = ?, min = ?, max = ?, steps = ?, vals = ?, times = ?"
                    " WHERE run_id = ? AND key = ? AND seq = ?",
                    (len(s), first_step, last_step, _nan_to_null(lo), _nan_to_null(hi), encode_f64(s), encode_f64(v), encode_f64(t),
                     run_id, key, last_seq),
                )
                at = take
        while at < n:
            end = min(at + CHUNK_POINTS, n)
            s = steps[at:end]
            v = vals[at:end]
            lo, hi, _, _ = block_stats(v)
            first_step, last_step = _step_range(s)
            conn.execute(
                "INSERT INTO metric_chunks (run_id, key, seq, count, first_step, last_step, min, max, steps, vals, times)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (run_id, key, seq, end - at, first_step, last_step, _nan_to_null(lo), _nan_to_null(hi),
                 encode_f64(s), encode_f64(v), encode_f64(times[at:end])),
            )
            at = end
            seq += 1
        SqliteStore._merge_summary(conn, run_id, key, steps, vals, times)

    @staticmethod
    def _merge_summary(conn: sqlite3.Connection, run_id: str, key: str, steps: "array[float]", vals: "array[float]",
                       times: "array[float]") -> None:
        prev = conn.execute(
            "SELECT last, last_step, last_time, min, max, sum, finite_count, count FROM metric_summaries WHERE run_id = ? AND key = ?",
            (run_id, key),
        ).fetchone()
        lo, hi, total, finite = block_stats(vals)
        # "last" is the value at the highest step; a later point at the same step wins (MLflow's rule).
        li = -1
        last_step = prev[1] if prev is not None else -_INF
        for i, s in enumerate(steps):
            if s >= last_step:
                last_step = s
                li = i
        if prev is not None and prev[3] is not None:
            lo = prev[3] if lo != lo else min(prev[3], lo)
        if prev is not None and prev[4] is not None:
            hi = prev[4] if hi != hi else max(prev[4], hi)
        conn.execute(
            "INSERT INTO metric_summaries (run_id, key, last, last_step, last_time, min, max, sum, finite_count, count)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT (run_id, key) DO UPDATE SET last = excluded.last, last_step = excluded.last_step,"
            " last_time = excluded.last_time, min = excluded.min, max = excluded.max, sum = excluded.sum,"
            " finite_count = excluded.finite_count, count = excluded.count",
            (
                run_id, key,
                _nan_to_null(vals[li]) if li >= 0 else prev[0],
                steps[li] if li >= 0 else prev[1],
                _js_round(times[li]) if li >= 0 else prev[2],
                _nan_to_null(lo), _nan_to_null(hi),
                (prev[5] if prev is not None else 0.0) + total,
                (prev[6] if prev is not None else 0) + finite,
                (prev[7] if prev is not None else 0) + len(vals),
            ),
        )

    def next_steps(self, run_id: str) -> Dict[str, float]:
        with critical(), self._lock:
            rows = self._db().execute("SELECT key, last_step FROM metric_summaries WHERE run_id = ?", (run_id,)).fetchall()
        return {k: float(s) + 1 for k, s in rows}

    # -- artifacts (objectStore.ts) --

    def log_artifact(self, run_id: str, file: str, name: str) -> Tuple[str, int]:
        digest, size = put_object(self.loupe_dir, file)
        self._write(lambda conn: conn.execute(
            "INSERT INTO artifacts (run_id, path, hash, size, created_at) VALUES (?,?,?,?,?)"
            " ON CONFLICT (run_id, path) DO UPDATE SET hash = excluded.hash, size = excluded.size, created_at = excluded.created_at",
            (run_id, name, digest, size, now_ms())))
        return digest, size


def put_object(loupe_dir: str, file: str) -> Tuple[str, int]:
    """Copies a file into `<.loupe>/objects/ab/cdef...` (sha256), via a temp file renamed into place."""
    root = os.path.join(loupe_dir, "objects")
    tmp_dir = os.path.join(root, "tmp")
    os.makedirs(tmp_dir, exist_ok=True)
    tmp = os.path.join(tmp_dir, "{}-{}".format(os.getpid(), secrets.token_hex(6)))
    h = hashlib.sha256()
    size = 0
    try:
        with open(file, "rb") as src, open(tmp, "wb") as dst:
            while True:
                data = src.read(1 << 20)
                if not data:
                    break
                h.update(data)
                size += len(data)
                dst.write(data)
        digest = h.hexdigest()
        dest = os.path.join(root, digest[:2], digest[2:])
        if os.path.exists(dest):
            os.remove(tmp)
        else:
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            os.chmod(tmp, 0o444)
            os.replace(tmp, dest)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return digest, size
