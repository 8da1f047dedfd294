"""rung.io problems (`Problem(source, where, message)`) as field-level Django form errors."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms

from rung.core.errors import Problem


def add_problems(
    form: forms.Form,
    problems: Iterable[Problem],
    field_for: Callable[[str], str | None],
) -> None:
    """Attach each problem to the field `field_for(where)` names (None: to the whole form)."""
    for p in problems:
        field = field_for(p.where)
        if field is not None and field in form.fields:
            form.add_error(field, p.message)
        else:
            where = "" if p.where in ("file", "plan", "<file>") else f"{p.where}: "
            form.add_error(field if field in form.fields else None, f"{where}{p.message}")
