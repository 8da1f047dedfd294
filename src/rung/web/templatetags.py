"""Small formatting filters of the pages (registered in rung.web.jinja)."""

from __future__ import annotations

from html import escape
from typing import Any

from markupsafe import Markup

from rung.core.lint import RULES


def score(value: Any) -> str:
    """A score with one decimal, or an en dash when there is none."""
    if value is None or value == "":
        return "–"
    return f"{float(value):.1f}"


def rule_title(code: str) -> str:
    return RULES.get(code, ("", code))[1]


def errlist(errors: Any) -> Markup:
    """A form's errors as a list (empty: nothing); `role="alert"` so a screen reader hears
    them when the page comes back with them."""
    if not errors:
        return Markup("")
    items = "".join(f"<li>{escape(str(e))}</li>" for e in errors)
    return Markup(f'<ul class="errorlist" role="alert">{items}</ul>')
