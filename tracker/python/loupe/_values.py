"""Validation and text conversion, matching tracker/src/store/validate.ts."""
import json
import math
import re
from typing import Any

MAX_NAME_LENGTH = 250
MAX_VALUE_LENGTH = 64 * 1024
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def check_name(kind: str, name: Any) -> str:
    """Names of experiments, runs, params, tags and metrics: 1-250 characters, no control characters."""
    if not isinstance(name, str):
        raise ValueError("A {} name must be a string, got {} {!r}.".format(kind, type(name).__name__, name))
    if not name.strip():
        raise ValueError("The {} name {!r} is empty; names need at least one visible character.".format(kind, name))
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(
            "The {} name {!r} is {} characters; the limit is {}.".format(kind, name[:40] + "...", len(name), MAX_NAME_LENGTH)
        )
    if _CONTROL.search(name):
        raise ValueError("The {} name {!r} contains a control character.".format(kind, name))
    return name


def value_to_text(kind: str, key: str, value: Any) -> str:
    """Params and tags are stored as text: bools as 'true'/'false' (like JSON), floats via repr
    (non-finite as 'NaN'/'Infinity'/'-Infinity' like the TypeScript SDK), None as '', dicts/lists as JSON."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        if math.isnan(value):
            text = "NaN"
        elif math.isinf(value):
            text = "Infinity" if value > 0 else "-Infinity"
        else:
            text = repr(value)
    elif value is None:
        text = ""
    elif isinstance(value, (dict, list, tuple)):
        try:
            text = json.dumps(value, default=str)
        except (TypeError, ValueError):
            text = str(value)
    else:
        text = str(value)
    if len(text) > MAX_VALUE_LENGTH:
        raise ValueError(
            "The {} {!r} has a value of {} characters; the limit is {}.".format(kind, key, len(text), MAX_VALUE_LENGTH)
        )
    return text


def metric_value(key: str, value: Any) -> float:
    """Any real number (int, float, numpy scalar, 0-d tensor); NaN and +/-inf are kept as they are."""
    t = type(value)
    if t is float:
        return value
    if t is int:
        return float(value)
    if isinstance(value, (str, bytes, bytearray)) or value is None:
        raise ValueError("The metric {!r} got {} {!r}; metric values must be numbers.".format(key, t.__name__, value))
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(
            "The metric {!r} got {} {!r}; metric values must be numbers.".format(key, t.__name__, _short(value))
        ) from None


def step_value(step: Any) -> float:
    if isinstance(step, bool) or not isinstance(step, (int, float)):
        try:
            import numbers

            if isinstance(step, numbers.Real) and not isinstance(step, bool):
                step = float(step)
            else:
                raise TypeError
        except TypeError:
            raise ValueError("A step must be a number, got {} {!r}.".format(type(step).__name__, _short(step))) from None
    s = float(step)
    if not math.isfinite(s):
        raise ValueError("A step must be finite, got {!r}.".format(step))
    return s


def timestamp_value(ts: Any) -> float:
    """Milliseconds since the Unix epoch."""
    try:
        t = float(ts)
    except (TypeError, ValueError):
        raise ValueError("A timestamp must be milliseconds since the epoch, got {!r}.".format(_short(ts))) from None
    if not math.isfinite(t):
        raise ValueError("A timestamp must be finite, got {!r}.".format(ts))
    return t


def _short(v: Any) -> str:
    r = repr(v)
    return r if len(r) <= 60 else r[:57] + "..."
