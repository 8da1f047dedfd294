"""Small Markdown helpers shared by the plan, coaching-pack and ladder renderers."""

from __future__ import annotations


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def sentence(text: str) -> str:
    """Text ending in sentence punctuation (templates are written without a final full stop)."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def score(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f}"
