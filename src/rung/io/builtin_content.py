"""Where the built-in content lives (YAML shipped in the package, beside this code)."""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1] / "content"


def content_root() -> Path:
    """`rung/content`; tests point it elsewhere with monkeypatch."""
    return _ROOT


def content_source(*parts: str) -> str:
    """How a built-in file is named in problems: 'rung/content/frameworks/pmwheel.yaml'."""
    return "/".join(("rung", "content", *parts))
