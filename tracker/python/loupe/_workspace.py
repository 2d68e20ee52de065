"""Finds the `.loupe` folder the way git finds a repository (same rules as tracker/src/workspace.ts)."""
import os
from typing import Mapping, Optional

LOUPE_DIR_NAME = ".loupe"


def find_loupe_dir(start: Optional[str] = None, env: Optional[Mapping[str, str]] = None) -> str:
    """`LOUPE_DIR` (the .loupe folder itself) wins; else the nearest ancestor of `start` (default: cwd)
    holding a `.loupe/` folder; else `<start>/.loupe`, created on first write."""
    env = os.environ if env is None else env
    if env.get("LOUPE_DIR"):
        return os.path.abspath(env["LOUPE_DIR"])
    start = os.path.abspath(start or os.getcwd())
    d = start
    while True:
        candidate = os.path.join(d, LOUPE_DIR_NAME)
        if os.path.isdir(candidate):
            return candidate
        parent = os.path.dirname(d)
        if parent == d:
            return os.path.join(start, LOUPE_DIR_NAME)
        d = parent
