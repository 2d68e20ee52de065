"""Tags describing the notebook a run was started from (IPython/Jupyter, VS Code notebooks). Never raises."""
import os
import sys
from typing import Any, Dict

from ._values import MAX_VALUE_LENGTH


def _ipython() -> Any:
    if "IPython" not in sys.modules:  # never import IPython ourselves: only look at a running shell
        return None
    try:
        return sys.modules["IPython"].get_ipython()
    except Exception:
        return None


def notebook_tags() -> Dict[str, str]:
    tags: Dict[str, str] = {}
    try:
        shell = _ipython()
        if shell is None:
            return tags
        ns = getattr(shell, "user_ns", None) or {}
        path = ns.get("__vsc_ipynb_file__") or os.environ.get("JPY_SESSION_NAME")
        if path:
            tags["loupe.notebook.path"] = str(path)[:MAX_VALUE_LENGTH]
        history = ns.get("_ih")
        if history:
            cell = history[-1]
            if isinstance(cell, str) and cell.strip():
                tags["loupe.notebook.cell"] = cell[:MAX_VALUE_LENGTH]
    except Exception:
        pass
    return tags
