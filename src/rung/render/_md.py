"""Small Markdown helpers shared by the plan, coaching-pack and ladder renderers."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar, cast

T = TypeVar("T")


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def sentence(text: str) -> str:
    """Text ending in sentence punctuation (templates are written without a final full stop)."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def score(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f}"


# `<` opens raw HTML in Markdown and `&name;` is an entity: text people typed (names, first
# actions, milestones, events) must read as typed, never become markup. A lone `&` ("Market &
# competitive analysis") and `>` stay as they are, so plain text keeps reading naturally.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def text(value: str) -> str:
    """`value` safe as Markdown text: no HTML tag or entity survives."""
    return _ENTITY.sub("&amp;", value).replace("<", "&lt;")


def escaped(value: T) -> T:
    """A copy of a plan, pack or ladder (frozen dataclasses, named tuples, tuples, dicts) with
    every string made safe by `text`: the Markdown renderers take their input through it."""
    return cast(T, _escaped(value))


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return text(value) if ("<" in value or "&" in value) else value
    if isinstance(value, tuple):
        items = [_escaped(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _escaped(getattr(value, f.name))
                   for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value
