"""Keeping the plan alive: self-checks, launch marks, check-ins (adjustments become a plan
version), launch health on the manager's dashboard."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from typing import Any

import time_machine
from django.urls import reverse
from icalendar import Calendar

from rung.core.tracking.checkins import REMEDIES
from rung.web.people.selectors import reports_of
from rung.web.plans import documents
from rung.web.plans.models import Plan, PlanVersion
from rung.web.plans.services import plan_edit_focus
from rung.web.tracking.calendar import token_new
from rung.web.tracking.models import (
    CheckInRecord,
    CycleReview,
    FeedbackEntry,
    FeedbackProvider,
    LaunchMark,
    SelfCheck,
)
from rung.web.tracking.selectors import core_plan, plan_health
from rung.web.tracking.services import provider_name

from webtools import Org, client_for, on, post


def codes(flags: Any, *, calibration: bool = False) -> list[str]:
    """Flag codes (without missed calibrations unless asked: the fixture has early ones)."""
    return [f.code for f in flags if calibration or f.code != "missed-calibration"]


def test_a_self_check_is_saved_per_focus_area_and_never_overwritten(org: Org, active: Plan
                                                                    ) -> None:
    focus = core_plan(active).focus_areas
    client = client_for(org.pat)
    url = reverse("tracking:self_check", kwargs={"plan_id": active.pk})
    assert client.get(url).status_code == 200
    for week in ("first", "second"):
        response = post(client, url, {"practised-0": f"{week} practice",
                                      "learned-0": f"{week} lesson"})
        assert response.status_code == 302
    checks = list(SelfCheck.objects.filter(plan=active).order_by("id"))
    assert [c.entries[0]["practised"] for c in checks] == ["first practice", "second practice"]
    assert checks[0].entries[0]["competency"] == focus[0].competency
    page = client_for(org.morgan).get(reverse("tracking:plan", kwargs={"plan_id": active.pk}))
    assert "second lesson" in page.content.decode()


def test_an_empty_self_check_is_refused(org: Org, active: Plan) -> None:
    url = reverse("tracking:self_check", kwargs={"plan_id": active.pk})
    response = post(client_for(org.pat), url, {})
    assert response.status_code == 400
    assert not SelfCheck.objects.exists()


def test_launch_marks_are_append_only(org: Org, active: Plan) -> None:
    client = client_for(org.pat)
    for kind in ("first-visible-action", "first-visible-action", "activity-started"):
        post(client, reverse("tracking:mark", kwargs={"plan_id": active.pk, "kind": kind}))
    assert LaunchMark.objects.filter(plan=active).count() == 3
    post(client, reverse("tracking:mark", kwargs={"plan_id": active.pk, "kind": "bogus"}))
    assert LaunchMark.objects.filter(plan=active).count() == 3


def test_a_check_in_offers_the_remedy_and_writes_adjustments_as_a_new_version(
    org: Org, active: Plan
) -> None:
    client = client_for(org.morgan)
    url = reverse("tracking:check_in", kwargs={"plan_id": active.pk})
    page = client.get(url).content.decode()
    for remedy in REMEDIES.values():
        assert remedy in html.unescape(page)
    before = active.version
    focus = core_plan(active).focus_areas
    data = {"base_version": before, "kind": "monthly-check-in", "held_on": "2026-12-29",
            "apply_remedies": "1", "adjustments": "Pair with Kim on the pricing memo"}
    for i in range(len(focus)):
        data.update({f"rag-{i}": "green", f"met-{i}": "1"})
    data.update({"rag-0": "red", "blocker-0": "competing-priorities", "note-0": "launch"})
    with on("2026-12-29"):
        assert post(client, url, data).status_code == 302
    record = CheckInRecord.objects.get(plan=active)
    assert record.focus[0]["rag"] == "red"
    assert record.focus[0]["remedy"] == REMEDIES["competing-priorities"]
    assert record.adjustments == ["Pair with Kim on the pricing memo",
                                  f"{focus[0].name}: {REMEDIES['competing-priorities']}"]
    active.refresh_from_db()
    assert active.version == before + 1 == record.plan_version
    assert active.status == "active"
    doc = documents.loads(PlanVersion.objects.get(plan=active, number=before + 1).document)
    assert "Check-in 2026-12-29: Pair with Kim on the pricing memo" in doc["notes"]
    assert PlanVersion.objects.filter(plan=active, number=before).exists()  # nothing lost


def test_a_check_in_based_on_an_old_version_is_refused_and_keeps_the_text(
    org: Org, active: Plan
) -> None:
    url = reverse("tracking:check_in", kwargs={"plan_id": active.pk})
    data = {"base_version": 0, "rag-0": "amber", "rag-1": "green",
            "rag-2": "green", "adjustments": "My careful words", "kind": "monthly-check-in",
            "held_on": "2026-11-30"}
    response = post(client_for(org.pat), url, data)
    assert response.status_code == 409
    assert "My careful words" in response.content.decode()
    assert not CheckInRecord.objects.exists()


def test_a_check_in_without_adjustments_does_not_touch_the_plan(org: Org, active: Plan) -> None:
    before = active.version
    url = reverse("tracking:check_in", kwargs={"plan_id": active.pk})
    data = {"base_version": before, "kind": "launch-check", "held_on": "2026-12-14",
            "rag-0": "green", "rag-1": "green", "rag-2": "amber"}
    with on("2026-12-14"):
        assert post(client_for(org.pat), url, data).status_code == 302
    active.refresh_from_db()
    assert active.version == before
    assert CheckInRecord.objects.get().kind == "launch-check"


def test_launch_flags_show_on_the_dashboard_with_the_next_step(org: Org, active: Plan) -> None:
    core = core_plan(active)
    after_day_5 = core.first_action.due + timedelta(days=1)
    rows = reports_of(org.morgan, after_day_5)
    assert codes(rows[0].flags) == ["no-first-action"]
    with time_machine.travel(after_day_5):
        page = client_for(org.morgan).get(reverse("people:dashboard")).content.decode()
    assert 'data-flag="no-first-action"' in page
    assert "Next step" in page
    launch = next(e.date for e in core.cadence if e.kind == "launch-check")
    late = launch + timedelta(days=4)
    assert codes(reports_of(org.morgan, late)[0].flags) == [
        "no-first-action", "activity-not-started", "provider-not-contacted", "no-self-check",
        "missed-launch-check"]
    assert codes(plan_health(active, late)) == codes(reports_of(org.morgan, late)[0].flags)


def test_facts_recorded_in_time_clear_the_launch_flags(org: Org, active: Plan) -> None:
    core = core_plan(active)
    launch = next(e.date for e in core.cadence if e.kind == "launch-check")
    client = client_for(org.pat)
    with time_machine.travel(core.first_action.due):
        for kind in ("first-visible-action", "activity-started", "provider-contacted"):
            post(client, reverse("tracking:mark", kwargs={"plan_id": active.pk, "kind": kind}))
        post(client, reverse("tracking:self_check", kwargs={"plan_id": active.pk}),
             {"practised-0": "a rep"})
    held = [("launch-check", launch)] + [(e.kind, e.date) for e in core.cadence
                                         if e.kind == "calibration"]
    for kind, when in held:
        with on(when):
            assert post(client, reverse("tracking:check_in", kwargs={"plan_id": active.pk}),
                        {"base_version": active.version, "kind": kind,
                         "held_on": when.isoformat(), "rag-0": "green", "rag-1": "green",
                         "rag-2": "green"}).status_code == 302
    late = launch + timedelta(days=4)
    assert reports_of(org.morgan, late)[0].flags == ()
    assert plan_health(active, late) == []


def test_a_skipped_monthly_check_in_shows_with_its_next_step(org: Org, active: Plan) -> None:
    core = core_plan(active)
    first = next(e.date for e in core.cadence if e.kind == "monthly-check-in")
    flags = reports_of(org.morgan, first + timedelta(days=5))[0].flags
    missed = [f for f in flags if f.code == "missed-monthly-check-in"]
    assert len(missed) == 1
    assert "Book the monthly check-in" in missed[0].next_step


def test_only_active_plans_are_flagged(org: Org, plan: Plan) -> None:
    assert reports_of(org.morgan, date(2027, 3, 1))[0].flags == ()


def test_a_feedback_provider_logs_feedback_on_their_focus_area_only(org: Org, active: Plan
                                                                    ) -> None:
    focus = core_plan(active).focus_areas
    pat = client_for(org.pat)
    tracking = reverse("tracking:plan", kwargs={"plan_id": active.pk})
    for slug, fa in (("casey", focus[0]), ("ada", focus[1])):
        response = post(pat, reverse("tracking:name_provider", kwargs={"plan_id": active.pk}),
                        {"slug": slug, "competency": fa.competency})
        assert response.status_code == 302
    casey_role = FeedbackProvider.objects.get(person=org.casey)
    ada_role = FeedbackProvider.objects.get(person=org.ada)
    assert casey_role.competency == focus[0].competency
    casey = client_for(org.casey)
    url = reverse("tracking:feedback", kwargs={"role_id": casey_role.pk})
    page = html.unescape(casey.get(url).content.decode())
    assert focus[0].name in page
    assert "Pat Quinn" in page
    assert focus[1].name not in page
    assert focus[2].name not in page
    with on("2026-12-10"):
        response = post(casey, url, {"observed_on": "2026-12-10",
                                     "situation": "Roadmap review", "went_well": "Clear bets",
                                     "to_change": "Name the trade-off"})
    assert response.status_code == 302
    entry = FeedbackEntry.objects.get()
    assert entry.provider == casey_role
    assert entry.observed_on == date(2026, 12, 10)
    for reader in (pat, client_for(org.morgan)):
        assert "Name the trade-off" in reader.get(tracking).content.decode()
    # nothing else of Pat's: not the plan, not the tracking pages, not Ada's focus area
    for name, kwargs in (("plans:detail", {"plan_id": active.pk}),
                         ("plans:history", {"plan_id": active.pk}),
                         ("tracking:plan", {"plan_id": active.pk}),
                         ("tracking:self_check", {"plan_id": active.pk}),
                         ("tracking:check_in", {"plan_id": active.pk}),
                         ("people:person", {"slug": org.pat.slug}),
                         ("assessments:detail", {"assessment_id": active.assessment_id}),
                         ("tracking:feedback", {"role_id": ada_role.pk})):
        assert casey.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    response = post(casey, reverse("tracking:feedback", kwargs={"role_id": ada_role.pk}),
                    {"situation": "x", "went_well": "y"})
    assert response.status_code == 404
    assert FeedbackEntry.objects.count() == 1


def test_feedback_needs_a_situation_and_an_observation(org: Org, active: Plan) -> None:
    role = provider_name(plan=active, competency=core_plan(active).focus_areas[0].competency,
                         slug="casey", user=org.morgan.user)
    url = reverse("tracking:feedback", kwargs={"role_id": role.pk})
    response = post(client_for(org.casey), url, {"situation": "Standup"})
    assert response.status_code == 400
    assert "Standup" in response.content.decode()
    assert not FeedbackEntry.objects.exists()


def test_a_pm_cannot_name_themselves_or_a_stranger(org: Org, active: Plan) -> None:
    competency = core_plan(active).focus_areas[0].competency
    url = reverse("tracking:name_provider", kwargs={"plan_id": active.pk})
    for slug in ("pat", "nobody"):
        post(client_for(org.pat), url, {"slug": slug, "competency": competency})
    post(client_for(org.pat), url, {"slug": "casey", "competency": "not-a-focus-area"})
    assert not FeedbackProvider.objects.exists()


def _events(ics: str) -> dict[str, tuple[str, str]]:
    """UID → (DTSTART as YYYYMMDD, SEQUENCE) of each event in a feed, read by icalendar (so
    folded lines, parameters and escapes are read as a calendar client reads them)."""
    out: dict[str, tuple[str, str]] = {}
    for event in Calendar.from_ical(ics).walk("VEVENT"):
        uid = str(event["UID"])
        assert uid not in out, f"duplicate event {uid}"
        out[uid] = (event.decoded("DTSTART").strftime("%Y%m%d"), str(event["SEQUENCE"]))
    return out


def test_a_private_calendar_feed_updates_moved_events_and_can_be_revoked(
    org: Org, active: Plan
) -> None:
    pat = client_for(org.pat)
    page_url = reverse("tracking:calendar", kwargs={"slug": org.pat.slug})
    made = post(pat, page_url, {"action": "new"})
    token = re.search(r"/calendar/feed/([^/<]+)\.ics", made.content.decode())[1]  # type: ignore[index]
    feed_url = reverse("tracking:calendar_feed", kwargs={"token": token})
    assert feed_url not in pat.get(page_url).content.decode()  # shown once, when made
    anonymous = client_for(None)
    response = anonymous.get(feed_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    before = _events(response.content.decode())
    core = core_plan(active)
    competency = core.focus_areas[0].competency
    milestone = f"plan{active.pk}-milestone-{competency}-1@rung"
    assert f"plan{active.pk}-launch-check---1@rung" in before
    assert milestone in before
    assert len(before) == len(core.cadence) + sum(1 + len(fa.milestones)
                                                  for fa in core.focus_areas)
    # moving a milestone's date updates that event (same UID, later sequence), adds none
    doc = documents.loads(active.current.document)  # type: ignore[union-attr]
    values = documents.focus_values(doc, 0)
    values["m0_due"] = values["m0_due"] + timedelta(days=7)
    plan_edit_focus(plan=active, index=0, values=values, base_version=active.version,
                    user=org.morgan.user)
    after = _events(anonymous.get(feed_url).content.decode())
    assert after.keys() == before.keys()
    assert after[milestone][0] == values["m0_due"].strftime("%Y%m%d") != before[milestone][0]
    assert int(after[milestone][1]) > int(before[milestone][1])
    # a manager's feed carries the reports' events; another manager's does not
    morgan_feed = reverse("tracking:calendar_feed", kwargs={"token": token_new(org.morgan).token})
    casey_feed = reverse("tracking:calendar_feed", kwargs={"token": token_new(org.casey).token})
    assert milestone in _events(anonymous.get(morgan_feed).content.decode())
    assert _events(anonymous.get(casey_feed).content.decode()) == {}
    # revoked: the address stops working; a new one replaces it
    post(pat, page_url, {"action": "revoke"})
    assert anonymous.get(feed_url).status_code == 404
    made = post(pat, page_url, {"action": "new"})
    assert anonymous.get(feed_url).status_code == 404
    fresh = re.search(r"/calendar/feed/([^/<]+)\.ics", made.content.decode())[1]  # type: ignore[index]
    assert anonymous.get(reverse("tracking:calendar_feed", kwargs={"token": fresh})
                         ).status_code == 200


def test_a_drifting_plan_can_be_narrowed_to_one_focus_area(org: Org, active: Plan) -> None:
    core = core_plan(active)
    keep, *others = [fa.competency for fa in core.focus_areas]
    morgan = client_for(org.morgan)
    narrow = reverse("tracking:narrow", kwargs={"plan_id": active.pk})
    before = active.version
    post(morgan, narrow, {"base_version": before, "competency": keep})
    active.refresh_from_db()
    assert active.version == before  # not drifting yet: refused
    for held_on in ("2026-12-29", "2027-01-26"):
        with on(held_on):
            post(morgan, reverse("tracking:check_in", kwargs={"plan_id": active.pk}),
                 {"base_version": active.version, "kind": "monthly-check-in",
                  "held_on": held_on, "rag-0": "red", "rag-1": "amber", "rag-2": "green"})
    page = morgan.get(reverse("tracking:plan", kwargs={"plan_id": active.pk})).content.decode()
    assert "Narrow to one focus area" in page
    assert post(morgan, narrow, {"base_version": active.version, "competency": keep}
                ).status_code == 302
    active.refresh_from_db()
    assert active.version == before + 1
    assert active.status == "active"
    assert active.lint_errors == 0
    narrowed = core_plan(active)
    assert [fa.competency for fa in narrowed.focus_areas] == [keep]
    assert list(narrowed.backlog[:len(others)]) == others
    assert not [e for e in narrowed.cadence if e.competency in others]
    assert PlanVersion.objects.get(plan=active, number=before).kind != "narrowed"


def test_the_day_90_review_decides_diagnoses_and_carries_forward(org: Org, active: Plan
                                                                 ) -> None:
    core = core_plan(active)
    gaps = {g.competency: g for g in core.gaps}
    fa = core.focus_areas
    url = reverse("tracking:review", kwargs={"plan_id": active.pk})
    morgan = client_for(org.morgan)
    assert morgan.get(url).status_code == 200
    data: dict[str, Any] = {"held_on": "2027-02-26"}
    data.update({"after-0": gaps[fa[0].competency].target, "met-0": 2})  # reached: rotate
    data.update({"after-1": gaps[fa[1].competency].current, "attempted-1": "1"})  # no practice
    data.update({"after-2": gaps[fa[2].competency].current})  # not attempted
    with on("2027-02-26"):
        assert post(morgan, url, data).status_code == 302
    review = CycleReview.objects.get(plan=active)
    by = {o["competency"]: o for o in review.outcomes}
    assert by[fa[0].competency]["decision"] == "rotate"
    assert by[fa[0].competency]["cause"] is None
    assert by[fa[1].competency]["cause"] == "plan-quality"
    assert by[fa[2].competency]["cause"] == "effort"
    assert by[fa[2].competency]["decision"] == "continue"
    assert review.carried_forward[:2] == [fa[1].competency, fa[2].competency]
    assert fa[0].competency not in review.carried_forward
    review_day = next(e.date for e in core.cadence if e.kind == "cycle-review")
    late = review_day + timedelta(days=10)
    assert "missed-cycle-review" not in codes(plan_health(active, late))
    assert "missed-cycle-review" not in codes(reports_of(org.morgan, late)[0].flags)
    page = client_for(org.pat).get(reverse("tracking:plan", kwargs={"plan_id": active.pk}))
    assert 'data-decision="rotate"' in page.content.decode()


def test_a_review_score_out_of_range_is_refused(org: Org, active: Plan) -> None:
    url = reverse("tracking:review", kwargs={"plan_id": active.pk})
    assert post(client_for(org.pat), url, {"after-0": "9"}).status_code == 400
    assert not CycleReview.objects.exists()


def test_a_skipped_review_is_flagged(org: Org, active: Plan) -> None:
    review_day = next(e.date for e in core_plan(active).cadence if e.kind == "cycle-review")
    assert "missed-cycle-review" in codes(reports_of(org.morgan,
                                                     review_day + timedelta(days=10))[0].flags)
