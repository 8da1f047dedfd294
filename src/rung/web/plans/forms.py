"""Plan forms. Every form that changes a plan carries `base_version`: the version the person
was looking at, so a save based on an older version is refused instead of overwriting."""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from django import forms

from rung.core.plan import MAX_FOCUS_MILESTONES
from rung.web.dates import SupportedDateField
from rung.web.plans.documents import FOCUS_FIELDS

TEXT = forms.Textarea(attrs={"rows": 2})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DAYS = forms.NumberInput(attrs={"min": 1, "max": 90})


class BaseVersionForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)



def _focus_field(name: str, label: str) -> forms.Field:
    if name.endswith("_due"):
        return SupportedDateField(label=label.capitalize(), widget=DATE)
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
        fields[f"m{j}_due"] = SupportedDateField(label="Due", required=False, widget=DATE)
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
    """The PM's swap: nothing preselected, a reason, and a second step that confirms it."""

    replace = forms.ChoiceField(label="Replace this focus area", error_messages={
        "required": "choose the focus area to replace"})
    with_ = forms.ChoiceField(label="with this competency", error_messages={
        "required": "choose the competency to work on instead"})
    reason = forms.CharField(
        label="Why", max_length=300, error_messages={
            "required": "say why: your reason goes into the plan, next to the focus area"},
        help_text="Your reason is written into the plan's rationale.")
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, focus: list[tuple[str, str]],
                 backlog: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["replace"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a focus area"), *focus]
        self.fields["with_"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a competency"), *backlog]

    @staticmethod
    def field_for(where: str) -> str | None:
        if where.startswith("pm_choice.replace"):
            return "replace"
        if where.startswith("pm_choice.with"):
            return "with_"
        return None


class GenerateForm(forms.Form):
    """The cycle's start: from today on, unless the plan records a cycle that already ran."""

    LATEST_DAYS = 365  # a plan further ahead would be built on a stale assessment anyway

    # A plain date field: clean() words the limits of a start (today to a year ahead, not
    # before the assessment); the planner refuses one outside the supported dates.
    start = forms.DateField(label="Cycle start", widget=DATE,
                            help_text="Day 1 of the 90-day cycle (moved to a business day).")
    already_ran = forms.BooleanField(
        label="This cycle already ran: I am recording it afterwards", required=False,
        help_text="Only to write down a past cycle; the plan is labelled as recorded.")

    def __init__(self, *args: Any, default_start: date, today: date,
                 assessed_on: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start"].initial = default_start
        self.today = today
        self.assessed_on = assessed_on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, ran = data.get("start"), data.get("already_ran")
        if start is None:
            return data
        if ran and start >= self.today:
            self.add_error("already_ran", f"a cycle that already ran started before today "
                                          f"({self.today.isoformat()}); untick this box or "
                                          "give its real start")
        elif not ran and start < self.today:
            self.add_error("start", f"{start.isoformat()} is in the past: a cycle starts today "
                                    f"({self.today.isoformat()}) or later. To write down a "
                                    "cycle that already ran, tick the box below")
        if (days := (start - self.today).days) > self.LATEST_DAYS:
            self.add_error("start", f"{start.isoformat()} is {days} days away; start the "
                                    f"cycle within {self.LATEST_DAYS} days, with a fresh "
                                    "assessment")
        if self.assessed_on is not None and start < self.assessed_on:
            self.add_error("start", f"the cycle cannot start before the assessment it is "
                                    f"built from ({self.assessed_on.isoformat()})")
        return data


class RebuildForm(GenerateForm):
    """Confirming a rebuild: the proposal's start, and the version it was shown on."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
