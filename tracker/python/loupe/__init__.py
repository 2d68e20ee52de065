"""Loupe's Python client: log ML runs into the workspace's `.loupe/loupe.db` (or a Loupe server).

    import loupe
    with loupe.start_run(experiment="churn", params={"lr": 0.01}) as run:
        for step in range(100):
            run.log({"loss": 1 / (step + 1)}, step=step)
"""
from ._errors import LoupeError, SchemaTooNewError
from ._run import (
    Run,
    active_run,
    end_run,
    flush,
    log_artifact,
    log_metric,
    log_metrics,
    log_param,
    log_params,
    set_tag,
    set_tags,
    start_run,
)
from ._schema import KNOWN_SCHEMA_VERSION
from ._workspace import find_loupe_dir

__version__ = "0.1.0"

__all__ = [
    "KNOWN_SCHEMA_VERSION",
    "LoupeError",
    "Run",
    "SchemaTooNewError",
    "active_run",
    "end_run",
    "find_loupe_dir",
    "flush",
    "log_artifact",
    "log_metric",
    "log_metrics",
    "log_param",
    "log_params",
    "set_tag",
    "set_tags",
    "start_run",
]
