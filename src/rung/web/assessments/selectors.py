"""Reads of assessments, through the privacy rule of `people.selectors`."""

from __future__ import annotations

import contextlib
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from rung.core.consensus import CALIBRATION_THRESHOLD, build_consensus
from rung.core.errors import InputError
from rung.core.framework import Framework
from rung.core.plan import MIN_PEERS_COUNTED, CompetencyConsensus
from rung.web.assessments.engine import core_assessment
from rung.web.assessments.models import Assessment, RaterRole, Rating
from rung.web.people.models import Person
from rung.web.people.selectors import BOTH, AnyUser, Relation, scope

# Peer scores reach the PM only as the mean of at least this many peers (the engine's rule).
MIN_PEERS_FOR_PM = MIN_PEERS_COUNTED


def get_assessment_for_user(
    user: AnyUser, assessment_id: int, *, as_: Collection[Relation] = BOTH
) -> Assessment:
    found = (
        Assessment.objects.select_related("person", "person__manager", "person__user")
        .prefetch_related("ratings__scores", "evidence", "calibrations")
        .filter(scope(user, "person__", as_), pk=assessment_id)
        .first()
    )
    if found is None:
        raise Http404("No such assessment")
    return found


def assessments_of(person: Person) -> QuerySet[Assessment]:
    return Assessment.objects.filter(person=person).order_by("-assessed_on", "-id")


def with_ratings(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Only assessments someone has rated: a just-started, empty one is never the "latest"
    (it would hide the last real one from plans, dashboards and team views)."""
    return assessments.filter(Exists(Rating.objects.filter(assessment=OuterRef("pk"))))


def latest_assessment(person: Person) -> Assessment | None:
    return (
        with_ratings(Assessment.objects.filter(person=person))
        .select_related("person", "person__manager")
        .prefetch_related("ratings__scores", "evidence", "calibrations")
        .order_by("-assessed_on", "-id")
        .first()
    )


def has_self_rating(assessment: Assessment) -> bool:
    """Whether the PM gave their own scores (their ratings are prefetched by the selectors)."""
    return any(r.role == RaterRole.SELF for r in assessment.ratings.all())


def is_blind(assessment: Assessment, viewer: Relation) -> bool:
    """The PM sees nobody else's scores or evidence for an assessment until they have given
    their own self-rating for it: the method asks for independent scores, and seeing the
    manager's first anchors the PM's."""
    return viewer == "self" and not has_self_rating(assessment)


@dataclass(frozen=True)
class Row:
    """One competency of an assessment as a viewer may see it."""

    id: str
    name: str
    self: float | None
    manager: float | None
    peers: float | None  # None when hidden from the PM (fewer than two peers) or unrated
    peer_count: int
    peers_hidden: bool
    divergence: float | None
    divergent: bool  # self and manager 2+ points apart (the engine's threshold)
    needs_calibration: bool  # divergent and no agreed score yet
    calibrated: float | None
    calibration_note: str
    evidence: tuple[str, ...]


def assessment_rows(
    assessment: Assessment, framework: Framework, *, viewer: Relation
) -> list[Row]:
    """Per competency: self, manager, peer aggregate (privacy applied), evidence, calibration.

    While the PM has not rated themselves (`is_blind`), their rows carry nothing of anybody
    else's: no score, divergence, agreed score or evidence.
    """
    if is_blind(assessment, viewer):
        return [Row(id=c.id, name=c.name, self=None, manager=None, peers=None, peer_count=0,
                    peers_hidden=False, divergence=None, divergent=False,
                    needs_calibration=False, calibrated=None, calibration_note="",
                    evidence=()) for c in framework.competencies]
    consensus: dict[str, CompetencyConsensus] = {}
    with contextlib.suppress(InputError):  # nothing rated yet
        consensus = {c.id: c for c in build_consensus(core_assessment(assessment, framework),
                                                      framework)}
    calibrated = {c.competency: c for c in assessment.calibrations.all()}
    notes: dict[str, list[str]] = {}
    for note in assessment.evidence.all():
        if viewer == "self" and note.role == RaterRole.PEER:
            continue
        notes.setdefault(note.competency, []).append(note.text)
    rows = []
    for comp in framework.competencies:
        c = consensus.get(comp.id)
        cal = calibrated.get(comp.id)
        count = c.peer_count if c else 0
        hidden = viewer == "self" and 0 < count < MIN_PEERS_FOR_PM
        rows.append(Row(
            id=comp.id,
            name=comp.name,
            self=c.self if c else None,
            manager=c.manager if c else None,
            peers=None if hidden or c is None else c.peers,
            peer_count=count,
            peers_hidden=hidden,
            divergence=c.divergence if c else None,
            divergent=bool(c and c.divergence is not None
                           and c.divergence >= CALIBRATION_THRESHOLD),
            needs_calibration=bool(c and c.needs_calibration),
            calibrated=float(cal.score) if cal else None,
            calibration_note=cal.note if cal else "",
            evidence=tuple(notes.get(comp.id, ())),
        ))
    return rows


def peer_ratings(assessment: Assessment) -> list[dict[str, Any]]:
    """Each peer's rating, named: for the manager only (the PM sees the aggregate)."""
    return [
        {"name": r.rater_name, "scores": {s.competency: float(s.score) for s in r.scores.all()}}
        for r in assessment.ratings.all()
        if r.role == RaterRole.PEER
    ]


def rating_of(assessment: Assessment, role: str, rater_name: str = "") -> dict[str, Any]:
    for r in assessment.ratings.all():
        if r.role == role and (role != RaterRole.PEER or r.rater_name == rater_name):
            return {s.competency: s.score for s in r.scores.all()}
    return {}
