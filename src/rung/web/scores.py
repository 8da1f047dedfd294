"""One score field for every form that takes a score (ratings, calibration, the day-90 review)
and one check for the API: the framework's scale, in steps of 0.1.

The method allows decimals on its 0-5 scale; one decimal is as fine as a person can judge, and
it is what the engine rounds consensus to, so a score the plan shows (1.7) can always be
entered back unchanged.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from rung.core.framework import Framework

STEP = Decimal("0.1")


def _num(value: float | Decimal) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def scale_text(framework: Framework) -> str:
    scale = framework.scale
    return f"{_num(scale.min)} to {_num(scale.max)} in steps of {STEP}"


def off_step(value: float | Decimal) -> bool:
    try:
        return Decimal(str(value)) % STEP != 0
    except InvalidOperation:
        return True


def step_message(value: float | Decimal) -> str:
    number = Decimal(str(value))
    low = (number / STEP).to_integral_value(rounding="ROUND_FLOOR") * STEP
    return (f"{_num(number)} is finer than a score is given: use one decimal "
            f"({_num(low)} or {_num(low + STEP)})")


def score_problem(value: float | Decimal, framework: Framework) -> str | None:
    """Why `value` is not a score on the framework's scale at its step; None when it is."""
    scale = framework.scale
    if not scale.min <= float(value) <= scale.max:
        return f"{_num(value)} is outside the scale: a score is {scale_text(framework)}"
    if off_step(value):
        return step_message(value)
    return None


class ScoreField(forms.DecimalField):
    """A score on the framework's scale, in steps of 0.1 (the browser is told the same)."""

    def __init__(self, framework: Framework, **kwargs: Any) -> None:
        scale = framework.scale
        kwargs.setdefault("max_digits", 4)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(min_value=Decimal(str(scale.min)), max_value=Decimal(str(scale.max)),
                         **kwargs)
        self.framework = framework
        self.widget.attrs.update({"step": str(STEP), "min": _num(scale.min),
                                  "max": _num(scale.max)})

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and off_step(value):
            raise forms.ValidationError(step_message(value), code="step")
