"""The words a person reads for rung's stored values: statuses, colours, blockers, kinds.

Pages never show a raw value (`competing-priorities`, `agreed`); they show these. The stored
values stay as they are (files, the API and the plan JSON use them).
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from django.utils import timezone

STATUS = {
    "draft": "Draft",
    "agreed": "One side agreed",
    "active": "Active",
    "closed": "Closed",
}
RAG = {"green": "On track", "amber": "At risk", "red": "Off track"}
BLOCKER = {
    "timing": "Timing: the occasion moved or has not come yet",
    "competing-priorities": "Competing priorities: other work took the time",
    "unclear-next-action": "Unclear next action: not sure what to do next",
}
BLOCKER_SHORT = {"timing": "Timing", "competing-priorities": "Competing priorities",
                 "unclear-next-action": "Unclear next action"}
DECISION = {"continue": "Continue next cycle", "rotate": "Target reached: rotate"}
CAUSE = {"effort": "not attempted", "plan-quality": "no real practice",
         "environment": "practice without movement"}
TIER = {"priority": "Priority", "candidate": "Candidate", "backlog": "Backlog"}
SPECIALIZATION = {"growth": "Growth", "platform": "Platform", "technical": "Technical",
                  "generalist": "Generalist"}


def label(table: dict[str, str], value: object) -> str:
    """The readable word for `value`; an unknown value reads as words, never as an id."""
    text = str(value or "")
    return table.get(text) or text.replace("-", " ").capitalize()


def status(value: object) -> str:
    return label(STATUS, value)


def rag(value: object) -> str:
    return label(RAG, value)


def blocker(value: object) -> str:
    return label(BLOCKER_SHORT, value)


def nice_date(value: date | datetime | str | None, *, year: bool = True) -> str:
    """'Fri 4 Dec 2026': the weekday matters when something is due."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return _nice(value, year)


@functools.lru_cache(maxsize=4096)
def _nice(day: date, year: bool) -> str:
    """Remembered: a home page formats the same few dozen dates on every request."""
    text = f"{day:%a} {day.day} {day:%b}"
    return f"{text} {day.year}" if year else text


def iso(value: date | datetime | str | None) -> str:
    """YYYY-MM-DD (a datetime in the organisation's time zone)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date(
        ).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def stamp(value: datetime | None) -> str:
    """YYYY-MM-DD HH:MM in the organisation's time zone."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{local:%Y-%m-%d %H:%M}"


def relative_day(day: date, today: date) -> str:
    """'today', 'tomorrow', 'in 3 days', '2 days ago' beside a date."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def level_title(framework: object, level: str | None, *, empty: str = "Not yet a PM") -> str:
    """A level id's title in the framework ('senior-pm' → 'Senior PM'); `framework` is a
    Framework, its key, or None."""
    if not level:
        return empty
    from rung.core.errors import InputError
    from rung.core.framework import Framework
    from rung.web.people.frameworks import get_framework

    found: Framework | None = framework if isinstance(framework, Framework) else None
    if found is None and isinstance(framework, str):
        try:
            found = get_framework(framework)
        except (KeyError, InputError):
            found = None
    if found is not None and found.has_level(level):
        return found.level(level).title
    return label({}, level)


def framework_name(key: str) -> str:
    """A framework's name ('pm-quadrants' → 'PM Quadrants'), or its key when unknown."""
    from rung.core.errors import InputError
    from rung.web.people.frameworks import get_framework

    try:
        return get_framework(key).name
    except (KeyError, InputError):
        return key
