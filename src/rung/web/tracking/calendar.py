"""A person's private calendar feed (ICS): every dated event of their active plans, and of
their reports' active plans when they manage. Each event's UID is stable (plan, kind, focus
area, occurrence), so moving a date updates the event in the calendar instead of adding one.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import UTC, date, timedelta

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from rung.web.people.models import Person, Role
from rung.web.plans.models import Plan, Status
from rung.web.tracking.models import CalendarToken
from rung.web.tracking.selectors import core_plan


def token_new(person: Person) -> CalendarToken:
    """A fresh secret; any earlier one stops working."""
    token_revoke(person)
    return CalendarToken.objects.create(person=person, token=secrets.token_urlsafe(32))


def token_revoke(person: Person) -> None:
    CalendarToken.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now())


def active_token(person: Person) -> CalendarToken | None:
    return CalendarToken.objects.filter(person=person, revoked_at__isnull=True).first()


def person_for_token(token: str) -> Person:
    found = (CalendarToken.objects.select_related("person")
             .filter(token=token, revoked_at__isnull=True).first())
    if found is None:
        raise Http404("Not found")
    return found.person


def _plans(person: Person) -> list[Plan]:
    q = Q(person=person)
    if person.role == Role.MANAGER:
        q |= Q(person__manager=person)
    return list(Plan.objects.filter(q, status=Status.ACTIVE, current__isnull=False)
                .select_related("current", "person").order_by("id"))


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str) -> str:
    out, raw = [], line.encode()
    while len(raw) > 75:
        cut = 75
        while (raw[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        out.append(raw[:cut].decode())
        raw = b" " + raw[cut:]
    out.append(raw.decode())
    return "\r\n".join(out)


def _events(plan: Plan) -> Iterable[tuple[str, date, str]]:
    core = core_plan(plan)
    who = plan.person.name
    counters: dict[tuple[str, str | None], int] = {}
    for e in core.cadence:
        n = counters[(e.kind, e.competency)] = counters.get((e.kind, e.competency), 0) + 1
        yield f"{e.kind}-{e.competency or '-'}-{n}", e.date, f"{who}: {e.title}"
    for fa in core.focus_areas:
        yield (f"stretch-{fa.competency}", fa.stretch_assignment.due,
               f"{who}: stretch assignment due ({fa.name})")
        for j, m in enumerate(fa.milestones, start=1):
            yield f"milestone-{fa.competency}-{j}", m.due, f"{who}: milestone ({fa.name}): {m.text}"


def ics_for(person: Person) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//rung//plans//EN",
             f"X-WR-CALNAME:{_escape('rung: ' + person.name)}"]
    for plan in _plans(person):
        stamp = plan.updated_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        for uid, day, summary in _events(plan):
            lines += [
                "BEGIN:VEVENT", f"UID:plan{plan.pk}-{uid}@rung", f"DTSTAMP:{stamp}",
                f"SEQUENCE:{plan.version}", f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
                f"SUMMARY:{_escape(summary)}", "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

