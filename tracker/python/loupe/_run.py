"""Runs: buffering, flushing and the MLflow-like module-level API."""
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from . import _lifecycle
from ._buffer import MetricBuffer
from ._errors import LoupeError
from ._lifecycle import critical
from ._notebook import notebook_tags
from ._values import check_name, metric_value, step_value, timestamp_value, value_to_text
from ._workspace import find_loupe_dir

log = logging.getLogger("loupe")

#: Flush as soon as this many points are buffered (besides every second, on end() and at exit).
FLUSH_POINTS = 10000
RUN_STATUSES = ("running", "finished", "failed", "killed", "queued")
DEFAULT_EXPERIMENT = "Default"

_stores: Dict[Tuple[int, str], Any] = {}
_stores_lock = threading.Lock()


def _store_for(loupe_dir: Optional[str]) -> Any:
    uri = os.environ.get("LOUPE_TRACKING_URI")
    if uri and loupe_dir is None:
        from ._http import HttpStore

        key: Tuple[int, str] = (os.getpid(), "http:" + uri)
        factory: Any = lambda: HttpStore(uri)  # noqa: E731
    else:
        from ._store import SqliteStore

        d = os.path.abspath(loupe_dir) if loupe_dir else find_loupe_dir()
        key = (os.getpid(), d)
        factory = lambda: SqliteStore(d)  # noqa: E731
    with critical(), _stores_lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = factory()  # raises (and caches nothing) on a newer schema
        return store


def _close_stores() -> None:
    """Closes every cached connection of this process (tests; open runs must be ended first)."""
    with critical(), _stores_lock:
        for (pid, _), store in list(_stores.items()):
            if pid == os.getpid():
                try:
                    store.close()
                except Exception:
                    pass
        _stores.clear()


def _git_info(cwd: str) -> Tuple[Optional[str], Optional[int]]:
    try:
        kw: Dict[str, Any] = dict(cwd=cwd, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3, check=True)
        commit = subprocess.run(["git", "rev-parse", "HEAD"], stdout=subprocess.PIPE, **kw).stdout.decode().strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], stdout=subprocess.PIPE, **kw).stdout.strip()
        return (commit or None), (1 if dirty else 0)
    except Exception:
        return None, None


def _now_ms() -> int:
    return int(time.time() * 1000)


def _texts(kind: str, values: Optional[Mapping[str, Any]]) -> Dict[str, str]:
    if not values:
        return {}
    if not isinstance(values, Mapping):
        raise TypeError("{}s must be a dict, got {}.".format(kind, type(values).__name__))
    return {check_name(kind, k): value_to_text(kind, k, v) for k, v in values.items()}


class Run:
    """A run being logged by this process. `log()` only appends to a memory buffer; points reach the
    store in one transaction per flush (10,000 points, every second, end(), exit, SIGTERM)."""

    def __init__(self, store: Any, run_id: str, name: str, experiment: str) -> None:
        self._store = store
        self._id = run_id
        self._name = name
        self.experiment = experiment
        self._buffer = MetricBuffer()
        self._buf_lock = threading.Lock()
        self._flush_lock = threading.RLock()
        self._checked_keys: set = set()
        self._ended = False
        self._last_heartbeat = time.monotonic()
        self._retry_at = 0.0  # after a flush found the database locked, log() leaves retries to the flush thread

    @property
    def id(self) -> str:
        return self._id

    @property
    def name(self) -> str:
        return self._name

    @property
    def is_ended(self) -> bool:
        return self._ended

    def __repr__(self) -> str:
        return "<loupe.Run {} {!r}{}>".format(self._id, self._name, " ended" if self._ended else "")

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        status = "finished" if exc_type is None else "failed"
        try:
            self.end(status)
        except Exception:
            if exc_type is None:
                raise
            log.warning("loupe: could not end run %s as %s", self._id, status, exc_info=True)

    # -- metrics --

    def log(self, metrics: Mapping[str, Any], step: Optional[Union[int, float]] = None,
            timestamp: Optional[Union[int, float]] = None) -> None:
        """Logs one value per key at `step` (default: one past that key's previous step, from 0).
        `timestamp` is milliseconds since the epoch (default: now)."""
        self._assert_open()
        if not isinstance(metrics, Mapping):
            raise TypeError("log() takes a dict of metric values, got {}.".format(type(metrics).__name__))
        s = None if step is None else step_value(step)
        ts = float(_now_ms()) if timestamp is None else timestamp_value(timestamp)
        points: List[Tuple[str, float]] = []
        for key, value in metrics.items():
            if key not in self._checked_keys:
                check_name("metric", key)
                self._checked_keys.add(key)
            points.append((key, metric_value(key, value)))
        with critical(), self._buf_lock:
            for key, v in points:
                self._buffer.push(key, v, s, ts)
            full = self._buffer.size >= FLUSH_POINTS
        if full and time.monotonic() >= self._retry_at:
            self._flush(quiet=True, patience_s=2)

    def log_metric(self, key: str, value: Any, step: Optional[Union[int, float]] = None,
                   timestamp: Optional[Union[int, float]] = None) -> None:
        self.log({key: value}, step=step, timestamp=timestamp)

    def log_metrics(self, metrics: Mapping[str, Any], step: Optional[Union[int, float]] = None,
                    timestamp: Optional[Union[int, float]] = None) -> None:
        self.log(metrics, step=step, timestamp=timestamp)

    def flush(self) -> None:
        """Writes buffered points now (retrying while the database is locked); raises if that fails."""
        self._flush(quiet=False)

    def _flush(self, quiet: bool, patience_s: float = 60) -> None:
        with critical(), self._flush_lock:
            with self._buf_lock:
                if self._buffer.size == 0:
                    return
                blocks = self._buffer.drain()
            try:
                self._store.append_metrics(self._id, blocks, patience_s)
            except BaseException as e:
                with self._buf_lock:
                    self._buffer.restore(blocks)
                if quiet and _is_transient(e):
                    self._retry_at = time.monotonic() + _lifecycle.FLUSH_INTERVAL_S
                    log.debug("loupe: flush postponed: %s", e)
                    return
                raise
            self._retry_at = 0.0

    def _tick(self) -> None:
        """Called by the flush thread about every second."""
        if self._ended:
            return
        try:
            self._flush(quiet=True, patience_s=5)
        except Exception as e:
            log.warning("loupe: could not write metrics of run %s (kept in memory, will retry): %s", self._id, e)
        if time.monotonic() - self._last_heartbeat >= _lifecycle.HEARTBEAT_INTERVAL_S:
            self._last_heartbeat = time.monotonic()
            try:
                self._store.heartbeat(self._id)
            except Exception:
                log.debug("loupe: heartbeat failed", exc_info=True)

    # -- params, tags, artifacts --

    def log_param(self, key: str, value: Any) -> None:
        self.log_params({key: value})

    def log_params(self, params: Mapping[str, Any]) -> None:
        """Params are fixed once logged: the same value again is fine, a different one raises ValueError."""
        self._assert_open()
        texts = _texts("param", params)
        if texts:
            self._store.log_params(self._id, texts)

    def set_tag(self, key: str, value: Any) -> None:
        self.set_tags({key: value})

    def set_tags(self, tags: Mapping[str, Any]) -> None:
        self._assert_open()
        texts = _texts("tag", tags)
        if texts:
            self._store.set_tags(self._id, texts)

    def log_artifact(self, path: str, name: Optional[str] = None) -> None:
        """Copies a file (or every file of a folder) into the workspace's object store, listed under the
        run as `name` (default: the base name; files of a folder as `name/relative/path`)."""
        self._assert_open()
        path = os.fspath(path)
        base = name if name is not None else os.path.basename(os.path.normpath(path))
        check_name("artifact", base)
        if os.path.isdir(path):
            for root, _dirs, files in os.walk(path):
                for f in sorted(files):
                    full = os.path.join(root, f)
                    rel = os.path.relpath(full, path).replace(os.sep, "/")
                    self._store.log_artifact(self._id, full, base + "/" + rel)
        elif os.path.isfile(path):
            self._store.log_artifact(self._id, path, base)
        else:
            raise FileNotFoundError("No file or folder at {!r} to log as an artifact.".format(path))

    def use_dataset(self, name: str, version: Any, role: str = "input") -> None:
        """Records that the run used `name@version` as `role`, as the tag `loupe.dataset.<role>`.
        (The workspace has no datasets table yet; when it gains one this will write there too.)"""
        check_name("dataset", name)
        check_name("dataset role", role)
        self.set_tags({"loupe.dataset." + role: "{}@{}".format(name, value_to_text("dataset version", name, version))})

    # -- end --

    def end(self, status: str = "finished") -> None:
        """Flushes, then marks the run `status` with its end time. Ending twice does nothing."""
        if status not in RUN_STATUSES or status in ("running", "queued"):
            raise ValueError("A run ends as 'finished', 'failed' or 'killed', not {!r}.".format(status))
        with critical(), self._flush_lock:
            if self._ended:
                return
            self._flush(quiet=False, patience_s=120)
            self._store.end_run(self._id, status, _now_ms())
            self._ended = True
        _lifecycle.unregister(self)

    def _assert_open(self) -> None:
        if self._ended:
            raise LoupeError("Run {} has ended; start a new run to log more.".format(self._name))


def _is_transient(e: BaseException) -> bool:
    from ._store import is_transient as sqlite_transient

    if sqlite_transient(e):
        return True
    if "loupe._http" in sys.modules:
        return sys.modules["loupe._http"].is_transient(e)
    return False


# ---- module-level API ----------------------------------------------------------------------------


def start_run(experiment: Optional[str] = None, name: Optional[str] = None, params: Optional[Mapping[str, Any]] = None,
              tags: Optional[Mapping[str, Any]] = None, run_id: Optional[str] = None, nested: bool = False,
              loupe_dir: Optional[str] = None) -> Run:
    """Starts a run (or resumes `run_id`, appending to its series) and makes it the active run.

    Use it as a context manager: leaving the block normally ends the run `finished`, by an exception
    `failed`. Without `with`, call `run.end()` / `loupe.end_run()`; open runs end at interpreter exit.
    """
    active = active_run()
    if active is not None and not nested:
        raise LoupeError(
            "Run {} ({}) is already active; end it first (loupe.end_run()) or pass nested=True.".format(active.name, active.id)
        )
    store = _store_for(loupe_dir)
    meta: Dict[str, Any] = {"pid": os.getpid(), "host": socket.gethostname()}
    if run_id is not None:
        rid = str(run_id)
        run_name, exp_name, next_steps = store.resume_run(rid, meta)
        run = Run(store, rid, run_name, exp_name)
        run._buffer.continue_from(next_steps)
        if params:
            run.log_params(params)
        if tags:
            run.set_tags(tags)
    else:
        exp_name = check_name("experiment", experiment if experiment is not None else DEFAULT_EXPERIMENT)
        if name is not None:
            check_name("run", name)
        p = _texts("param", params)
        t = dict(notebook_tags())
        t.update(_texts("tag", tags))
        commit, dirty = _git_info(os.getcwd())
        meta.update({
            "source_command": " ".join(sys.argv),
            "git_commit": commit,
            "git_dirty": dirty,
            "parent_run_id": active.id if (active is not None and nested) else None,
        })
        rid, run_name = store.create_run(exp_name, name, p, t, meta)
        run = Run(store, rid, run_name, exp_name)
    _lifecycle.register(run)
    return run


def active_run() -> Optional[Run]:
    """The most recently started run of this process that has not ended, or None."""
    for run in reversed(_lifecycle.open_runs()):
        if isinstance(run, Run) and not run.is_ended:
            return run
    return None


def _require_run() -> Run:
    run = active_run()
    return run if run is not None else start_run()


def end_run(status: str = "finished") -> None:
    run = active_run()
    if run is not None:
        run.end(status)


def log_metric(key: str, value: Any, step: Optional[Union[int, float]] = None,
               timestamp: Optional[Union[int, float]] = None) -> None:
    _require_run().log({key: value}, step=step, timestamp=timestamp)


def log_metrics(metrics: Mapping[str, Any], step: Optional[Union[int, float]] = None,
                timestamp: Optional[Union[int, float]] = None) -> None:
    _require_run().log(metrics, step=step, timestamp=timestamp)


def log_param(key: str, value: Any) -> None:
    _require_run().log_param(key, value)


def log_params(params: Mapping[str, Any]) -> None:
    _require_run().log_params(params)


def set_tag(key: str, value: Any) -> None:
    _require_run().set_tag(key, value)


def set_tags(tags: Mapping[str, Any]) -> None:
    _require_run().set_tags(tags)


def log_artifact(path: str, name: Optional[str] = None) -> None:
    _require_run().log_artifact(path, name)


def flush() -> None:
    """Writes the buffered points of every open run now."""
    for run in _lifecycle.open_runs():
        run.flush()
