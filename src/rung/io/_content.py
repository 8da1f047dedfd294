"""Where the built-in content lives (YAML shipped in the package)."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def content_root() -> Traversable:
    """`rung/content`; tests point it elsewhere with monkeypatch."""
    return files("rung") / "content"


def content_source(*parts: str) -> str:
    """How a built-in file is named in problems: 'rung/content/frameworks/pmwheel.yaml'."""
    return "/".join(("rung", "content", *parts))
