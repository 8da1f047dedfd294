"""The one Jinja2 environment behind every HTML document (plan, coaching pack, ladder).

Autoescape is always on: names, evidence notes and activity texts come from user files. The
print stylesheet is inlined into each page, so an HTML file is self-contained and WeasyPrint
renders the very same markup to PDF.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


def _d(value: date | None) -> str:
    return "–" if value is None else value.isoformat()


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("rung.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["d"] = _d
    env.filters["score"] = _score
    env.filters["sentence"] = _sentence
    env.filters["capfirst"] = lambda text: str(text)[:1].upper() + str(text)[1:]
    return env


def render_template(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)
