"""Server mode (LOUPE_TRACKING_URI) against a fake server speaking MLflow's REST API 2.0."""
import json
import os
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Tuple
from urllib.parse import parse_qs, urlparse

from support import WorkspaceTest

import loupe


class FakeMlflow:
    def __init__(self) -> None:
        self.calls: List[Tuple[str, str, Any, str]] = []
        self.experiments: Dict[str, str] = {}
        self.fail_next = 0
        self.failed = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _reply(self, status: int, body: Dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlparse(self.path)
                fake.calls.append(("GET", url.path, parse_qs(url.query), self.headers.get("Authorization", "")))
                if url.path.endswith("/experiments/get-by-name"):
                    name = parse_qs(url.query)["experiment_name"][0]
                    if name in fake.experiments:
                        return self._reply(200, {"experiment": {"experiment_id": fake.experiments[name], "name": name}})
                    return self._reply(404, {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "no " + name})
                self._reply(404, {"error_code": "ENDPOINT_NOT_FOUND", "message": url.path})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if fake.fail_next:
                    fake.fail_next -= 1
                    fake.failed += 1
                    return self._reply(503, {"error_code": "TEMPORARILY_UNAVAILABLE", "message": "busy"})
                fake.calls.append(("POST", self.path, body, self.headers.get("Authorization", "")))
                if self.path.endswith("/experiments/create"):
                    fake.experiments[body["name"]] = str(len(fake.experiments) + 1)
                    return self._reply(200, {"experiment_id": fake.experiments[body["name"]]})
                if self.path.endswith("/runs/create"):
                    return self._reply(200, {"run": {"info": {"run_id": "f" * 32, "run_name": body.get("run_name", "auto-1"),
                                                              "experiment_id": body["experiment_id"]}}})
                self._reply(200, {})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def uri(self) -> str:
        return "http://127.0.0.1:{}".format(self.server.server_address[1])

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class ServerMode(WorkspaceTest):
    def setUp(self) -> None:
        super().setUp()
        self.fake = FakeMlflow()
        os.environ["LOUPE_TRACKING_URI"] = self.fake.uri
        os.environ["LOUPE_TRACKING_TOKEN"] = "s3cret"
        self.addCleanup(self.fake.stop)

    def posts(self, endpoint: str) -> List[Any]:
        return [c[2] for c in self.fake.calls if c[0] == "POST" and c[1].endswith(endpoint)]

    def test_a_run_is_created_logged_in_batches_and_finished_over_the_rest_api(self) -> None:
        with loupe.start_run(experiment="churn", name="remote", params={"lr": 0.1}, tags={"t": True}) as run:
            run.log({"loss": 0.5, "bad": float("nan")}, step=3, timestamp=1000)
            for i in range(1500):
                run.log({"x": i})
        self.assertEqual(run.id, "f" * 32)
        self.assertFalse(os.path.exists(self.db_path), "nothing goes to SQLite in server mode")
        self.assertTrue(all(c[3] == "Bearer s3cret" for c in self.fake.calls))
        self.assertEqual(self.posts("experiments/create"), [{"name": "churn"}])
        created = self.posts("runs/create")[0]
        self.assertEqual((created["experiment_id"], created["run_name"]), ("1", "remote"))
        batches = self.posts("runs/log-batch")
        params = [p for b in batches for p in b["params"]]
        tags = [t for b in batches for t in b["tags"]]
        metrics = [m for b in batches for m in b["metrics"]]
        self.assertEqual(params, [{"key": "lr", "value": "0.1"}])
        self.assertIn({"key": "t", "value": "true"}, tags)
        self.assertIn({"key": "loss", "value": 0.5, "timestamp": 1000, "step": 3}, metrics)
        self.assertIn({"key": "bad", "value": "NaN", "timestamp": 1000, "step": 3}, metrics)
        self.assertEqual(len([m for m in metrics if m["key"] == "x"]), 1500)
        self.assertTrue(all(len(b["metrics"]) <= 1000 for b in batches))
        update = self.posts("runs/update")[-1]
        self.assertEqual((update["run_id"], update["status"]), ("f" * 32, "FINISHED"))
        self.assertIsInstance(update["end_time"], int)

    def test_a_failing_block_reports_failed_and_transient_errors_are_retried(self) -> None:
        self.fake.experiments["e"] = "7"
        with self.assertRaises(KeyError):
            with loupe.start_run(experiment="e") as run:
                run.log({"x": 1})
                self.fake.fail_next = 1  # the flush at end() meets one 503 first
                raise KeyError("boom")
        self.assertEqual(self.posts("experiments/create"), [])
        self.assertEqual(self.posts("runs/create")[0]["experiment_id"], "7")
        self.assertEqual(self.posts("runs/update")[-1]["status"], "FAILED")
        metrics = [m for b in self.posts("runs/log-batch") for m in b["metrics"]]
        self.assertEqual([m["key"] for m in metrics], ["x"])
        self.assertEqual(self.fake.failed, 1)


if __name__ == "__main__":
    unittest.main()
