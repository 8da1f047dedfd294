"""The organisation's time zone for calendar files: the `TIME_ZONE` variable (an IANA name
such as Europe/London), else UTC. The web app reads the same variable (rung.web.settings, and
deploy/systemd/rung.env.example sets it), so a plan's .ics from the CLI and from the web
agree."""

from __future__ import annotations

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rung.core.errors import InputError, Problem

VARIABLE = "TIME_ZONE"


def zone_name() -> str:
    return os.environ.get(VARIABLE, "").strip() or "UTC"


def zone(name: str | None = None) -> ZoneInfo:
    """The zone called `name` (default: the organisation's); a clear error naming the
    variable when it is not a time zone."""
    chosen = name or zone_name()
    try:
        return ZoneInfo(chosen)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError([Problem(
            "environment", VARIABLE, f"{chosen!r} is not a time zone name: use an IANA name "
                                     "such as Europe/London or America/New_York")]) from None
