"""A dated competency assessment of one person, with the context that makes a plan concrete."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

RaterRole = Literal["self", "manager", "peer"]
RATER_ROLES: tuple[RaterRole, ...] = ("self", "manager", "peer")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    # None means the person is not a PM yet (career changer); the target is then the entry level.
    level: str | None
    target_level: str | None = None
    specialization: str | None = None
    manager: str | None = None
    # ISO 3166 code (optionally with a region, "DE-BY"): its public holidays stay free.
    country: str | None = None


@dataclass(frozen=True)
class Rating:
    rater: RaterRole
    scores: Mapping[str, float]
    name: str | None = None


@dataclass(frozen=True)
class UpcomingEvent:
    name: str
    date: date
    kind: str | None = None  # one of rung.core.events.EVENT_KINDS, or None when unknown
    kind_inferred: bool = False  # read from the name rather than given


@dataclass(frozen=True)
class FeedbackPerson:
    name: str
    role: str | None = None
    # Competencies this person can observe; empty means any.
    competencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    product_area: str | None = None
    company: str | None = None
    upcoming: tuple[UpcomingEvent, ...] = ()
    feedback_people: tuple[FeedbackPerson, ...] = ()


@dataclass(frozen=True)
class PmChoice:
    """The PM swaps one proposed focus area for a competency of their own choosing."""

    replace: str
    with_: str
    reason: str | None = None


@dataclass(frozen=True)
class Assessment:
    person: Person
    framework: str
    assessed_on: date
    ratings: tuple[Rating, ...]
    evidence: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    context: Context = field(default_factory=Context)
    calibrated: Mapping[str, float] = field(default_factory=dict)
    pm_choice: PmChoice | None = None
    # "The one thing I will do this week", written by the PM in the planning conversation.
    first_action: str | None = None

    def ratings_by(self, role: RaterRole) -> tuple[Rating, ...]:
        return tuple(r for r in self.ratings if r.rater == role)

    def manager_name(self) -> str | None:
        for r in self.ratings_by("manager"):
            if r.name:
                return r.name
        return self.person.manager
