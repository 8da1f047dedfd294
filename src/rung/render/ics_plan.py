"""Plan → iCalendar: every dated event of the cadence, stretch deadlines and milestones.

UIDs are stable for the same plan and event (they name the person, cycle, kind and sequence,
not the date), so a calendar that re-imports a changed plan moves events instead of
duplicating them. Timed events carry the organisation's time zone (TZID, with its VTIMEZONE;
`rung.render.timezone`), so 09:30 is 09:30 where the organisation works, in any calendar.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event
from icalendar.prop import vText

from rung.core.plan import Plan
from rung.render.timezone import zone

PRODID = "-//rung//development plan//EN"
DAY_START = time(9, 30)  # all-day events would hide the minutes; a morning slot is a default


def _uid(plan: Plan, kind: str, n: int, competency: str | None) -> str:
    tail = f"-{competency}" if competency else ""
    return f"{plan.person_id}-{plan.cycle_start.isoformat()}-{kind}-{n}{tail}@rung"


def add_timed(ev: Event, day: date, minutes: int, tz: ZoneInfo) -> None:
    """A meeting at the default morning slot in `tz` (TZID); the web feed uses it too."""
    start = datetime.combine(day, DAY_START, tzinfo=tz)
    ev.add("dtstart", start)
    ev.add("dtend", start + timedelta(minutes=max(minutes, 15)))


def render_ics(plan: Plan, *, tz: str | None = None) -> str:
    """The plan's dates as iCalendar; `tz` is an IANA zone name (default: the organisation's,
    `TIME_ZONE`)."""
    where = zone(tz)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    label = f" ({plan.label})" if plan.label else ""
    # vText: icalendar leaves an X- property it does not know unescaped, and a line break in
    # a name would end the line (an AssertionError in to_ical).
    cal.add("x-wr-calname", vText(f"Development plan: {plan.person_name}{label}"))
    stamp = datetime.combine(plan.cycle_start, time(0, 0), tzinfo=UTC)
    seen: Counter[tuple[str, str | None]] = Counter()
    for e in plan.cadence:
        seen[(e.kind, e.competency)] += 1
        ev = Event()
        ev.add("uid", _uid(plan, e.kind, seen[(e.kind, e.competency)], e.competency))
        ev.add("dtstamp", stamp)
        ev.add("summary", e.title)
        add_timed(ev, e.date, e.minutes, where)
        ev.add("description", f"{e.minutes} minutes · {', '.join(e.participants)}")
        if e.kind in ("monthly-check-in", "cycle-review", "calibration", "launch-check"):
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Tomorrow: {e.title}")
            alarm.add("trigger", timedelta(days=-1))
            ev.add_component(alarm)
        cal.add_component(ev)
    for fa in plan.focus_areas:
        items = [("stretch", 1, f"Due: {fa.stretch_assignment.output}",
                  fa.stretch_assignment.due, fa.stretch_assignment.text)]
        items += [("milestone", n, f"Milestone: {fa.name}", m.due,
                   f"{m.text}; threshold: {m.threshold}")
                  for n, m in enumerate(fa.milestones, start=1)]
        for kind, n, summary, day, text in items:
            ev = Event()
            ev.add("uid", _uid(plan, kind, n, fa.competency))
            ev.add("dtstamp", stamp)
            ev.add("summary", summary[:120])
            ev.add("dtstart", day)
            ev.add("dtend", day + timedelta(days=1))
            ev.add("description", text)
            cal.add_component(ev)
    add_zones(cal, plan.cycle_start, plan.cycle_end)
    ical: bytes = cal.to_ical()
    return ical.decode("utf-8")


def add_zones(cal: Calendar, first: date, last: date) -> None:
    """VTIMEZONEs for the TZIDs used, with the rules of the years `first`..`last` only (a
    VTIMEZONE from 1970 is hundreds of lines)."""
    cal.add_missing_timezones(first_date=date(first.year, 1, 1),
                              last_date=date(last.year + 1, 12, 31))
