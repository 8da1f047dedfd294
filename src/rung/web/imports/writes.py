"""The import's writes: bulk inserts and updates keyed by natural keys, never per-row queries.

Keys: a person by person id (slug); an assessment by (person, framework, assessed_on); a rating
by (assessment, role) for self and manager and (assessment, peer name, any case) for peers; a
score by (rating, competency); an evidence note by (assessment, competency, text). What the file
does not mention is left alone: nothing is ever deleted.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import User

from rung.core.assessment import Assessment as CoreAssessment
from rung.core.framework import Framework
from rung.web.assessments.models import Assessment, EvidenceNote, Rating, Score
from rung.web.imports import bulk
from rung.web.imports.people_plan import FIELDS, PeoplePlan, StoredPerson, WantedPerson
from rung.web.people.models import Person

CENT = Decimal("0.01")  # Score.score has two decimal places
IMPORT_ROLE = "import"  # EvidenceNote.role of notes from a file (as single-person uploads)


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # (person pk, manager pk before, after) of stored people the file moves to another
    # manager: each is on record and the PM is told (rung.web.people.services.manager_changed).
    moves: list[tuple[int, int | None, int | None]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


# --- people ---------------------------------------------------------------------------------


def write_people(
    plan: PeoplePlan, stored: Mapping[str, StoredPerson]
) -> tuple[Tally, dict[str, int]]:
    """(tally, person id -> pk of everybody stored or created)."""
    tally = Tally()
    slug_of = {p.pk: slug for slug, p in stored.items()}
    new = [w for w in plan.wanted.values() if w.stored is None]
    bulk.insert(User, [_user(w) for w in new])
    # The new logins are the ones without a person yet: no list of names in the query.
    user_of = dict(User.objects.filter(person__isnull=True).values_list("username", "pk"))
    bulk.insert(Person, [
        {"user_id": user_of[w.slug], "slug": w.slug, "name": w.name, "manager_id": None,
         **{f: getattr(w, f) for f in FIELDS}}
        for w in new
    ])
    pk_of = {slug: p.pk for slug, p in stored.items()}
    if new:
        # New people have no manager yet: a superset of them, without a list of ids.
        pk_of.update(Person.objects.filter(manager__isnull=True).values_list("slug", "pk"))
    bulk.update(Person, "manager_id",
                {pk_of[w.slug]: pk_of[w.manager] for w in new if w.manager})
    tally.created = len(new)
    changed_people: list[Person] = []
    changed_users: list[User] = []
    for w in plan.wanted.values():
        s = w.stored
        if s is None:
            continue
        current = slug_of.get(s.manager_id) if s.manager_id is not None else None
        changes = w.changes(current)
        if not changes:
            tally.unchanged += 1
            continue
        tally.updated += 1
        manager_id = pk_of[w.manager] if w.manager else None
        if manager_id != s.manager_id:
            tally.moves.append((s.pk, s.manager_id, manager_id))
        changed_people.append(Person(pk=s.pk, manager_id=manager_id,
                                     **{f: getattr(w, f) for f in FIELDS}))
        if "email" in changes:
            changed_users.append(User(pk=s.user_id, email=w.email))
    if changed_people:
        Person.objects.bulk_update(changed_people, [*FIELDS, "manager"])
    if changed_users:
        User.objects.bulk_update(changed_users, ["email"])
    return tally, pk_of


def _user(w: WantedPerson) -> dict[str, Any]:
    # No password: the admin sets one or the person resets it, so a file never holds secrets.
    # (make_password(None) draws 40 random characters one by one: slow for thousands.)
    return {"username": w.slug, "email": w.email,
            "password": UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)}


# --- assessments, ratings, scores, evidence ------------------------------------------------


@dataclass
class AssessmentTallies:
    assessments: Tally
    ratings: Tally
    scores: Tally
    notes: int = 0


AssessmentKey = tuple[int, str, date]
RatingKey = tuple[int, str, str]


def write_assessments(
    found: Sequence[tuple[CoreAssessment, Framework]],
    pk_of: Mapping[str, int],
    user: User | None,
) -> AssessmentTallies:
    out = AssessmentTallies(Tally(), Tally(), Tally())
    if not found:
        return out
    dates = sorted({a.assessed_on for a, _ in found})
    # One query per table over the file's dates (few, whatever the rows), filtered here.
    stored = {
        (person_id, framework, on): (pk, (level, target, spec))
        for pk, person_id, framework, on, level, target, spec in Assessment.objects.filter(
            assessed_on__in=dates
        ).values_list("pk", "person_id", "framework", "assessed_on", "level", "target_level",
                      "specialization")
    }
    keyed: list[tuple[AssessmentKey, CoreAssessment]] = []
    new: list[dict[str, Any]] = []
    changed: list[Assessment] = []
    touched: set[int] = set()  # stored assessments with a created or updated child
    for core, framework in found:
        key = (pk_of[core.person.id], framework.id, core.assessed_on)
        keyed.append((key, core))
        meta = (core.person.level or "", core.person.target_level or "",
                core.person.specialization or "")
        if key in stored:
            pk, was = stored[key]
            if was != meta:
                changed.append(Assessment(pk=pk, level=meta[0], target_level=meta[1],
                                          specialization=meta[2]))
                touched.add(pk)
            continue
        new.append({"person_id": key[0], "framework": key[1], "assessed_on": key[2],
                    "level": meta[0], "target_level": meta[1], "specialization": meta[2],
                    "created_by_id": user.pk if user else None})
    bulk.insert(Assessment, new)
    if changed:
        Assessment.objects.bulk_update(changed, ["level", "target_level", "specialization"])
    pk_by_key = {k: v[0] for k, v in stored.items()}
    if new:
        pk_by_key = {
            (person_id, framework, on): pk
            for pk, person_id, framework, on in Assessment.objects.filter(
                assessed_on__in=dates).values_list("pk", "person_id", "framework", "assessed_on")
        }
    new_pks = {pk_by_key[(a["person_id"], a["framework"], a["assessed_on"])] for a in new}
    any_stored = len(new) < len(found)
    rating_pks = _write_ratings(keyed, pk_by_key, any_stored, dates, user, out, touched)
    _write_scores(keyed, pk_by_key, rating_pks, any_stored, dates, out, touched)
    out.notes = _write_notes(keyed, pk_by_key, any_stored, dates, touched)
    out.assessments.created = len(new)
    stored_pks = {pk_by_key[k] for k, _ in keyed} - new_pks
    out.assessments.updated = len(stored_pks & touched)
    out.assessments.unchanged = len(stored_pks) - out.assessments.updated
    return out


def _rating_key(assessment: int, role: str, name: str) -> RatingKey:
    return (assessment, role, name.casefold() if role == "peer" else "")


def _write_ratings(
    keyed: Sequence[tuple[AssessmentKey, CoreAssessment]],
    pk_by_key: Mapping[AssessmentKey, int],
    any_stored: bool,
    dates: Iterable[date],
    user: User | None,
    out: AssessmentTallies,
    touched: set[int],
) -> dict[RatingKey, int]:
    stored: dict[RatingKey, tuple[int, str]] = {}
    if any_stored:
        for pk, assessment, role, name in Rating.objects.filter(
            assessment__assessed_on__in=dates
        ).values_list("pk", "assessment_id", "role", "rater_name"):
            stored[_rating_key(assessment, role, name)] = (pk, name)
    new: list[dict[str, Any]] = []
    renamed: list[Rating] = []
    for key, core in keyed:
        assessment = pk_by_key[key]
        for r in core.ratings:
            name = "" if r.rater == "self" else (r.name or "")
            rkey = _rating_key(assessment, r.rater, name)
            if rkey not in stored:
                new.append({"assessment_id": assessment, "role": r.rater, "rater_name": name,
                            "entered_by_id": user.pk if user else None})
                touched.add(assessment)
                continue
            pk, was = stored[rkey]
            if r.rater == "manager" and name and name != was:
                renamed.append(Rating(pk=pk, rater_name=name))
                touched.add(assessment)
            else:
                out.ratings.unchanged += 1
    bulk.insert(Rating, new)
    if renamed:
        Rating.objects.bulk_update(renamed, ["rater_name"])
    out.ratings.created, out.ratings.updated = len(new), len(renamed)
    if not new:
        return {k: v[0] for k, v in stored.items()}
    return {
        _rating_key(assessment, role, name): pk
        for pk, assessment, role, name in Rating.objects.filter(
            assessment__assessed_on__in=dates).values_list("pk", "assessment_id", "role",
                                                           "rater_name")
    }


def _write_scores(
    keyed: Sequence[tuple[AssessmentKey, CoreAssessment]],
    pk_by_key: Mapping[AssessmentKey, int],
    rating_pks: Mapping[RatingKey, int],
    any_stored: bool,
    dates: Iterable[date],
    out: AssessmentTallies,
    touched: set[int],
) -> None:
    stored: dict[tuple[int, str], tuple[int, Decimal]] = {}
    if any_stored:
        for pk, rating, competency, value in Score.objects.filter(
            rating__assessment__assessed_on__in=dates
        ).values_list("pk", "rating_id", "competency", "score"):
            stored[(rating, competency)] = (pk, value.quantize(CENT))
    new: list[dict[str, Any]] = []
    changed: list[Score] = []
    decimal_of: dict[float, Decimal] = {}  # a file repeats a handful of distinct scores
    unchanged = 0
    for key, core in keyed:
        assessment = pk_by_key[key]
        for r in core.ratings:
            name = "" if r.rater == "self" else (r.name or "")
            rating = rating_pks[_rating_key(assessment, r.rater, name)]
            for competency, number in r.scores.items():
                score = decimal_of.get(number)
                if score is None:
                    score = decimal_of[number] = Decimal(str(number)).quantize(CENT)
                was = stored.get((rating, competency))
                if was is None:
                    new.append({"rating_id": rating, "competency": competency,
                                "score": score})
                    touched.add(assessment)
                elif was[1] != score:
                    changed.append(Score(pk=was[0], score=score))
                    touched.add(assessment)
                else:
                    unchanged += 1
    bulk.insert(Score, new)
    if changed:
        Score.objects.bulk_update(changed, ["score"])
    out.scores.created, out.scores.updated, out.scores.unchanged = (
        len(new), len(changed), unchanged)


def _write_notes(
    keyed: Sequence[tuple[AssessmentKey, CoreAssessment]],
    pk_by_key: Mapping[AssessmentKey, int],
    any_stored: bool,
    dates: Iterable[date],
    touched: set[int],
) -> int:
    wanted = [(pk_by_key[key], cid, text) for key, core in keyed
              for cid, notes in core.evidence.items() for text in notes]
    if not wanted:
        return 0
    have: set[tuple[int, str, str]] = set()
    if any_stored:
        have = set(EvidenceNote.objects.filter(assessment__assessed_on__in=dates)
                   .values_list("assessment_id", "competency", "text"))
    new = []
    for note in wanted:
        if note not in have:
            have.add(note)
            new.append({"assessment_id": note[0], "rating_id": None, "competency": note[1],
                        "role": IMPORT_ROLE, "text": note[2]})
            touched.add(note[0])
    bulk.insert(EvidenceNote, new)
    return len(new)
