"""Server mode: when LOUPE_TRACKING_URI is set, runs go to a Loupe server speaking MLflow's REST API 2.0."""
import json
import math
import os
import random
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar

from ._buffer import Block
from ._errors import LoupeError

T = TypeVar("T")

MAX_METRICS_PER_BATCH = 1000  # MLflow's log-batch limits
MAX_PARAMS_PER_BATCH = 100
MAX_TAGS_PER_BATCH = 100

_STATUS = {"running": "RUNNING", "finished": "FINISHED", "failed": "FAILED", "killed": "KILLED", "queued": "SCHEDULED"}


class HttpError(LoupeError):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__("{} ({}): {}".format(code or "HTTP error", status, message))
        self.status = status
        self.code = code


def _float_json(v: float) -> Any:
    """Proto3 JSON spells non-finite doubles as strings."""
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def _step_json(s: float) -> Any:
    return int(s) if s == int(s) else s


def is_transient(e: BaseException) -> bool:
    if isinstance(e, HttpError):
        return e.status == 429 or e.status >= 500
    return isinstance(e, (urllib.error.URLError, socket.timeout, ConnectionError, TimeoutError))


class HttpStore:
    def __init__(self, uri: str, token: Optional[str] = None) -> None:
        self.uri = uri.rstrip("/")
        self.token = token if token is not None else os.environ.get("LOUPE_TRACKING_TOKEN")
        self._experiments: Dict[str, str] = {}  # run id -> experiment id

    # -- transport --

    def _request(self, method: str, path: str, body: Any = None, query: Optional[Dict[str, str]] = None,
                 data: Optional[bytes] = None, content_type: str = "application/json") -> Dict[str, Any]:
        url = self.uri + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        if body is not None:
            data = json.dumps(body, allow_nan=False).encode("utf-8")
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = content_type
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as e:
            detail = e.read()
            try:
                payload = json.loads(detail or b"{}")
            except ValueError:
                payload = {"message": detail.decode("utf-8", "replace")[:300]}
            raise HttpError(e.code, str(payload.get("error_code", "")), str(payload.get("message", e.reason))) from None
        return json.loads(raw) if raw.strip() else {}

    def _api(self, method: str, endpoint: str, body: Any = None, query: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
        return self._retry(lambda: self._request(method, "/api/2.0/mlflow/" + endpoint, body, query))

    @staticmethod
    def _retry(fn: Callable[[], T], patience_s: float = 30) -> T:
        deadline = time.monotonic() + patience_s
        delay = 0.2
        while True:
            try:
                return fn()
            except Exception as e:
                if not is_transient(e) or time.monotonic() + delay > deadline:
                    raise
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 5.0)

    # -- runs --

    def _experiment_id(self, name: str) -> str:
        try:
            return str(self._api("GET", "experiments/get-by-name", query={"experiment_name": name})["experiment"]["experiment_id"])
        except HttpError as e:
            if e.status != 404 and e.code != "RESOURCE_DOES_NOT_EXIST":
                raise
        try:
            return str(self._api("POST", "experiments/create", {"name": name})["experiment_id"])
        except HttpError as e:  # created meanwhile by another process
            if e.code != "RESOURCE_ALREADY_EXISTS":
                raise
            return str(self._api("GET", "experiments/get-by-name", query={"experiment_name": name})["experiment"]["experiment_id"])

    def create_run(self, experiment: str, name: Optional[str], params: Dict[str, str], tags: Dict[str, str],
                   meta: Dict[str, Any]) -> Tuple[str, str]:
        exp_id = self._experiment_id(experiment)
        system = {"loupe.host": meta.get("host", ""), "loupe.pid": str(meta.get("pid", "")),
                  "loupe.source_command": meta.get("source_command", "")}
        if meta.get("git_commit"):
            system["mlflow.source.git.commit"] = meta["git_commit"]
        if meta.get("parent_run_id"):
            system["mlflow.parentRunId"] = meta["parent_run_id"]
        body: Dict[str, Any] = {"experiment_id": exp_id, "start_time": int(time.time() * 1000),
                                "tags": [{"key": k, "value": v} for k, v in system.items()]}
        if name is not None:
            body["run_name"] = name
        info = self._api("POST", "runs/create", body)["run"]["info"]
        run_id = str(info["run_id"])
        self._experiments[run_id] = exp_id
        self._batch(run_id, params=params, tags=tags)
        return run_id, str(info.get("run_name") or name or run_id)

    def resume_run(self, run_id: str, meta: Dict[str, Any]) -> Tuple[str, str, Dict[str, float]]:
        info = self._api("GET", "runs/get", query={"run_id": run_id})["run"]["info"]
        self._experiments[run_id] = str(info.get("experiment_id", ""))
        self._api("POST", "runs/update", {"run_id": run_id, "status": "RUNNING"})
        return str(info.get("run_name", run_id)), str(info.get("experiment_id", "")), {}

    def log_params(self, run_id: str, params: Dict[str, str]) -> None:
        self._batch(run_id, params=params)

    def set_tags(self, run_id: str, tags: Dict[str, str]) -> None:
        self._batch(run_id, tags=tags)

    def _batch(self, run_id: str, metrics: Optional[List[Dict[str, Any]]] = None, params: Optional[Dict[str, str]] = None,
               tags: Optional[Dict[str, str]] = None) -> None:
        metrics = metrics or []
        p = [{"key": k, "value": v} for k, v in (params or {}).items()]
        t = [{"key": k, "value": v} for k, v in (tags or {}).items()]
        while metrics or p or t:
            body = {"run_id": run_id, "metrics": metrics[:MAX_METRICS_PER_BATCH], "params": p[:MAX_PARAMS_PER_BATCH],
                    "tags": t[:MAX_TAGS_PER_BATCH]}
            self._api("POST", "runs/log-batch", body)
            metrics, p, t = metrics[MAX_METRICS_PER_BATCH:], p[MAX_PARAMS_PER_BATCH:], t[MAX_TAGS_PER_BATCH:]

    def append_metrics(self, run_id: str, blocks: List[Block], patience_s: float = 60) -> None:
        metrics = []
        for key, steps, vals, times in blocks:
            for s, v, ts in zip(steps, vals, times):
                metrics.append({"key": key, "value": _float_json(v), "timestamp": int(ts), "step": _step_json(s)})
        self._batch(run_id, metrics=metrics)

    def heartbeat(self, run_id: str) -> None:
        pass  # the server sees the run's requests

    def end_run(self, run_id: str, status: str, end_time: int) -> None:
        self._api("POST", "runs/update", {"run_id": run_id, "status": _STATUS[status], "end_time": end_time})

    def has_table(self, name: str) -> bool:
        return False

    def next_steps(self, run_id: str) -> Dict[str, float]:
        return {}

    def log_artifact(self, run_id: str, file: str, name: str) -> Tuple[str, int]:
        """PUT to MLflow's artifact proxy, under the default `<experiment>/<run>/artifacts/` layout."""
        import hashlib

        with open(file, "rb") as f:
            data = f.read()
        path = "/api/2.0/mlflow-artifacts/artifacts/{}/{}/artifacts/{}".format(
            urllib.parse.quote(self._experiments.get(run_id, "0")), urllib.parse.quote(run_id), urllib.parse.quote(name))
        self._retry(lambda: self._request("PUT", path, data=data, content_type="application/octet-stream"))
        return hashlib.sha256(data).hexdigest(), len(data)

    def close(self) -> None:
        pass
