"""The proposed planning conversations as one .ics file for the manager's calendar.

UIDs name the manager, the person and the window's first day, not the slot: importing a
re-shuffled proposal for the same window moves the events instead of duplicating them. Times
carry the organisation's time zone (settings.TIME_ZONE, from the TIME_ZONE variable) as TZID.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from rung.core.team import Conversation

PRODID = "-//rung//planning conversations//EN"


def schedule_ics(manager_name: str, conversations: Sequence[Conversation], *,
                 tz: str = "UTC") -> str:
    where = ZoneInfo(tz)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Planning conversations: {manager_name}")
    window = min((c.day for c in conversations), default=None)
    for c in conversations:
        ev = Event()
        ev.add("uid", f"planning-{c.person_id}-{window.isoformat() if window else ''}@rung")
        ev.add("dtstamp", datetime.combine(c.day, c.start, tzinfo=UTC))
        start = datetime.combine(c.day, c.start, tzinfo=where)
        ev.add("dtstart", start)
        ev.add("dtend", start + timedelta(minutes=c.minutes))
        ev.add("summary", f"Planning conversation: {c.name}")
        ev.add("description",
               f"Why now: {c.reason}. Co-create the plan: the PM shapes the draft and may "
               "replace one focus area; book the first monthly check-in before you finish, "
               "and agree the one visible action for this week.")
        cal.add_component(ev)
    if window is not None:
        cal.add_missing_timezones(first_date=date(window.year, 1, 1),
                                  last_date=date(window.year + 1, 12, 31))
    text: str = cal.to_ical().decode("utf-8")
    return text
