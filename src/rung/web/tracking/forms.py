"""Tracking forms, each checked against its plan: dates inside the cycle and not ahead of today,
milestone counts within the focus area's milestones, scores on the framework's scale at its
step. Every problem is a field error, all reported at once; the services check the same rules
again (`tracking.rules`) for any other caller."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms

from rung.core.framework import Framework
from rung.core.plan import FocusArea, Gap
from rung.core.tracking.checkins import BLOCKERS
from rung.web import labels
from rung.web.scores import ScoreField
from rung.web.tracking import rules
from rung.web.tracking.models import CheckInKind

TEXT = forms.Textarea(attrs={"rows": 2})


class Cycle:
    """The plan's dates a form checks against, and today."""

    def __init__(self, start: date, end: date, today: date) -> None:
        self.start, self.end, self.today = start, end, today

    def problem(self, what: str, day: date, **kwargs: Any) -> str | None:
        return rules.happened_on(what, day, start=self.start, end=self.end, today=self.today,
                                 **kwargs)


def _held_on(cycle: Cycle, label: str, late_days: int = 0) -> forms.DateField:
    """A date inside the cycle and not after today; the browser is told the same range."""
    last = min(cycle.today, cycle.end + timedelta(days=late_days))
    return forms.DateField(label=label, initial=min(cycle.today, cycle.end),
                           widget=forms.DateInput(format="%Y-%m-%d", attrs={
                               "type": "date", "min": cycle.start.isoformat(),
                               "max": last.isoformat()}))


def _met(fa: FocusArea) -> forms.IntegerField:
    total = len(fa.milestones)
    return forms.IntegerField(
        label=f"Milestones met (of {total})", initial=0, min_value=0, required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": total}))


class CheckInForm(forms.Form):
    """A check-in: per focus area a colour, the milestones met, a typed blocker, a note."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    kind = forms.ChoiceField(label="Kind", choices=CheckInKind.choices,
                             initial=CheckInKind.MONTHLY)
    apply_remedies = forms.BooleanField(
        required=False, label="Write the remedy of each blocked focus area into the plan")
    adjustments = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        label="Other adjustments to the plan (one per line)")

    def __init__(self, *args: Any, focus: Sequence[FocusArea], cycle: Cycle,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.focus, self.cycle = tuple(focus), cycle
        self.fields["held_on"] = _held_on(cycle, "Held on")
        for i, fa in enumerate(self.focus):
            self.fields[f"rag-{i}"] = forms.ChoiceField(
                label=f"How {fa.name} is going",
                choices=[(r, labels.rag(r)) for r in rules.RAGS])
            self.fields[f"met-{i}"] = _met(fa)
            self.fields[f"blocker-{i}"] = forms.ChoiceField(
                label="Blocker", required=False,
                choices=[("", "Nothing blocks it"), *((b, labels.BLOCKER[b]) for b in BLOCKERS)])
            self.fields[f"note-{i}"] = forms.CharField(label="Note", required=False,
                                                       max_length=2000, widget=TEXT)

    def rows(self) -> list[tuple[FocusArea, list[forms.BoundField]]]:
        return [(fa, [self[f"{k}-{i}"] for k in ("rag", "met", "blocker", "note")])
                for i, fa in enumerate(self.focus)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (held := data.get("held_on")) and (problem := self.cycle.problem(
                "check-in", held, after_end="record how the cycle went in the day-90 "
                                            "review")):
            self.add_error("held_on", problem)
        for i, fa in enumerate(self.focus):
            met = data.get(f"met-{i}")
            if met is not None and (problem := rules.milestones_met(met, len(fa.milestones),
                                                                    fa.name)):
                self.add_error(f"met-{i}", problem)
        return data

    def focus_rows(self) -> list[dict[str, Any]]:
        d = self.cleaned_data
        return [{"competency": fa.competency, "rag": d[f"rag-{i}"],
                 "blocker": d[f"blocker-{i}"], "note": d[f"note-{i}"],
                 "milestones_met": d[f"met-{i}"] or 0}
                for i, fa in enumerate(self.focus)]


class ReviewForm(forms.Form):
    """The manager's day-90 review: their score now, milestones met, what was attempted."""

    def __init__(self, *args: Any, focus: Sequence[tuple[FocusArea, Gap]],
                 framework: Framework, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.focus, self.cycle = tuple(focus), cycle
        self.fields["held_on"] = _held_on(cycle, "Held on", rules.LATE_REVIEW_DAYS)
        for i, (fa, gap) in enumerate(self.focus):
            self.fields[f"after-{i}"] = ScoreField(
                framework, label=f"Score now for {fa.name}", required=False,
                initial=Decimal(str(gap.current)),
                help_text=f"Was {gap.current:.1f}, target {gap.target:.1f}; blank keeps it.")
            self.fields[f"met-{i}"] = _met(fa)
            self.fields[f"attempted-{i}"] = forms.BooleanField(
                label="The activities were attempted", required=False)
            self.fields[f"practice-{i}"] = forms.BooleanField(
                label="The stretch assignment gave real practice", required=False)

    def rows(self) -> list[tuple[FocusArea, Gap, list[forms.BoundField]]]:
        return [(fa, gap, [self[f"{k}-{i}"] for k in ("after", "met", "attempted", "practice")])
                for i, (fa, gap) in enumerate(self.focus)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (held := data.get("held_on")) and (problem := self.cycle.problem(
                "day-90 review", held, late_days=rules.LATE_REVIEW_DAYS,
                after_end=f"hold the review within {rules.LATE_REVIEW_DAYS} days of the end")):
            self.add_error("held_on", problem)
        for i, (fa, _) in enumerate(self.focus):
            met = data.get(f"met-{i}")
            if met is not None and (problem := rules.milestones_met(met, len(fa.milestones),
                                                                    fa.name)):
                self.add_error(f"met-{i}", problem)
        return data

    def rescored(self) -> dict[str, float]:
        return {fa.competency: float(score) for i, (fa, _) in enumerate(self.focus)
                if (score := self.cleaned_data.get(f"after-{i}")) is not None}

    def milestones(self) -> dict[str, int]:
        return {fa.competency: self.cleaned_data.get(f"met-{i}") or 0
                for i, (fa, _) in enumerate(self.focus)}

    def attempts(self) -> dict[str, tuple[bool, bool]]:
        d = self.cleaned_data
        return {fa.competency: (bool(d.get(f"attempted-{i}")), bool(d.get(f"practice-{i}")))
                for i, (fa, _) in enumerate(self.focus)}


class SelfScoreForm(forms.Form):
    """The PM's own score now per focus competency: their self-rating for the next cycle."""

    def __init__(self, *args: Any, focus: Sequence[tuple[FocusArea, float | None]],
                 framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.focus = tuple(focus)
        for i, (fa, own) in enumerate(self.focus):
            self.fields[f"self-{i}"] = ScoreField(
                framework, label=f"My score now for {fa.name}", required=False,
                initial=Decimal(str(own)) if own is not None else None,
                help_text=(f"Starts from your last score, {own:.1f}." if own is not None
                           else "You did not rate it last time."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.scores():
            raise forms.ValidationError("Give at least one score.")
        return data

    def scores(self) -> dict[str, float]:
        return {fa.competency: float(score) for i, (fa, _) in enumerate(self.focus)
                if (score := self.cleaned_data.get(f"self-{i}")) is not None}


class FeedbackForm(forms.Form):
    """One observation from a feedback provider: when, the situation, what to keep or change."""

    situation = forms.CharField(label="Situation", max_length=2000, widget=TEXT)
    went_well = forms.CharField(label="What went well", required=False, max_length=2000,
                                widget=TEXT)
    to_change = forms.CharField(label="What to change next time", required=False,
                                max_length=2000, widget=TEXT)

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.fields["observed_on"] = _held_on(cycle, "Observed on")
        self.order_fields(["observed_on", "situation", "went_well", "to_change"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (day := data.get("observed_on")) and (problem := self.cycle.problem(
                "observation", day)):
            self.add_error("observed_on", problem)
        if data.get("situation") and not (data.get("went_well") or data.get("to_change")):
            self.add_error("went_well", "write what went well, what to change, or both")
        return data
