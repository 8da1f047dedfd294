"""How problems are worded: the offending value, a "did you mean", a short list, a location.

One pattern for every message: what is wrong, the value, and what is allowed.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Sequence
from typing import Any

FILE = "file"  # Problem.where for problems about the file as a whole
WARNING = "warning: "  # message prefix of problems that do not stop a load

Loc = tuple[int | str, ...]


def num(x: float) -> str:
    """3.0 -> '3', 2.5 -> '2.5'."""
    if isinstance(x, int):
        return str(x) if abs(x) < 10**15 else "a huge number"
    return str(int(x)) if x.is_integer() else str(x)


def as_float(value: Any) -> float | None:
    """A finite float from an int or float (never from a bool or text), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        result = float(value)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def shortened(text: str, limit: int = 60) -> str:
    """`text`, cut to `limit` characters ending in "..." when longer: a value a message quotes
    (a path or a cell) stays readable however long the user made it."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe(value: Any) -> str:
    """The offending value, short and readable, for a message."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, str):
        return repr(shortened(value))
    if isinstance(value, int):
        return num(value)
    if isinstance(value, float):
        return num(value) if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return "a mapping of key: value pairs"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__} ({value})"


def closest(word: str, choices: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" or "" — to append right after the complaint."""
    match = closest(word, choices)
    return f" (did you mean '{match}'?)" if match else ""


def listing(items: Sequence[str], limit: int = 8) -> str:
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f", … ({len(items)} in all)"


def loc_to_where(loc: Loc) -> str:
    """('ratings', 1, 'scores', 'x') -> 'ratings[1].scores.x'."""
    out = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "top level"

