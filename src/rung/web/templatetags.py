"""Template filters available in every template (registered as a builtin in settings)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from rung.core.lint import RULES

register = template.Library()


@register.filter
def score(value: Any) -> str:
    """A score with one decimal, or an en dash when there is none."""
    if value is None or value == "":
        return "–"
    return f"{float(value):.1f}"


@register.filter
def get(mapping: Mapping[str, Any] | None, key: str) -> Any:
    return (mapping or {}).get(key)


@register.filter
def rule_title(code: str) -> str:
    return RULES.get(code, ("", code))[1]


@register.filter
def field(bound: Any) -> Any:
    """`{{ form.x|field }}`: the field rendered in Python (see rung.web.fields)."""
    from rung.web.fields import field_html

    return field_html(bound)


@register.filter
def errlist(errors: Any) -> Any:
    """A form's non-field errors, rendered without a template (empty: nothing)."""
    from html import escape

    from django.utils.safestring import mark_safe

    if not errors:
        return ""
    items = "".join(f"<li>{escape(str(e))}</li>" for e in errors)
    return mark_safe(f'<ul class="errorlist nonfield">{items}</ul>')


@register.simple_tag
def once_input() -> Any:
    """`{% once_input %}`: a create form's one-time key (see rung.web.once)."""
    from rung.web.once import once_input as make

    return make()
