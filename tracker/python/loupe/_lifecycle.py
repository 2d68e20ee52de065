"""Process-wide bookkeeping of open runs: the flush thread, atexit and SIGTERM.

Signal handlers run on the main thread between bytecodes, possibly while that thread holds a lock
or is half-way through a transaction. Every lock the client takes on the main thread is taken inside
`critical()`; a SIGTERM arriving meanwhile is deferred to the end of the outermost critical section,
so the handler never re-enters a transaction or deadlocks on a lock its own thread holds.
"""
import atexit
import logging
import os
import signal
import sys
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

log = logging.getLogger("loupe")

FLUSH_INTERVAL_S = 1.0
HEARTBEAT_INTERVAL_S = 10.0

_MAIN_IDENT = threading.main_thread().ident
_depth = 0
_pending: List[Tuple[int, Any]] = []


class _Critical:
    __slots__ = ("_main",)

    def __enter__(self) -> None:
        global _depth
        self._main = threading.get_ident() == _MAIN_IDENT
        if self._main:
            _depth += 1

    def __exit__(self, *exc: Any) -> None:
        global _depth
        if self._main:
            _depth -= 1
            if _depth == 0 and _pending:
                signum, frame = _pending.pop(0)
                del _pending[:]
                _terminate(signum, frame)


def critical() -> _Critical:
    return _Critical()


# ---- open runs ---------------------------------------------------------------------------------

_runs: List[Any] = []  # runs in start order; each has .end(status), ._tick(), .is_ended
_runs_lock = threading.RLock()
_flusher: Optional[threading.Thread] = None
_stop = threading.Event()
_installed = False
_previous: Dict[int, Any] = {}


def register(run: Any) -> None:
    with critical(), _runs_lock:
        _runs.append(run)
        _install()


def unregister(run: Any) -> None:
    with critical(), _runs_lock:
        if run in _runs:
            _runs.remove(run)


def open_runs() -> List[Any]:
    with critical(), _runs_lock:
        return list(_runs)


def _install() -> None:
    global _installed, _flusher
    if _flusher is None or not _flusher.is_alive() or _flusher_pid != os.getpid():
        _start_flusher()
    if _installed:
        return
    _installed = True
    atexit.register(_at_exit)
    if threading.get_ident() == _MAIN_IDENT:
        for sig in (signal.SIGTERM,):
            try:
                _previous[sig] = signal.getsignal(sig)
                signal.signal(sig, _on_signal)
            except (ValueError, OSError):  # not the main thread of the main interpreter
                pass


_flusher_pid = -1


def _start_flusher() -> None:
    global _flusher, _flusher_pid
    _stop.clear()
    _flusher_pid = os.getpid()
    _flusher = threading.Thread(target=_flush_loop, name="loupe-flush", daemon=True)
    _flusher.start()


def _after_fork_in_child() -> None:
    """A forked child starts with no open runs: the parent's runs, buffers and locks stay the parent's."""
    global _depth, _runs_lock, _flusher
    _depth = 0
    del _pending[:]
    del _runs[:]
    _runs_lock = threading.RLock()
    _flusher = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _flush_loop() -> None:
    while not _stop.wait(FLUSH_INTERVAL_S):
        for run in open_runs():
            try:
                run._tick()
            except Exception:  # a run's trouble must not stop the others (or the thread)
                log.debug("loupe: background flush failed", exc_info=True)


def _end_all(status: Callable[[], str]) -> None:
    for run in reversed(open_runs()):
        try:
            run.end(status())
        except Exception as e:  # best effort at exit: one run's failure must not stop the others
            log.warning("loupe: could not end run %s: %s", getattr(run, "id", "?"), e)


def _at_exit() -> None:
    _stop.set()
    # An uncaught exception sets sys.last_type before atexit runs (not in IPython, where cells set it).
    failed = getattr(sys, "last_type", None) is not None and "IPython" not in sys.modules
    _end_all(lambda: "failed" if failed else "finished")
    t = _flusher
    if t is not None and t is not threading.current_thread():
        t.join(timeout=2)


def _on_signal(signum: int, frame: Any) -> None:
    if _depth > 0:
        _pending.append((signum, frame))
        return
    _terminate(signum, frame)


def _terminate(signum: int, frame: Any) -> None:
    """Flushes and ends every open run as `killed`, then does what the previous handler would have."""
    _end_all(lambda: "killed")
    prev = _previous.get(signum, signal.SIG_DFL)
    if callable(prev) and prev is not _on_signal:
        prev(signum, frame)
        return
    if prev == signal.SIG_IGN:
        return
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    time.sleep(1)  # the default action normally ends the process before this returns
