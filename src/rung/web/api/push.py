"""Pushing an assessment through the API: the contract's JSON, checked by rung.io, written by
the assessment services, all or nothing.

A push adds the caller's ratings to the person's assessment of `assessed_on` (made by the
first push of that date), so the PM and the manager can each push their own side, as on the
rating pages. A rater pushed again replaces that rater's scores and notes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from rung.core.assessment import Rating as CoreRating
from rung.core.errors import InputError, Problem
from rung.io.assessments import assessment_from_dict
from rung.web.assessments.engine import assessment_data, stored_ratings
from rung.web.assessments.models import Assessment
from rung.web.assessments.services import assessment_create, future_problem, rating_save
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person
from rung.web.people.selectors import Relation
from rung.web.scores import off_step, step_message

SOURCE = "request body"
# The contract's deepest value is four levels down (context.feedback_people[0].competencies);
# a body nested far deeper is refused before anything walks it (Python's recursion limit).
MAX_DEPTH = 16
# Who enters which rating, exactly as on the rating pages: the PM their own, the manager
# theirs and the peers' (peers do not use rung to rate).
MAY_PUSH: dict[Relation, tuple[str, ...]] = {"self": ("self",), "manager": ("manager", "peer")}
OWN_ROLE: dict[Relation, str] = {"self": "self", "manager": "manager"}
ELSEWHERE = {
    "calibrated": "agreed scores are recorded on the assessment's calibration page, with why",
    "pm_choice": "the PM swaps a focus area on the plan page",
    "first_action": "the PM writes the first action on the plan page",
}


@dataclass(frozen=True)
class Pushed:
    assessment: Assessment
    created: bool
    ratings: tuple[tuple[str, str], ...]  # (rater, name) as stored


def nesting_problem(data: Any) -> Problem | None:
    """A problem when the parsed body nests lists/objects deeper than MAX_DEPTH (iterative, so
    the check itself never recurses)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return _problem("body", f"nested more than {MAX_DEPTH} levels deep; send the "
                            "assessment in its documented shape (docs/api.md)")
        children = (value.values() if isinstance(value, dict)
                    else value if isinstance(value, list) else ())
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, dict | list))
    return None


def _problem(where: str, message: str) -> Problem:
    return Problem(SOURCE, where, message)


def _role(entry: Any) -> str | None:
    rater = entry.get("rater") if isinstance(entry, dict) else None
    return rater.strip().lower() if isinstance(rater, str) else None


def _name(entry: Any) -> str:
    name = entry.get("name") if isinstance(entry, dict) else None
    return name.strip() if isinstance(name, str) else ""


def refused_raters(data: Any, by: Relation, person: Person) -> list[Problem]:
    """Ratings this caller may not enter (answered 403: the pages would not let them)."""
    ratings = data.get("ratings") if isinstance(data, dict) else None
    if not isinstance(ratings, list):
        return []
    allowed = MAY_PUSH[by]
    whose = {"self": f"{person.name} enters their own self rating",
             "manager": f"{person.name}'s manager enters the manager rating",
             "peer": f"{person.name}'s manager enters peer ratings"}
    return [
        _problem(f"ratings[{i}].rater", f"{whose[role]}; with your token you may push: "
                 + ", ".join(allowed))
        for i, entry in enumerate(ratings)
        if (role := _role(entry)) in whose and role not in allowed
    ]


def off_step_scores(data: dict[str, Any]) -> list[Problem]:
    """Scores finer than the one step every form takes (rung.io checks the rest)."""
    ratings = data.get("ratings")
    problems = []
    for i, entry in enumerate(ratings if isinstance(ratings, list) else []):
        scores = entry.get("scores") if isinstance(entry, dict) else None
        for cid, value in (scores.items() if isinstance(scores, dict) else ()):
            number = _number(value)
            if number is not None and off_step(number):
                problems.append(_problem(f"ratings[{i}].scores.{cid}", step_message(number)))
    return problems


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if isinstance(value, str) else None
    except ValueError:
        return None


def _own_checks(person: Person, data: dict[str, Any], by: Relation,
                existing: Assessment | None) -> list[Problem]:
    problems = [_problem(key, f"not taken by the API: {why}")
                for key, why in ELSEWHERE.items() if key in data]
    fw = data.get("framework")
    if fw is not None and fw != person.framework:
        problems.append(_problem("framework", f"{person.name} is assessed against "
                                 f"'{person.framework}'; send that id or leave framework out"))
    who = data.get("person")
    if who is not None and not (isinstance(who, dict) and who.get("id") == person.slug):
        problems.append(_problem("person.id", f"this URL is {person.name}'s; send "
                                 f"person.id '{person.slug}' or leave person out"))
    problems += off_step_scores(data)
    own = OWN_ROLE[by]
    ratings = data.get("ratings")
    if ratings == [] and existing is not None:
        # rung.io sees the merged ratings (the stored ones too); a push of none adds nothing.
        problems.append(_problem("ratings", "empty; add at least one rating, e.g. "
                                 "{rater: self, scores: {...}}"))
    if data.get("evidence") and not (isinstance(ratings, list)
                                     and any(_role(r) == own for r in ratings)):
        problems.append(_problem("evidence", f"evidence notes are kept with your own rating: "
                                 f"add a rating with rater: {own}, or leave evidence out"))
    if existing is not None and "context" in data and data["context"] != json.loads(
            existing.context or "{}"):
        problems.append(_problem("context", f"the assessment of "
                                 f"{existing.assessed_on.isoformat()} already has its context "
                                 "(from its first push); leave context out to add ratings"))
    return problems


def _contract(person: Person, data: dict[str, Any], existing: Assessment | None
              ) -> dict[str, Any]:
    """The pushed data as one whole assessment: the caller's ratings first (so problems keep
    the body's indexes), then the ratings the assessment of that date already holds."""
    pushed = data.get("ratings")
    merged = dict(data)
    if existing is not None:
        base = assessment_data(existing)
        replaced = ({(_role(r), _name(r) if _role(r) == "peer" else "") for r in pushed}
                    if isinstance(pushed, list) else set())
        kept = [r for r in stored_ratings(existing)
                if (r["rater"], r.get("name", "") if r["rater"] == "peer" else "")
                not in replaced]
        if isinstance(pushed, list):
            merged["ratings"] = [*pushed, *kept]
        merged["context"] = base.get("context", {})
    else:
        base = {"person": {"id": person.slug, "name": person.name,
                           "level": person.level or None,
                           "target_level": person.target_level or None,
                           "specialization": person.specialization or None}}
    merged["person"] = base["person"]
    merged["framework"] = person.framework
    return merged


def assessment_push(*, person: Person, data: Any, by: Relation, user: User) -> Pushed:
    """Validate everything first (every problem at once), then write in one transaction."""
    framework = get_framework(person.framework)
    if not isinstance(data, dict):
        assessment_from_dict(data, SOURCE, framework=framework)  # raises: "top level"
        raise AssertionError("unreachable")
    with transaction.atomic():
        # Two pushes for one person queue here, so they never make two assessments of a day.
        Person.objects.select_for_update().only("pk").get(pk=person.pk)
        day = _iso(data.get("assessed_on"))
        existing = (Assessment.objects.filter(person=person, assessed_on=day)
                    .select_related("person__manager").order_by("-id").first()
                    if day else None)
        problems = _own_checks(person, data, by, existing)
        if day is not None and (future := future_problem(SOURCE, "assessed_on", day)):
            problems.append(future)
        try:
            core, _ = assessment_from_dict(_contract(person, data, existing), SOURCE,
                                           framework=framework)
        except InputError as exc:
            problems += exc.problems
        if problems:
            raise InputError(problems)
        assessment = existing or assessment_create(
            person=person, framework=framework, assessed_on=core.assessed_on, created_by=user,
            context=data.get("context") or {})
        pushed: list[CoreRating] = list(core.ratings[:len(data["ratings"])])
        own = OWN_ROLE[by]
        evidence = {cid: "\n".join(notes) for cid, notes in core.evidence.items()}
        for r in pushed:
            rating_save(
                assessment=assessment, framework=framework, role=r.rater,
                scores={cid: Decimal(str(v)) for cid, v in r.scores.items()},
                evidence=evidence if r.rater == own else {}, entered_by=user,
                rater_name=r.name or "")
    return Pushed(assessment=assessment, created=existing is None,
                  ratings=tuple((r.rater, r.name or "" if r.rater == "peer" else "")
                                for r in pushed))
