"""Dates typed into a form or a query string: only those rung supports (rung.core.dates)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from rung.core.dates import UnsupportedDate, parse_supported, supported


def validate_supported(value: date) -> None:
    try:
        supported(value)
    except UnsupportedDate as exc:
        raise ValidationError(str(exc)) from None


class SupportedDateField(forms.DateField):
    """A date field that refuses dates outside EARLIEST..LATEST with the range named."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(validate_supported)


def query_date(value: str | None) -> date | None:
    """A ?param=YYYY-MM-DD date, or None when absent, malformed or out of range."""
    try:
        return parse_supported(value or "")
    except ValueError:
        return None
