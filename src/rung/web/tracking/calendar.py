"""A person's private calendar feed (ICS): every dated event of their active plans, and of
their reports' active plans when they manage. Each event's UID is stable (plan, kind, focus
area, occurrence), so moving a date updates the event in the calendar instead of adding one.

The feed is written by icalendar, as the plan's own .ics is (`rung.render.ics_plan`), so no
text a person typed can end a line or add an event, and meetings carry the organisation's
time zone. The secret in the address is kept only as its SHA-256 digest, as API tokens are
(`rung.web.api.tokens`): it is shown once, when it is made.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from icalendar import Calendar, Event

from rung.render.ics_plan import add_timed, add_zones
from rung.render.timezone import zone
from rung.web.api.tokens import digest_of
from rung.web.people.models import Person, Role
from rung.web.plans.models import Plan, Status
from rung.web.tracking.models import CalendarToken
from rung.web.tracking.selectors import core_plan


@dataclass(frozen=True)
class NewFeed:
    token: str  # the secret of the address, shown once; only its digest is kept
    row: CalendarToken


def token_new(person: Person) -> NewFeed:
    """A fresh secret; any earlier one stops working."""
    token_revoke(person)
    secret = secrets.token_urlsafe(32)
    return NewFeed(secret, CalendarToken.objects.create(person=person,
                                                        digest=digest_of(secret)))


def token_revoke(person: Person) -> None:
    CalendarToken.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now())


def active_token(person: Person) -> CalendarToken | None:
    return CalendarToken.objects.filter(person=person, revoked_at__isnull=True).first()


def person_for_token(token: str) -> Person:
    """The owner of a live address; 404 when it is revoked or its owner may no longer log in."""
    found = (CalendarToken.objects.select_related("person__user")
             .filter(digest=digest_of(token), revoked_at__isnull=True).first())
    if found is None or found.person.user is None or not found.person.user.is_active:
        raise Http404("Not found")
    return found.person


def _plans(person: Person) -> list[Plan]:
    q = Q(person=person)
    if person.role == Role.MANAGER:
        q |= Q(person__manager=person)
    return list(Plan.objects.filter(q, status=Status.ACTIVE, current__isnull=False)
                .select_related("current", "person").order_by("id"))


def _events(plan: Plan) -> Iterable[tuple[str, date, str, int]]:
    """(UID part, day, summary, minutes; 0 for an all-day deadline) of each dated event."""
    core = core_plan(plan)
    who = plan.person.name
    counters: dict[tuple[str, str | None], int] = {}
    for e in core.cadence:
        n = counters[(e.kind, e.competency)] = counters.get((e.kind, e.competency), 0) + 1
        yield f"{e.kind}-{e.competency or '-'}-{n}", e.date, f"{who}: {e.title}", e.minutes
    for fa in core.focus_areas:
        yield (f"stretch-{fa.competency}", fa.stretch_assignment.due,
               f"{who}: stretch assignment due ({fa.name})", 0)
        for j, m in enumerate(fa.milestones, start=1):
            yield (f"milestone-{fa.competency}-{j}", m.due,
                   f"{who}: milestone ({fa.name}): {m.text}", 0)


def ics_for(person: Person) -> str:
    where = zone(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//rung//plans//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"rung: {person.name}")
    plans = _plans(person)
    for plan in plans:
        for uid, day, summary, minutes in _events(plan):
            ev = Event()
            ev.add("uid", f"plan{plan.pk}-{uid}@rung")
            ev.add("dtstamp", plan.updated_at)
            ev.add("sequence", plan.version)
            ev.add("summary", summary)
            if minutes:
                add_timed(ev, day, minutes, where)
            else:
                ev.add("dtstart", day)
                ev.add("dtend", day + timedelta(days=1))
            cal.add_component(ev)
    if plans:
        add_zones(cal, min(p.cycle_start for p in plans), max(p.cycle_end for p in plans))
    ical: bytes = cal.to_ical()
    return ical.decode("utf-8")
