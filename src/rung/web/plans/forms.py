"""Plan forms. Every form that changes a plan carries `base_version`: the version the person
was looking at, so a save based on an older version is refused instead of overwriting."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from django import forms

from rung.core.plan import MAX_FOCUS_MILESTONES
from rung.web.plans.documents import FOCUS_FIELDS

TEXT = forms.Textarea(attrs={"rows": 2})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DAYS = forms.NumberInput(attrs={"min": 1, "max": 90})


class BaseVersionForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)



def _focus_field(name: str, label: str) -> forms.Field:
    if name.endswith("_due"):
        return forms.DateField(label=label.capitalize(), widget=DATE)
    if name.endswith("_interval_days"):
        return forms.IntegerField(label=label.capitalize() + " (days)", min_value=1,
                                  max_value=90, widget=DAYS)
    required = name not in ("weekly_rep", "learning_scope", "stretch_output")
    return forms.CharField(label=label.capitalize(), max_length=1000, required=required,
                           widget=TEXT)


def _rows(milestones: int) -> int:
    """The milestones there are, plus a blank row to add one while there are fewer than two."""
    return max(milestones, min(milestones + 1, MAX_FOCUS_MILESTONES))


def _focus_fields(milestones: int) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {"base_version": forms.IntegerField(
        widget=forms.HiddenInput, min_value=0)}
    for name, _, label in FOCUS_FIELDS:
        fields[name] = _focus_field(name, label)
    for j in range(_rows(milestones)):
        fields[f"m{j}_text"] = forms.CharField(
            label=f"Milestone {j + 1}", required=False, max_length=1000, widget=TEXT,
            help_text="Blank removes it." if j < milestones else "Add a milestone.")
        fields[f"m{j}_due"] = forms.DateField(label="Due", required=False, widget=DATE)
        fields[f"m{j}_threshold"] = forms.CharField(label="Threshold", required=False,
                                                    max_length=500)
    return fields


@functools.lru_cache(maxsize=16)
def _shared_focus_fields(milestones: int) -> dict[str, forms.Field]:
    return _focus_fields(milestones)


class FocusAreaForm(forms.Form):
    """A focus area's activities and milestones; one blank milestone row adds a milestone.

    The field objects are built once per milestone count and shared (read-only) by every
    form: a plan page shows three of these forms, and building ~30 fields each was a
    measurable part of its time.
    """

    def __init__(self, *args: Any, milestones: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = dict(_shared_focus_fields(milestones))
        self.milestone_count = _rows(milestones)

    def activity_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _, _ in FOCUS_FIELDS]

    def milestone_rows(self) -> list[tuple[forms.BoundField, forms.BoundField,
                                           forms.BoundField]]:
        return [(self[f"m{j}_text"], self[f"m{j}_due"], self[f"m{j}_threshold"])
                for j in range(self.milestone_count)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for j in range(self.milestone_count):
            if data.get(f"m{j}_text") and not data.get(f"m{j}_due") \
                    and f"m{j}_due" not in self.errors:
                self.add_error(f"m{j}_due", "Give the milestone a calendar date.")
        return data


class FirstActionForm(BaseVersionForm):
    text = forms.CharField(
        label="The one thing I will do this week", max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A visible action on a focus area in the first five business days.")


class ReplaceFocusForm(BaseVersionForm):
    replace = forms.ChoiceField(label="Replace this focus area")
    with_ = forms.ChoiceField(label="with this competency")
    reason = forms.CharField(label="Why", max_length=300, required=False)

    def __init__(self, *args: Any, focus: list[tuple[str, str]],
                 backlog: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["replace"].choices = focus  # type: ignore[attr-defined]
        self.fields["with_"].choices = backlog  # type: ignore[attr-defined]

    @staticmethod
    def field_for(where: str) -> str | None:
        if where.startswith("pm_choice.replace"):
            return "replace"
        if where.startswith("pm_choice.with"):
            return "with_"
        return None


class GenerateForm(forms.Form):
    start = forms.DateField(label="Cycle start", widget=DATE,
                            help_text="Day 1 of the 90-day cycle (moved to a business day).")

    def __init__(self, *args: Any, default_start: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start"].initial = default_start
