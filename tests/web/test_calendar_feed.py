"""The private calendar feed is written by icalendar: typed text cannot add events, meetings
carry the organisation's time zone, the secret is kept only as a digest, and a deactivated
person's feed stops."""

from __future__ import annotations

import hashlib
import importlib
import re
from datetime import time
from typing import Any

from django.apps import apps
from django.urls import reverse
from icalendar import Calendar

from rung.web.plans import documents
from rung.web.plans.models import Plan
from rung.web.plans.services import plan_edit_focus
from rung.web.tracking.calendar import token_new
from rung.web.tracking.models import CalendarToken
from rung.web.tracking.selectors import core_plan

from webtools import Org, client_for

INJECTED = ("Ship it\rEND:VEVENT\rBEGIN:VEVENT\rUID:evil-1@x\rDTSTART;VALUE=DATE:20270101\r"
            "SUMMARY:Pay the invoice\rEND:VEVENT\rBEGIN:VEVENT\rUID:evil-2@x\rSUMMARY:two")


def feed(token: str) -> Any:
    return client_for(None).get(reverse("tracking:calendar_feed", kwargs={"token": token}))


def events(token: str) -> dict[str, Any]:
    """The events as a lenient calendar client reads them: a bare CR or LF ends a line too."""
    response = feed(token)
    assert response.status_code == 200
    lines = re.sub(r"\r\n|\r|\n", "\r\n", response.content.decode())
    return {str(e["UID"]): e for e in Calendar.from_ical(lines).walk("VEVENT")}


def expected_uids(plan: Plan) -> int:
    core = core_plan(plan)
    return len(core.cadence) + sum(1 + len(fa.milestones) for fa in core.focus_areas)


def test_carriage_returns_in_a_milestone_add_no_event_to_the_manager_s_feed(
        org: Org, active: Plan) -> None:
    values = documents.focus_values(documents.loads(active.current.document), 0)  # type: ignore[union-attr]
    values["m0_text"] = INJECTED
    plan_edit_focus(plan=active, index=0, values=values, base_version=active.version,
                    user=org.pat.user)
    active.refresh_from_db()
    found = events(token_new(org.morgan).token)
    assert len(found) == expected_uids(active)
    assert all(uid.startswith(f"plan{active.pk}-") for uid in found)
    competency = core_plan(active).focus_areas[0].competency
    milestone = found[f"plan{active.pk}-milestone-{competency}-1@rung"]
    assert "Pay the invoice" in str(milestone["SUMMARY"])  # kept as text, in its own event


def test_meetings_carry_the_organisation_s_time_zone(org: Org, active: Plan, settings: Any
                                                     ) -> None:
    settings.TIME_ZONE = "Europe/London"
    token = token_new(org.pat).token
    body = feed(token).content.decode()
    assert "BEGIN:VTIMEZONE" in body
    assert "TZID:Europe/London" in body
    launch = events(token)[f"plan{active.pk}-launch-check---1@rung"]
    start = launch.decoded("DTSTART")
    assert (str(start.tzinfo), start.time()) == ("Europe/London", time(9, 30))


def test_the_secret_is_kept_only_as_its_digest(org: Org, active: Plan) -> None:
    token = token_new(org.pat).token
    row = CalendarToken.objects.get(person=org.pat, revoked_at__isnull=True)
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(CalendarToken.objects.values_list()))
    assert feed(token).status_code == 200
    assert feed(row.digest).status_code == 404  # the stored value is not a key


def test_the_upgrade_hashes_existing_secrets_so_subscriptions_keep_working(
        org: Org, active: Plan) -> None:
    CalendarToken.objects.create(person=org.pat, digest="an-old-plain-secret")
    migration = importlib.import_module(
        "rung.web.tracking.migrations.0004_calendar_token_digest")
    migration.hash_secrets(apps, None)
    assert feed("an-old-plain-secret").status_code == 200
    assert not CalendarToken.objects.filter(digest="an-old-plain-secret").exists()


def test_a_deactivated_person_s_feed_is_gone(org: Org, active: Plan) -> None:
    token = token_new(org.morgan).token
    assert feed(token).status_code == 200
    org.morgan.user.is_active = False
    org.morgan.user.save()
    assert feed(token).status_code == 404
