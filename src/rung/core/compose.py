"""Turn activity templates into the four components and milestones of each focus area.

The context of the assessment makes them concrete: a named upcoming event becomes a stretch
deadline, named feedback people become providers, the product area appears in the work.
Each focus area draws its own event and provider where there are enough, so three focus
areas never read like copies of one template.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from rung.core.activities import ActivityLibrary, ActivitySet, StretchTemplate
from rung.core.assessment import Context, FeedbackPerson, UpcomingEvent
from rung.core.dates import cycle_day, nth_business_day, on_or_before
from rung.core.framework import Competency
from rung.core.plan import (
    MAX_FOCUS_MILESTONES,
    CoachingTouchpoint,
    FeedbackMechanism,
    FocusArea,
    LearningResource,
    Milestone,
    StretchAssignment,
)

FEEDBACK_INTERVAL_DAYS = 14
COACHING_INTERVAL_DAYS = 30
# Without an event, stretch work is due around day 55, a week apart per focus area, which
# leaves room for the feedback and a second milestone before the day-90 review.
DEFAULT_STRETCH_DAY = 55
STRETCH_STAGGER_DAYS = 7
SECOND_MILESTONE_GAP_DAYS = 14
LAST_MILESTONE_DAY = 84


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:  # a template naming an unknown key stays readable
        return "{" + key + "}"


def fill(template: str, values: Mapping[str, str]) -> str:
    return template.format_map(_Missing(values))


@dataclass
class ContextPool:
    """Hands out events and feedback people so each focus area gets its own where possible."""

    events: list[UpcomingEvent]
    people: list[FeedbackPerson]
    used_events: set[str]
    used_people: set[str]

    @classmethod
    def from_context(cls, ctx: Context, start: date, last_day: date) -> ContextPool:
        window_start = start + timedelta(days=7)  # a stretch needs at least a week to prepare
        events = sorted(
            (e for e in ctx.upcoming if window_start <= e.date <= last_day),
            key=lambda e: (e.date, e.name),
        )
        return cls(events, list(ctx.feedback_people), set(), set())

    def event(self) -> UpcomingEvent | None:
        for e in self.events:
            if e.name not in self.used_events:
                self.used_events.add(e.name)
                return e
        return None

    def person(self, competency: str) -> FeedbackPerson | None:
        fresh = [p for p in self.people if p.name not in self.used_people]
        pool = fresh or self.people
        for p in pool:
            if competency in p.competencies:
                self.used_people.add(p.name)
                return p
        for p in pool:
            if not p.competencies:
                self.used_people.add(p.name)
                return p
        return None


def pick_activity_set(
    library: ActivityLibrary, competency: Competency, slot: int
) -> ActivitySet:
    own = library.by_competency.get(competency.id)
    if own is not None:
        return own
    variants = library.by_quadrant.get(competency.quadrant.key, ())
    if not variants:
        raise KeyError(
            f"no activities for competency '{competency.id}' and no fallback for quadrant "
            f"{competency.quadrant.key}"
        )
    return variants[slot % len(variants)]


def _choose_stretch(aset: ActivitySet, available: set[str]) -> StretchTemplate:
    usable = [t for t in aset.stretch if set(t.requires) <= available]
    # The most context-specific template wins: it is the one that reads as this PM's work.
    return max(usable, key=lambda t: len(t.requires))


def provider_label(person: FeedbackPerson) -> str:
    return f"{person.name} ({person.role})" if person.role else person.name


def compose_focus_area(
    *,
    competency: Competency,
    slot: int,
    rationale: str,
    chosen_by: str,
    library: ActivityLibrary,
    context: Context,
    pool: ContextPool,
    start: date,
    review_day: date,
    manager: str,
    holidays: Container[date],
) -> FocusArea:
    aset = pick_activity_set(library, competency, slot)
    event = pool.event() if any("event" in t.requires for t in aset.stretch) else None
    person = pool.person(competency.id)
    provider = provider_label(person) if person else aset.feedback_role
    available = {"competency", "provider", "manager"}
    values = {"competency": competency.name, "provider": provider, "manager": manager}
    if context.product_area:
        available.add("product_area")
        values["product_area"] = context.product_area
    if event:
        available.add("event")
        # Templates write "the {event}"; a name given as "the X" must not read "the the X".
        values["event"] = re.sub(r"^the\s+", "", event.name, flags=re.IGNORECASE)
    template = _choose_stretch(aset, available)
    if "event" in template.requires and event is not None:
        due = on_or_before(event.date, holidays)
    else:
        if event is not None:  # not used after all: give it back for the next focus area
            pool.used_events.discard(event.name)
        due = nth_business_day(
            cycle_day(start, DEFAULT_STRETCH_DAY + STRETCH_STAGGER_DAYS * slot), 1, holidays
        )
    due = min(due, review_day)
    stretch = StretchAssignment(fill(template.text, values), due, fill(template.output, values))
    learning = aset.learning[slot % len(aset.learning)] if aset.learning else None
    milestones = _milestones(aset, values, due, start, review_day, holidays)
    return FocusArea(
        competency=competency.id,
        name=competency.name,
        rationale=rationale,
        chosen_by="pm" if chosen_by == "pm" else "rung",
        stretch_assignment=stretch,
        learning_resource=LearningResource(
            fill(learning.title, values) if learning else f"{competency.name} primer",
            fill(learning.scope, values) if learning else "one 45-minute session",
        ),
        feedback=FeedbackMechanism(provider, FEEDBACK_INTERVAL_DAYS),
        coaching_touchpoint=CoachingTouchpoint(fill(aset.coaching, values),
                                               COACHING_INTERVAL_DAYS),
        milestones=milestones,
        weekly_rep=fill(aset.weekly_rep, values),
        bloom_target=aset.bloom_target,
    )


def _milestones(
    aset: ActivitySet,
    values: Mapping[str, str],
    stretch_due: date,
    start: date,
    review_day: date,
    holidays: Container[date],
) -> tuple[Milestone, ...]:
    out: list[Milestone] = []
    last = min(on_or_before(cycle_day(start, LAST_MILESTONE_DAY), holidays), review_day)
    dates = [stretch_due, on_or_before(stretch_due + timedelta(days=SECOND_MILESTONE_GAP_DAYS),
                                       holidays)]
    for template, due in zip(aset.milestones[:MAX_FOCUS_MILESTONES], dates, strict=False):
        due = min(due, last) if out else due
        if out and due <= out[-1].due:
            break  # no room for a second, later milestone inside the cycle
        text = f"{fill(template.action, values)} {fill(template.context, values)}".strip()
        out.append(Milestone(text, due, fill(template.threshold, values)))
    return tuple(out)
