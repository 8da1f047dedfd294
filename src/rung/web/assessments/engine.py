"""The bridge from stored assessments to the engine: one dict in the contract's shape.

Stored rows become the assessment-file shape of DESIGN.md section 4 and go through
`rung.io.assessments.assessment_from_dict`, so the web app validates exactly like the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rung.core.assessment import Assessment as CoreAssessment
from rung.core.framework import Framework
from rung.io.assessments import assessment_from_dict
from rung.web.assessments.models import (
    Assessment,
    CalibrationRecord,
    EvidenceNote,
    RaterRole,
    Rating,
)


def _num(value: Any) -> float:
    return float(value)


def rating_entry(role: str, name: str, scores: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"rater": role, "scores": {k: _num(v) for k, v in scores.items()}}
    if name:
        entry["name"] = name
    return entry


def assessment_data(
    assessment: Assessment,
    *,
    ratings: Iterable[dict[str, Any]] | None = None,
    pm_choice: dict[str, str] | None = None,
    first_action: str | None = None,
) -> dict[str, Any]:
    """The contract dict for a stored assessment; `ratings` replaces the stored ones."""
    person = assessment.person
    if ratings is None:
        ratings = stored_ratings(assessment)
    evidence: dict[str, list[str]] = {}
    for note in _notes(assessment):
        if note.role != RaterRole.PEER:  # a peer's words could name them: kept from the plan
            evidence.setdefault(note.competency, []).append(note.text)
    data: dict[str, Any] = {
        "person": {
            "id": person.slug,
            "name": person.name,
            "level": assessment.level or None,
            "target_level": assessment.target_level or None,
            "specialization": assessment.specialization or None,
            "manager": person.manager.name if person.manager else None,
            "country": assessment.country or person.country or None,
        },
        "framework": assessment.framework,
        "assessed_on": assessment.assessed_on.isoformat(),
        "ratings": [r for r in ratings if r["scores"]],
        "evidence": evidence,
        "calibrated": {c.competency: _num(c.score) for c in _calibrations(assessment)},
    }
    context = json.loads(assessment.context or "{}")
    if person.product_area and not context.get("product_area"):
        context["product_area"] = person.product_area
    if context:
        data["context"] = context
    if pm_choice:
        data["pm_choice"] = pm_choice
    if first_action:
        data["first_action"] = first_action
    return data


def stored_ratings(assessment: Assessment) -> list[dict[str, Any]]:
    out = []
    manager_name = assessment.person.manager.name if assessment.person.manager else ""
    for rating in _ratings(assessment):
        name = rating.rater_name
        if rating.role == RaterRole.MANAGER and not name:
            name = manager_name
        out.append(rating_entry(rating.role, name,
                                {s.competency: s.score for s in rating.scores.all()}))
    return out


def core_assessment(
    assessment: Assessment, framework: Framework, **kwargs: Any
) -> CoreAssessment:
    """The engine's Assessment; raises rung.core.errors.InputError when it is not valid."""
    data = assessment_data(assessment, **kwargs)
    core, _ = assessment_from_dict(data, f"assessment {assessment.pk}", framework=framework)
    return core


def _ratings(assessment: Assessment) -> list[Rating]:
    return list(assessment.ratings.all())


def _notes(assessment: Assessment) -> list[EvidenceNote]:
    return list(assessment.evidence.all())


def _calibrations(assessment: Assessment) -> list[CalibrationRecord]:
    return list(assessment.calibrations.all())
