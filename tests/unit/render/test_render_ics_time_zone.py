"""A plan's calendar file says in which time zone its times are: the organisation's
(TIME_ZONE), so a 09:30 check-in is 09:30 where people work, whatever the calendar's own
zone."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from rung.core.errors import InputError
from rung.core.plan import Plan
from rung.io.assessments import load_assessment
from rung.planning import make_plan
from rung.render.ics_plan import render_ics

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _plan() -> Plan:
    assessment, framework = load_assessment(EXAMPLES / "apm-b2b-saas.yaml")
    return make_plan(assessment, framework, start=date(2026, 11, 30))


def test_timed_events_carry_the_zone_and_its_definition() -> None:
    ics = render_ics(_plan(), tz="Europe/London")
    cal = Calendar.from_ical(ics)
    timed = [e.decoded("DTSTART") for e in cal.walk("VEVENT")
             if isinstance(e.decoded("DTSTART"), datetime)]
    assert timed, "the cadence has timed events"
    assert all(str(start.tzinfo) == "Europe/London" for start in timed)
    [vtimezone] = cal.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/London"
    assert "DTSTART;TZID=Europe/London:" in ics


def test_the_zone_comes_from_the_organisation_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIME_ZONE", "America/New_York")
    assert "DTSTART;TZID=America/New_York:" in render_ics(_plan())


def test_a_wrong_zone_name_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIME_ZONE", "Mars/Olympus")
    with pytest.raises(InputError) as found:
        render_ics(_plan())
    assert "TIME_ZONE" in str(found.value)
    assert "Europe/London" in str(found.value)
