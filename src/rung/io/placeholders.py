"""Placeholders an importer leaves for a person to fill in (TODO, <fill in>, ??)."""

from __future__ import annotations

from typing import Any

from rung.core.errors import Problem

from .wording import Loc, describe, loc_to_where

PLACEHOLDER_MARKS = ("TODO", "<fill in>", "??")


def placeholder_problems(data: Any, source: str, path: Loc = ()) -> list[Problem]:
    """Every string value still holding TODO / <fill in> / ?? (left by an importer)."""
    out: list[Problem] = []
    if isinstance(data, dict):
        for key, value in data.items():
            out += placeholder_problems(value, source, (*path, str(key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += placeholder_problems(value, source, (*path, i))
    elif isinstance(data, str) and is_placeholder(data):
        out.append(
            Problem(
                source,
                loc_to_where(path),
                f"placeholder left to fill in: {describe(data)}; replace it with real content",
            )
        )
    return out


def is_placeholder(text: str) -> bool:
    return "TODO" in text or "<fill in>" in text.lower() or "??" in text
