"""Writes of assessments. Each function validates through rung.io first and writes in one
transaction, so bad input raises `InputError` (with per-field problems) and saves nothing."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from rung.core.assessment import Assessment as CoreAssessment
from rung.core.assessment import Context
from rung.core.dates import LATEST
from rung.core.errors import InputError, Problem
from rung.core.framework import Framework
from rung.io.assessments import SUFFIXES, assessment_from_dict, load_assessments
from rung.io.frameworks import BUILTIN_FRAMEWORKS
from rung.web.assessments.engine import assessment_data, rating_entry, stored_ratings
from rung.web.assessments.models import (
    Assessment,
    CalibrationRecord,
    EvidenceNote,
    RaterRole,
    Rating,
    Score,
)
from rung.web.people.frameworks import framework_file
from rung.web.people.models import FrameworkEntry, Person

NEW_RATING = "ratings[0]"  # where a rating being saved sits in the data checked by rung.io


def _source(assessment: Assessment | None) -> str:
    return f"assessment {assessment.pk}" if assessment is not None else "<new assessment>"


def future_problem(source: str, where: str, assessed_on: date) -> Problem | None:
    """An assessment records scores already given: it is never dated after today."""
    today = timezone.localdate()
    if assessed_on <= today or assessed_on > LATEST:  # beyond LATEST: the loader says so
        return None
    return Problem(source, where, f"{assessed_on.isoformat()} is in the future; an assessment "
                   f"records scores already given: date it {today.isoformat()} or earlier")


def check_context(
    *, person: Person, framework: Framework, assessed_on: date, context: Mapping[str, Any]
) -> list[Problem]:
    """Problems in a new assessment's date and context, checked by rung.io's own models."""
    future = future_problem("<new assessment>", "assessed_on", assessed_on)
    problems = [future] if future else []
    placeholder = {framework.competencies[0].id: framework.scale.min}
    data = {
        "person": {"id": person.slug, "name": person.name},
        "framework": framework.id,
        "assessed_on": assessed_on.isoformat(),
        "ratings": [{"rater": "self", "scores": placeholder}],
        "context": dict(context),
    }
    try:
        assessment_from_dict(data, "<new assessment>", framework=framework)
    except InputError as exc:
        problems += [p for p in exc.problems if p.where.startswith(("context", "assessed_on"))]
    return problems


def assessment_create(
    *,
    person: Person,
    framework: Framework,
    assessed_on: date,
    created_by: User,
    context: Mapping[str, Any] | None = None,
    specialization: str | None = None,
    country: str | None = None,
) -> Assessment:
    problems = check_context(person=person, framework=framework, assessed_on=assessed_on,
                             context=context or {})
    if problems:
        raise InputError(problems)
    return Assessment.objects.create(
        person=person,
        framework=person.framework,
        assessed_on=assessed_on,
        level=person.level,
        target_level=person.target_level,
        specialization=person.specialization if specialization is None else specialization,
        country=person.country if country is None else country,
        context=json.dumps(dict(context or {}), ensure_ascii=False),
        created_by=created_by,
    )


def rating_save(
    *,
    assessment: Assessment,
    framework: Framework,
    role: str,
    scores: Mapping[str, Decimal],
    evidence: Mapping[str, str],
    entered_by: User,
    rater_name: str = "",
) -> Rating:
    """Create or replace one rater's scores and evidence notes (a peer is keyed by name)."""
    if role != RaterRole.PEER:
        rater_name = ""
    new = rating_entry(role, rater_name, dict(scores))
    others = [
        r for r in stored_ratings(assessment)
        if not (r["rater"] == role and (role != RaterRole.PEER or r.get("name") == rater_name))
    ]
    data = assessment_data(assessment, ratings=[new, *others])
    assessment_from_dict(data, _source(assessment), framework=framework)  # raises InputError
    with transaction.atomic():
        rating, _ = Rating.objects.update_or_create(
            assessment=assessment, role=role, rater_name=rater_name,
            defaults={"entered_by": entered_by},
        )
        rating.scores.all().delete()
        Score.objects.bulk_create(
            [Score(rating=rating, competency=cid, score=value) for cid, value in scores.items()]
        )
        rating.notes.all().delete()
        EvidenceNote.objects.bulk_create(
            [
                EvidenceNote(assessment=assessment, rating=rating, competency=cid, role=role,
                             text=line.strip())
                for cid, text in evidence.items()
                for line in text.splitlines()
                if line.strip()
            ]
        )
    return rating


def calibration_record(
    *,
    assessment: Assessment,
    framework: Framework,
    competency: str,
    score: Decimal,
    note: str,
    recorded_by: User,
) -> CalibrationRecord:
    """Record the score self and manager agreed; it becomes `calibrated` for the engine."""
    problems = []
    if not note.strip():
        problems.append(Problem(_source(assessment), "note",
                                "write down why you agreed this score"))
    data = assessment_data(assessment)
    data["calibrated"] = {**data["calibrated"], competency: float(score)}
    try:
        assessment_from_dict(data, _source(assessment), framework=framework)
    except InputError as exc:
        problems += [p for p in exc.problems if p.where.startswith("calibrated")]
    if problems:
        raise InputError(problems)
    record, _ = CalibrationRecord.objects.update_or_create(
        assessment=assessment, competency=competency,
        defaults={"score": score, "note": note.strip(), "recorded_by": recorded_by},
    )
    return record


# --- uploads --------------------------------------------------------------------------------


def framework_ref(key: str) -> str:
    """What rung.io's loaders take for a person's framework: a built-in id or a file path."""
    if key in BUILTIN_FRAMEWORKS:
        return key
    entry = FrameworkEntry.objects.get(key=key)
    return str(framework_file(entry.key, entry.document, entry.suffix))


def assessment_import(
    *, person: Person, content: bytes, filename: str, created_by: User
) -> Assessment:
    """One person's assessment from an uploaded CSV/XLSX (or YAML/JSON) file, all or nothing.

    The person's framework always applies (a `framework` column or key in the file is
    ignored, so an upload cannot make the server read other files).
    """
    suffix = Path(filename).suffix.lower()
    source = Path(filename).name or "upload"
    if suffix not in SUFFIXES:
        raise InputError([Problem(source, "file", f"unsupported file type '{suffix}'; "
                                  f"upload one of {', '.join(SUFFIXES)}")])
    with tempfile.TemporaryDirectory(prefix="rung-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            found = load_assessments(path, framework_override=framework_ref(person.framework))
        except InputError as exc:
            raise InputError([Problem(source, p.where, p.message) for p in exc.problems]) from exc
    problems = [
        Problem(source, "person_id", f"the file holds '{core.person.id}'; upload only "
                f"{person.name}'s scores (person_id {person.slug})")
        for core, _ in found if core.person.id != person.slug
    ]
    if len(found) != 1 and not problems:
        problems.append(Problem(source, "file", "expected one assessment of "
                                f"{person.name}, found {len(found)}"))
    problems += [p for core, _ in found
                 if (p := future_problem(source, "assessed_on", core.assessed_on))]
    if problems:
        raise InputError(problems)
    core, _ = found[0]
    with transaction.atomic():
        return _store(person, core, created_by)


def _store(person: Person, core: CoreAssessment, user: User) -> Assessment:
    assessment = Assessment.objects.create(
        person=person,
        framework=person.framework,
        assessed_on=core.assessed_on,
        level=core.person.level or "",
        target_level=core.person.target_level or "",
        specialization=core.person.specialization or "",
        country=core.person.country or person.country,
        context=json.dumps(_context_dict(core.context), ensure_ascii=False),
        created_by=user,
    )
    for r in core.ratings:
        rating = Rating.objects.create(
            assessment=assessment, role=r.rater,
            rater_name=(r.name or "") if r.rater != "self" else "", entered_by=user,
        )
        Score.objects.bulk_create([
            Score(rating=rating, competency=cid, score=Decimal(str(value)))
            for cid, value in r.scores.items()
        ])
    EvidenceNote.objects.bulk_create([
        EvidenceNote(assessment=assessment, competency=cid, role="import", text=text)
        for cid, notes in core.evidence.items() for text in notes
    ])
    CalibrationRecord.objects.bulk_create([
        CalibrationRecord(assessment=assessment, competency=cid, score=Decimal(str(value)),
                          note="Agreed score from the uploaded file", recorded_by=user)
        for cid, value in core.calibrated.items()
    ])
    return assessment


def _context_dict(context: Context) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if context.product_area:
        out["product_area"] = context.product_area
    if context.company:
        out["company"] = context.company
    if context.upcoming:
        # A kind given in the file is kept; one read from the name is read again next time.
        out["upcoming"] = [{"name": e.name, "date": e.date.isoformat(),
                            **({"kind": e.kind} if e.kind and not e.kind_inferred else {})}
                           for e in context.upcoming]
    if context.feedback_people:
        out["feedback_people"] = [
            {"name": f.name, **({"role": f.role} if f.role else {}),
             **({"competencies": list(f.competencies)} if f.competencies else {})}
            for f in context.feedback_people
        ]
    return out
