"""Plan co-creation: generate, edit with lint as you type, swap a focus area, first action,
agreement, versions with diff and restore, no lost edits, downloads."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from rung.render.formats import FORMATS
from rung.web.assessments.models import Assessment
from rung.web.plans import documents
from rung.web.plans.models import Plan, PlanVersion

from webtools import START, Org, client_for, page_text, post

VAGUE = "Be more strategic"


def url(name: str, plan: Plan, **kw: Any) -> str:
    return reverse(f"plans:{name}", kwargs={"plan_id": plan.pk, **kw})


def doc_of(plan: Plan) -> documents.Doc:
    plan.refresh_from_db()
    assert plan.current is not None
    return documents.loads(plan.current.document)


def index_of(plan: Plan, competency: str) -> int:
    return [fa["competency"] for fa in doc_of(plan)["focus_areas"]].index(competency)


def focus_data(plan: Plan, index: int = 0, base: int | None = None, **changes: Any
               ) -> dict[str, Any]:
    """The edit form of focus area `index` as the browser would post it, with `changes`."""
    values = documents.focus_values(doc_of(plan), index)
    values.update(changes)
    data = {f"fa{index}-{k}": (v.isoformat() if isinstance(v, date) else v)
            for k, v in values.items()}
    data[f"fa{index}-base_version"] = plan.version if base is None else base
    return data


# --- generating -----------------------------------------------------------------------------


def test_manager_generates_a_draft_from_the_latest_assessment(org: Org,
                                                              assessment: Assessment) -> None:
    response = post(client_for(org.morgan), reverse("plans:generate", kwargs={"slug": "pat"}),
                    {"start": START.isoformat()})
    assert response.status_code == 302
    plan = Plan.objects.get(person=org.pat)
    d = doc_of(plan)
    assert plan.status == "draft"
    assert plan.version == 1
    assert d["cycle"]["start"] == "2026-11-30"
    assert d["person"]["manager"] == "Morgan Blake"
    assert len(d["focus_areas"]) == 3
    assert plan.current is not None
    assert plan.current.author == org.morgan.user


def test_generating_without_an_assessment_is_a_form_error(org: Org) -> None:
    response = post(client_for(org.morgan), reverse("plans:generate", kwargs={"slug": "pat"}),
                    {"start": START.isoformat()})
    assert response.status_code == 200
    assert "has no assessment yet" in " ".join(response.context["form"].errors["__all__"])
    assert not Plan.objects.exists()


def test_plan_page_shows_the_radar_chart_and_the_gap_table(org: Org, plan: Plan) -> None:
    page = client_for(org.pat).get(url("detail", plan)).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="rung-radar"' in page
    assert "Market &amp; competitive analysis" in page
    assert 'hx-post="/plans/' in page
    assert "/static/rung/htmx.min.js" in page


# --- editing and lint as you type -----------------------------------------------------------


def test_lint_endpoint_returns_findings_with_how_to_fix(org: Org, plan: Plan) -> None:
    data = focus_data(plan, 0, m0_text=VAGUE, m0_threshold="")
    response = post(client_for(org.pat), url("lint", plan),
                    {**data, "section": "focus-0"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    codes = {f.code for f, _, _ in response.context["findings"]}
    assert {"R002", "R013"} <= codes
    html = response.content.decode()
    assert "How to fix:" in html
    assert "Add a minimum bar" in html
    assert doc_of(plan)["focus_areas"][0]["milestones"][0]["text"] != VAGUE  # nothing saved


def test_lint_endpoint_reports_bad_dates_as_field_errors(org: Org, plan: Plan) -> None:
    data = focus_data(plan, 0, m0_due="2027-02-31")
    response = post(client_for(org.morgan), url("lint", plan), {**data, "section": "focus-0"})
    assert "Due" in response.context["errors"]


def test_lint_endpoint_flags_a_date_outside_the_cycle(org: Org, plan: Plan) -> None:
    data = focus_data(plan, 0, m0_due="2027-06-01")
    response = post(client_for(org.morgan), url("lint", plan), {**data, "section": "focus-0"})
    assert "R014" in {f.code for f, _, _ in response.context["findings"]}


def test_a_draft_is_judged_against_today_and_a_running_plan_is_not(org: Org, plan: Plan) -> None:
    """The same rules as `rung lint`, with today's date: a draft whose cycle began weeks ago
    (R033) or has ended (R034) says so on the page and in the live lint; once both sides agree
    and the plan runs, a start in the past is simply how far along it is."""
    import time_machine

    def codes_on_page() -> str:
        return client_for(org.pat).get(url("detail", plan)).content.decode()

    def elsewhere() -> int:  # live lint of the first focus area: findings in other sections
        data = {**focus_data(plan, 0), "section": "focus-0"}
        return int(post(client_for(org.pat), url("lint", plan), data).context["elsewhere"])

    with time_machine.travel(START, tick=False):
        assert "R033" not in codes_on_page()
        assert "R034" not in codes_on_page()
        before = elsewhere()
    with time_machine.travel(date(2027, 1, 11), tick=False):
        assert "R033" in codes_on_page()
        assert elsewhere() == before + 1  # the cycle's own finding
    with time_machine.travel(date(2027, 3, 15), tick=False):
        assert "R034" in codes_on_page()
        agree(org.pat, plan)
        agree(org.morgan, plan)  # the stored findings know no clock: agreeing is not blocked
        plan.refresh_from_db()
        assert plan.status == "active"
        page = codes_on_page()
        assert "R033" not in page
        assert "R034" not in page


def test_pm_edits_a_milestone_and_it_becomes_a_version(org: Org, plan: Plan) -> None:
    new_text = "Present the opportunity sizing to the leadership team and get a decision"
    market = index_of(plan, "market-analysis")
    response = post(client_for(org.pat), url("edit_focus", plan, index=market),
                    focus_data(plan, market, m0_text=new_text))
    assert response.status_code == 302
    d = doc_of(plan)
    assert d["focus_areas"][market]["milestones"][0]["text"] == new_text
    v = plan.versions.get(number=2)
    assert v.author == org.pat.user
    assert v.kind == "edited"
    assert "milestone 1 text" in v.summary
    assert "Market & competitive analysis" in v.summary


def test_bad_edit_gets_field_errors_and_saves_nothing(org: Org, plan: Plan) -> None:
    response = post(client_for(org.pat), url("edit_focus", plan, index=0),
                    focus_data(plan, 0, feedback_interval_days="0", stretch_due="soon"))
    assert response.status_code == 400
    form = response.context["focus"][0]["form"]
    assert set(form.errors) == {"feedback_interval_days", "stretch_due"}
    assert 'value="soon"' in response.content.decode()  # what they typed is still there
    plan.refresh_from_db()
    assert plan.version == 1


def test_milestones_can_be_removed_and_added_up_to_two(org: Org, plan: Plan) -> None:
    assert len(doc_of(plan)["focus_areas"][1]["milestones"]) == 2
    edit = url("edit_focus", plan, index=1)
    post(client_for(org.morgan), edit, focus_data(plan, 1, m1_text=""))
    assert len(doc_of(plan)["focus_areas"][1]["milestones"]) == 1
    plan.refresh_from_db()
    data = focus_data(plan, 1)
    data.update({"fa1-m1_text": "Run 2 strategy reviews with a written decision each",
                 "fa1-m1_due": "2027-02-10", "fa1-m1_threshold": "2 decisions recorded"})
    post(client_for(org.morgan), edit, data)
    milestones = doc_of(plan)["focus_areas"][1]["milestones"]
    assert milestones[1]["text"] == "Run 2 strategy reviews with a written decision each"
    assert len(milestones) == 2


def test_with_two_milestones_the_form_offers_no_third(org: Org, plan: Plan) -> None:
    response = client_for(org.morgan).get(reverse("plans:detail", kwargs={"plan_id": plan.pk}))
    forms = [f["form"] for f in response.context["focus"]]
    assert all(f.milestone_count == 2 for f in forms)
    assert "fa1-m2_text" not in response.content.decode()


# --- no lost edits --------------------------------------------------------------------------


def test_a_save_based_on_an_old_version_is_refused_and_nothing_is_lost(org: Org,
                                                                       plan: Plan) -> None:
    stale = focus_data(plan, 0)  # Pat opens the plan at version 1...
    morgan_text = "Morgan's milestone: present the sizing to 3 leaders"
    post(client_for(org.morgan), url("edit_focus", plan, index=0),
         focus_data(plan, 0, m0_text=morgan_text))  # ...Morgan saves version 2...
    pat_text = "Pat's milestone: present the sizing and get 1 decision"
    stale["fa0-m0_text"] = pat_text
    response = post(client_for(org.pat), url("edit_focus", plan, index=0), stale)  # ...Pat saves
    assert response.status_code == 409
    html = response.content.decode()
    assert response.context["theirs"].count("Morgan&#x27;s") == 0  # context holds raw text
    assert "Morgan's milestone" in response.context["theirs"]
    assert "Pat's milestone" in response.context["yours"]
    assert "Pat&#x27;s milestone: present the sizing and get 1 decision" in html  # kept in form
    plan.refresh_from_db()
    assert plan.version == 2
    assert doc_of(plan)["focus_areas"][0]["milestones"][0]["text"] == morgan_text
    # The conflict form is based on the current version: saving it now is deliberate.
    assert response.context["form"].data["fa0-base_version"] == "2"
    again = post(client_for(org.pat), url("edit_focus", plan, index=0),
                 dict(response.context["form"].data.items()))
    assert again.status_code == 302
    assert doc_of(plan)["focus_areas"][0]["milestones"][0]["text"] == pat_text


def test_agreeing_to_a_version_you_have_not_seen_is_refused(org: Org, plan: Plan) -> None:
    post(client_for(org.morgan), url("edit_focus", plan, index=0),
         focus_data(plan, 0, weekly_rep="Read 2 competitor changelogs every Friday"))
    response = post(client_for(org.pat), url("agree", plan), {"base_version": 1})
    assert response.status_code == 409
    plan.refresh_from_db()
    assert plan.pm_agreed_version is None


# --- the PM's part --------------------------------------------------------------------------


def test_pm_writes_the_one_thing_for_this_week(org: Org, plan: Plan) -> None:
    text = "Book 30 minutes with Nadia to agree what she will watch in the H2 review"
    response = post(client_for(org.pat), url("first_action", plan),
                    {"first-text": text, "first-base_version": plan.version})
    assert response.status_code == 302
    assert doc_of(plan)["first_action"]["text"] == text
    plan.refresh_from_db()
    assert plan.first_action == text


def test_only_the_pm_writes_the_first_action(org: Org, plan: Plan) -> None:
    response = post(client_for(org.morgan), url("first_action", plan),
                    {"first-text": "x", "first-base_version": plan.version})
    assert response.status_code == 404


def swap(plan: Plan, **fields: Any) -> dict[str, Any]:
    return {"swap-base_version": plan.version, **{f"swap-{k}": v for k, v in fields.items()}}


def test_pm_replaces_one_focus_area_through_the_engine(org: Org, plan: Plan) -> None:
    strategy = index_of(plan, "product-strategy")
    post(client_for(org.pat), url("edit_focus", plan, index=strategy),
         focus_data(plan, strategy, weekly_rep="My own weekly rep, 20 minutes"))
    plan.refresh_from_db()
    chosen = swap(plan, replace="organizational-influence", with_="roadmapping",
                  reason="the Q1 roadmap is mine")
    shown = post(client_for(org.pat), url("replace_focus", plan), chosen)
    assert shown.status_code == 200
    assert plan.versions.count() == 2
    response = post(client_for(org.pat), url("replace_focus", plan),
                    {**chosen, "swap-confirm": "1"})
    assert response.status_code == 302
    d = doc_of(plan)
    chosen = {fa["competency"]: fa for fa in d["focus_areas"]}
    assert "organizational-influence" not in chosen
    assert chosen["roadmapping"]["chosen_by"] == "pm"
    assert "the Q1 roadmap is mine" in chosen["roadmapping"]["rationale"]
    assert chosen["product-strategy"]["weekly_rep"] == "My own weekly rep, 20 minutes"  # kept
    assert "organizational-influence" in d["backlog"]


def test_a_swap_needs_a_chosen_area_and_a_reason(org: Org, plan: Plan) -> None:
    form = client_for(org.pat).get(url("detail", plan)).content.decode()
    swap_form = form[form.index('name="swap-replace"'):form.index('name="swap-reason"')]
    assert re.findall(r'value="([^"]*)" selected', swap_form) == ["", ""]  # nothing chosen
    for given in ({}, {"replace": "market-analysis", "with_": "roadmapping"},
                  {"replace": "market-analysis", "with_": "roadmapping", "reason": "  "}):
        response = post(client_for(org.pat), url("replace_focus", plan), swap(plan, **given))
        assert response.status_code == 400, given
    errors = response.context["replace_form"].errors
    assert "say why" in errors["reason"][0]
    assert plan.versions.count() == 1


def test_a_swap_shows_what_leaves_the_plan_before_it_happens(org: Org, plan: Plan) -> None:
    market = index_of(plan, "market-analysis")
    post(client_for(org.morgan), url("edit_focus", plan, index=market),
         focus_data(plan, market, m0_threshold="1 decision, 3 named competitors"))
    plan.refresh_from_db()
    leaving = doc_of(plan)["focus_areas"][market]
    response = post(client_for(org.pat), url("replace_focus", plan),
                    swap(plan, replace="market-analysis", with_="roadmapping",
                         reason="the Q1 roadmap is mine"))
    text = page_text(response)
    assert "Leaves the plan: Market & competitive analysis" in text
    assert leaving["stretch_assignment"]["text"] in text
    assert "People wrote parts of it (milestones); those words leave with it" in text
    assert "Comes in: Roadmapping & prioritization" in text
    assert "Your reason: the Q1 roadmap is mine" in text
    assert 'name="swap-confirm" value="1"' in response.content.decode()
    assert plan.versions.count() == 2


def test_replacing_with_a_competency_without_a_gap_is_a_field_error(org: Org, plan: Plan
                                                                   ) -> None:
    response = post(client_for(org.pat), url("replace_focus", plan), {
        "swap-replace": "market-analysis", "swap-with_": "execution", "swap-reason": "mine",
        "swap-base_version": plan.version})
    assert response.status_code == 400
    assert "with_" in response.context["replace_form"].errors


# --- agreement ------------------------------------------------------------------------------


def agree(person: Any, plan: Plan) -> Any:
    plan.refresh_from_db()
    return post(client_for(person), url("agree", plan), {"base_version": plan.version})


def test_both_agree_and_the_plan_is_active(org: Org, plan: Plan) -> None:
    agree(org.pat, plan)
    plan.refresh_from_db()
    assert plan.status == "agreed"
    assert plan.pm_agreed_version == 1
    agree(org.morgan, plan)
    plan.refresh_from_db()
    assert plan.status == "active"
    assert doc_of(plan)["status"] == "active"
    assert [v.kind for v in plan.versions.order_by("number")] == ["created", "agreed", "agreed"]


def test_an_edit_after_one_agreement_needs_agreement_again(org: Org, plan: Plan) -> None:
    agree(org.morgan, plan)
    post(client_for(org.pat), url("edit_focus", plan, index=0),
         focus_data(plan, 0, weekly_rep="Scan 3 competitor pages every Monday"))
    plan.refresh_from_db()
    assert plan.status == "draft"
    agree(org.pat, plan)
    plan.refresh_from_db()
    assert plan.status == "agreed"  # Morgan agreed to an older content version


def test_lint_errors_block_agreement(org: Org, plan: Plan) -> None:
    post(client_for(org.pat), url("edit_focus", plan, index=0),
         focus_data(plan, 0, m0_text=VAGUE, m0_threshold=""))
    plan.refresh_from_db()
    assert plan.version == 2
    assert plan.lint_errors > 0
    response = agree(org.pat, plan)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.pm_agreed_version is None
    assert plan.status == "draft"


def test_manager_closes_an_active_plan(org: Org, plan: Plan) -> None:
    agree(org.pat, plan)
    agree(org.morgan, plan)
    plan.refresh_from_db()
    post(client_for(org.morgan), url("close", plan), {"base_version": plan.version})
    plan.refresh_from_db()
    assert plan.status == "closed"
    page = client_for(org.pat).get(url("detail", plan))
    assert page.context["editable"] is False
    assert page.context["first_form"] is None


# --- versions, diff, restore ----------------------------------------------------------------


def test_history_diff_and_restore(org: Org, plan: Plan) -> None:
    original = doc_of(plan)["focus_areas"][0]["weekly_rep"]
    post(client_for(org.pat), url("edit_focus", plan, index=0),
         focus_data(plan, 0, weekly_rep="Log 2 competitor moves every Friday"))
    history = client_for(org.morgan).get(url("history", plan))
    assert [v.number for v in history.context["versions"]] == [2, 1]
    diff = client_for(org.morgan).get(url("version", plan, number=2))
    kinds = {kind for kind, _ in diff.context["diff"]}
    assert {"add", "del"} <= kinds
    added = " ".join(line for kind, line in diff.context["diff"] if kind == "add")
    assert "Log 2 competitor moves" in added
    plan.refresh_from_db()
    response = post(client_for(org.morgan), url("restore", plan, number=1),
                    {"base_version": plan.version})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.version == 3
    assert plan.versions.get(number=3).summary == "Restored version 1"
    assert doc_of(plan)["focus_areas"][0]["weekly_rep"] == original
    assert PlanVersion.objects.filter(plan=plan).count() == 3  # nothing deleted


# --- downloads ------------------------------------------------------------------------------


DOWNLOADS = {
    "md": ("text/markdown", b"# Development plan: Pat Quinn"),
    "json": ("application/json", b'"schema": "rung.plan/1"'),
    "ics": ("text/calendar", b"BEGIN:VCALENDAR"),
    "html": ("text/html", b"Pat Quinn"),
    "pdf": ("application/pdf", b"%PDF-"),
}


def test_every_document_format_has_a_download_case() -> None:
    assert set(DOWNLOADS) == set(FORMATS)


@pytest.mark.parametrize("fmt", sorted(DOWNLOADS))
def test_downloads(org: Org, plan: Plan, fmt: str) -> None:
    media, marker = DOWNLOADS[fmt]
    response = client_for(org.pat).get(url("download", plan, fmt=fmt))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(media)
    assert "attachment" in response["Content-Disposition"]
    assert marker in response.content


def test_unknown_format_is_404(org: Org, plan: Plan) -> None:
    assert client_for(org.pat).get(url("download", plan, fmt="exe")).status_code == 404


def test_the_pm_download_hides_single_peer_scores(org: Org, plan: Plan) -> None:
    pat = json.loads(client_for(org.pat).get(url("download", plan, fmt="json")).content)
    morgan = json.loads(client_for(org.morgan).get(url("download", plan, fmt="json")).content)
    by_id = {c["id"]: c for c in pat["assessment"]["competencies"]}
    assert by_id["market-analysis"]["peer_count"] == 1
    assert by_id["market-analysis"]["peers"] is None
    assert by_id["product-strategy"]["peers"] == 2.3  # two peers: the aggregate is shown
    m_by_id = {c["id"]: c for c in morgan["assessment"]["competencies"]}
    assert m_by_id["market-analysis"]["peers"] == 2.0


def test_cached_plan_bodies_follow_the_viewer_and_the_version(org: Org, plan: Plan) -> None:
    from rung.web.plans.page import CSRF_PLACEHOLDER

    for _ in range(2):  # the second round is served from the per-process body cache
        pat = client_for(org.pat).get(url("detail", plan)).content.decode()
        morgan = client_for(org.morgan).get(url("detail", plan)).content.decode()
        assert 'id="id_first-text"' in pat
        assert 'id="id_first-text"' not in morgan
        assert CSRF_PLACEHOLDER not in pat
        assert 'name="csrfmiddlewaretoken" value="' in pat
    post(client_for(org.pat), url("edit_focus", plan, index=0),
         focus_data(plan, 0, weekly_rep="Log 3 competitor moves every Friday"))
    page = client_for(org.morgan).get(url("detail", plan)).content.decode()
    assert "Log 3 competitor moves every Friday" in page
    assert "version 2" in page


def test_plan_text_is_escaped_everywhere_it_is_shown(org: Org, plan: Plan) -> None:
    evil = "<script>alert(1)</script> present 2 demos"
    post(client_for(org.pat), url("edit_focus", plan, index=0),
         focus_data(plan, 0, m0_text=evil, weekly_rep=evil))
    for who in (org.pat, org.morgan):
        page = client_for(who).get(url("detail", plan)).content.decode()
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)" in page
    lint = post(client_for(org.pat), url("lint", plan),
                {**focus_data(plan, 0, m0_text=evil, m0_threshold=""), "section": "focus-0"})
    assert "<script>alert(1)" not in lint.content.decode()
