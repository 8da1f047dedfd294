"""Assessment forms: a new assessment, one rater's scores, an upload, a calibration."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings

from rung.core.errors import Problem
from rung.core.framework import Framework
from rung.io.assessments import SUFFIXES
from rung.web.assessments.models import RaterRole
from rung.web.dates import SupportedDateField
from rung.web.scores import ScoreField

TEXTAREA = forms.Textarea(attrs={"rows": 2})


class NewAssessmentForm(forms.Form):
    assessed_on = SupportedDateField(
        initial=date.today, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    upcoming = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Events in the next 90 days a stretch assignment could aim at, one per line: "
                  "2027-01-15 Q1 business review",
    )
    feedback_people = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="People who can give feedback, one per line: Priya Shah, VP Product",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        context: dict[str, Any] = {}
        upcoming = []
        for n, line in enumerate((data.get("upcoming") or "").splitlines(), 1):
            if not line.strip():
                continue
            m = re.match(r"^\s*(\S+)\s+(.+?)\s*$", line)
            if not m:
                self.add_error("upcoming", f"line {n}: write a date and a name, "
                                           "e.g. 2027-01-15 Q1 business review")
                continue
            upcoming.append({"date": m.group(1), "name": m.group(2)})
        if upcoming:
            context["upcoming"] = upcoming
        people = []
        for line in (data.get("feedback_people") or "").splitlines():
            if line.strip():
                name, _, role = line.partition(",")
                people.append({"name": name.strip(), **({"role": role.strip()}
                                                        if role.strip() else {})})
        if people:
            context["feedback_people"] = people
        data["context"] = context
        return data


def context_field(where: str) -> str | None:
    """Map `context.upcoming[1].date` to the form field that holds it."""
    if where.startswith("context.upcoming"):
        return "upcoming"
    if where.startswith("context.feedback_people"):
        return "feedback_people"
    if where.startswith("assessed_on"):
        return "assessed_on"
    return None


def line_message(p: Problem) -> Problem:
    m = re.match(r"context\.\w+\[(\d+)\]", p.where)
    if m:
        return Problem(p.source, p.where, f"line {int(m.group(1)) + 1}: {p.message}")
    return p


def score_field(cid: str) -> str:
    return f"score-{cid}"


def evidence_field(cid: str) -> str:
    return f"evidence-{cid}"


class RatingForm(forms.Form):
    """One rater's scores (the scale in steps of 0.1) and evidence notes, per competency."""

    def __init__(self, *args: Any, framework: Framework, role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.role = role
        if role == RaterRole.PEER:
            self.fields["rater_name"] = forms.CharField(
                max_length=200, label="Peer's name",
                help_text="Kept from the PM: they see peer scores only as the mean of two or "
                          "more peers.")
        for comp in framework.competencies:
            self.fields[score_field(comp.id)] = ScoreField(framework, required=False,
                                                           label=comp.name)
            self.fields[evidence_field(comp.id)] = forms.CharField(
                required=False, max_length=4000, widget=TEXTAREA,
                label=f"Evidence for {comp.name}",
                help_text="One note per line: a specific, recent example.",
            )

    def rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(c, self[score_field(c.id)], self[evidence_field(c.id)])
                for c in self.framework.competencies]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.scores():
            raise forms.ValidationError("Give at least one score.")
        return data

    def scores(self) -> dict[str, Any]:
        return {c.id: self.cleaned_data[score_field(c.id)]
                for c in self.framework.competencies
                if self.cleaned_data.get(score_field(c.id)) is not None}

    def evidence(self) -> dict[str, str]:
        return {c.id: self.cleaned_data.get(evidence_field(c.id)) or ""
                for c in self.framework.competencies}

    def field_for(self, where: str) -> str | None:
        m = re.match(r"ratings\[0\]\.scores\.([\w-]+)", where)
        if m:
            return score_field(m.group(1))
        if where.startswith("ratings[0].name"):
            return "rater_name"
        if where.startswith("ratings["):
            return "rater_name" if self.role == RaterRole.PEER else None
        return None


class UploadForm(forms.Form):
    file = forms.FileField(help_text="CSV or XLSX in the long form (one score per row): "
                                     "download the template below.")

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        suffix = Path(f.name).suffix.lower()
        if suffix not in SUFFIXES:
            hint = " (save it as .xlsx)" if suffix == ".xls" else ""
            raise forms.ValidationError(
                f"'{f.name}' is not a CSV or XLSX file{hint}; upload one of "
                f"{', '.join(SUFFIXES)}")
        if f.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"the file is {f.size // 1024} KB; the limit is "
                f"{settings.MAX_UPLOAD_BYTES // 1024} KB")
        return f


class CalibrationForm(forms.Form):
    competency = forms.ChoiceField()
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                           label="Why this score",
                           help_text="The examples you compared and why you agreed this score.")

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        competency = self.fields["competency"]
        assert isinstance(competency, forms.ChoiceField)
        competency.choices = [(c.id, c.name) for c in framework.competencies]
        self.fields["score"] = ScoreField(framework, label="Agreed score")
        self.order_fields(["competency", "score", "note"])

    @staticmethod
    def field_for(where: str) -> str | None:
        if where.startswith("calibrated"):
            return "score"
        return "note" if where == "note" else None
