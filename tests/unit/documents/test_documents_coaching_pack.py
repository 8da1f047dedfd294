"""The PM Coaching Pack: seven parts in order, evidence or assumption for every gap,
constraints apart, the quality checklist run and shown, and the HR boundary."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from rung.core.bloom import BLOOM_IDS, bloom_from_score, bloom_path
from rung.core.coaching_checks import CHECKS, run_checklist
from rung.core.coaching_pack_model import PART_TITLES
from rung.core.hr_boundary import NON_HR_LABEL, hr_request_reason
from rung.io.assessments import load_assessment
from rung.planning import make_plan
from rung.render.charts import plan_radar_svg
from rung.render.coaching_pack_html import pack_radar_svg, render_pack_html
from rung.render.coaching_pack_md import render_pack_markdown

from factories import coaching_pack

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
PERSONAS = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
START = date(2026, 11, 30)


def _inputs(name: str):
    assessment, framework = load_assessment(EXAMPLES / f"{name}.yaml")
    return make_plan(assessment, framework, start=START), assessment, framework


def _pack(name: str, **kw):
    plan, assessment, framework = _inputs(name)
    return coaching_pack(plan, assessment, framework, **kw)


@pytest.mark.parametrize("name", PERSONAS)
def test_markdown_has_the_seven_parts_in_order_then_checklist_and_workshop(name: str) -> None:
    md = render_pack_markdown(_pack(name))
    headings = re.findall(r"^## (.+)$", md, flags=re.M)
    expected = [f"{n}. {t}" for n, t in enumerate(PART_TITLES, start=1)]
    assert headings[:7] == expected
    assert headings[7] == "Quality checklist"
    assert headings[8].startswith("Appendix: team workshop")


def test_html_has_the_seven_parts_in_order() -> None:
    html = render_pack_html(_pack("tactical-to-strategic"))
    positions = [html.index(f'id="part-{n}"') for n in range(1, 8)]
    assert positions == sorted(positions)
    assert positions[-1] < html.index('id="checklist"') < html.index('id="workshop"')


def test_part_one_defines_good_with_anchors_behaviours_and_the_bloom_ladder() -> None:
    plan, assessment, framework = _inputs("tactical-to-strategic")
    pack = coaching_pack(plan, assessment, framework)
    md = render_pack_markdown(pack)
    part1 = md.split("## 1. ")[1].split("## 2. ")[0]
    for c in framework.competencies:
        assert c.anchors[plan.target_level] in part1
    for b in framework.level(plan.target_level).behaviours:
        assert b in part1
    ladder = re.findall(r"^\| (Know|Understand|Apply|Analyze|Synthesize|Evaluate) \|", part1,
                        flags=re.M)
    assert [d.lower() for d in ladder] == list(BLOOM_IDS)


def test_every_gap_has_evidence_or_is_labelled_an_assumption() -> None:
    plan, assessment, framework = _inputs("tactical-to-strategic")
    pack = coaching_pack(plan, assessment, framework)
    assert pack.assessment is not None
    assert {r.id for r in pack.assessment.gaps} == {g.competency for g in plan.gaps}
    for row in pack.assessment.gaps:
        notes = assessment.evidence.get(row.id, ())
        if notes:
            assert row.evidence == tuple(notes)
            assert row.assumption is None
        else:
            assert row.assumption
            assert row.assumption.startswith("Assumption:")
    md = render_pack_markdown(pack)
    assert "Evidence: The H1 roadmap was written by the manager; Pat executed it well." in md
    assert md.count("  - Assumption: no written example yet") == sum(
        1 for r in pack.assessment.gaps if r.assumption
    )


def test_constraints_are_derived_from_the_plan_and_kept_apart_from_gaps() -> None:
    pack = _pack("tactical-to-strategic")
    assert pack.assessment is not None
    sources = {c.source for c in pack.assessment.constraints}
    assert {"calibration", "plan note"} <= sources
    assert "no field for constraints" in pack.assessment.constraints_note
    md = render_pack_markdown(pack)
    gaps_section = md.split("### Gaps and their evidence")[1].split("### Constraints")[0]
    assert "disagree by" not in gaps_section  # the disputed score is a constraint, not a gap
    assert "disagree by 2.0 points" in md.split("### Constraints (not skill gaps)")[1]


def test_a_stale_assessment_is_a_constraint_and_a_risk() -> None:
    plan, assessment, framework = _inputs("apm-b2b-saas")
    plan = make_plan(assessment, framework, start=date(2027, 4, 1))
    pack = coaching_pack(plan, assessment, framework)
    assert pack.assessment is not None
    assert any(c.source == "assessment date" for c in pack.assessment.constraints)
    assert any("stale" in r for r in pack.outlook.risks)


def test_shared_vision_has_one_to_three_bets_and_the_next_bigger_challenge() -> None:
    plan, _, _ = _inputs("apm-b2b-saas")
    pack = _pack("apm-b2b-saas")
    assert 1 <= len(pack.vision.bets) <= 3
    assert [b.competency for b in pack.vision.bets] == [fa.competency for fa in plan.focus_areas]
    assert pack.vision.next_bigger_challenge.startswith("Be trusted with the scope of a Product")
    for bet in pack.vision.bets:
        assert bet.bloom_target in BLOOM_IDS
        assert bet.success_signals


def test_development_plan_has_reps_stretch_artifacts_and_support_per_bet() -> None:
    pack = _pack("engineer-to-apm")
    for item in pack.development:
        assert item.weekly_reps
        assert item.artifacts
        assert item.measurement
        assert item.coach_commitment.startswith("Elena Novak")
        assert item.depth_path[-1] in BLOOM_IDS


def test_toolkit_and_tracker_follow_the_pmwheel_rhythm() -> None:
    pack = _pack("apm-b2b-saas")
    md = render_pack_markdown(pack)
    assert "Micro-coaching nudges" in md
    assert "Monthly colour check" in md
    assert "Quarterly refresh" in md
    assert "When to be directive" in md
    assert pack.tracker is not None
    assert [label for label, _ in pack.tracker.rag_columns] == ["Month 1", "Month 2",
                                                                "90-day review"]
    assert pack.tracker.next_cycle_start == date(2027, 2, 28)
    assert all(q.endswith("?") for q in pack.toolkit.questions)


def test_next_steps_are_dated_and_in_date_order() -> None:
    pack = _pack("tactical-to-strategic")
    dues = [s.due for s in pack.outlook.next_steps]
    assert all(dues)
    assert dues == sorted(d for d in dues if d)


def test_quality_checklist_runs_every_check_and_is_shown_with_reasons() -> None:
    pack = _pack("tactical-to-strategic")
    assert [c.id for c in pack.checks] == [f"Q{i}" for i in range(1, len(CHECKS) + 1)]
    assert all(c.reason for c in pack.checks)
    md = render_pack_markdown(pack)
    assert f"**Quality check: {pack.passed} of {len(pack.checks)} passed**" in md
    table = md.split("## Quality checklist")[1]
    for c in pack.checks:
        assert f"| {c.id} | {c.title} | {'pass' if c.passed else 'FAIL'} |" in table


def test_checks_fail_with_a_reason_when_the_pack_is_broken() -> None:
    pack = _pack("apm-b2b-saas")
    assert pack.assessment is not None
    bare = replace(pack.assessment.gaps[-1], evidence=(), assumption=None)
    broken = replace(
        pack,
        assessment=replace(pack.assessment, gaps=(*pack.assessment.gaps[:-1], bare)),
        toolkit=replace(pack.toolkit, questions=("Tell me about it.",),
                        manager_minutes_per_month=400),
        outlook=replace(pack.outlook, risks=()),
    )
    results = {c.title: c for c in run_checklist(broken)}
    assert not results["Every gap has evidence or is marked an assumption"].passed
    assert bare.name in results["Every gap has evidence or is marked an assumption"].reason
    assert not results["The cadence is sustainable for the manager"].passed
    assert not results["Coaching builds autonomy (open questions)"].passed
    assert not results["A session could be held tomorrow from the toolkit alone"].passed
    assert "missing risks" in results["Risks, open questions and dated next steps"].reason


def test_a_manager_observing_two_bets_is_named_and_over_budget_fails_the_check() -> None:
    pack = _pack("engineer-to-apm")
    check = next(c for c in pack.checks if c.title.startswith("The cadence is sustainable"))
    # Two areas with the same observer share one session, which keeps the manager in budget.
    assert check.passed
    assert "also the observer" in check.reason
    busy = replace(pack, toolkit=replace(pack.toolkit, manager_minutes_per_month=150))
    check = next(c for c in run_checklist(busy)
                 if c.title.startswith("The cadence is sustainable"))
    assert not check.passed
    assert "ask a peer or mentor to observe instead" in check.reason


def test_pack_chart_is_the_plan_chart() -> None:
    plan, assessment, framework = _inputs("apm-b2b-saas")
    pack = coaching_pack(plan, assessment, framework)
    assert pack_radar_svg(pack) == plan_radar_svg(plan, framework)
    assert plan_radar_svg(plan, framework) in render_pack_html(pack)


def test_goal_is_shown_when_given() -> None:
    pack = _pack("apm-b2b-saas", goal="Get ready to run the billing roadmap alone")
    assert "**Coaching goal:** Get ready to run the billing roadmap alone." in (
        render_pack_markdown(pack))


@pytest.mark.parametrize(
    "purpose",
    [
        "I need to start a PIP and document underperformance",
        "Build a performance improvement plan for Riley",
        "Prepare the HR case before the review",
        "documenting poor performance for HR",
        "We are managing him out; need a paper trail",
        "Help me build a case against her",
        "termination paperwork",
        "Coaching notes to send to HR",
        "a written warning for missed deadlines",
    ],
)
def test_hr_requests_are_recognised(purpose: str) -> None:
    assert hr_request_reason(purpose) is not None


@pytest.mark.parametrize(
    "purpose",
    [
        None,
        "",
        "Coach Riley to run the billing roadmap alone",
        "Prepare for the next performance review conversation",
        "Build a case for promotion to Senior PM",
        "Reduce fire drills in the release process",
        "Our onboarding funnel is underperforming; help Pat own the fix",
        "Help Sam manage out-of-office handovers",
        "Remove redundant status meetings",
    ],
)
def test_coaching_requests_are_not_mistaken_for_hr(purpose: str | None) -> None:
    assert hr_request_reason(purpose) is None


def test_non_hr_plan_holds_only_the_coaching_plan_under_its_label() -> None:
    plan, assessment, framework = _inputs("tactical-to-strategic")
    pack = coaching_pack(plan, assessment, framework, non_hr=True)
    assert pack.assessment is None
    assert pack.tracker is None
    assert pack.workshop is None
    assert pack.checks == ()
    md = render_pack_markdown(pack)
    assert md.splitlines()[1] == f"**{NON_HR_LABEL}.**"
    assert md.rstrip().endswith(
        f"_{NON_HR_LABEL}._")
    for absent in ("Evidence:", "Assumption:", "Current assessment", "colour check",
                   "Quality checklist", "self 4.0", "disagree"):
        assert absent not in md
    html = render_pack_html(pack)
    assert f'<div class="label-banner">{NON_HR_LABEL}</div>' in html
    assert "<svg" not in html


@pytest.mark.parametrize(("score", "depth"), [(0, None), (0.5, "know"), (1.0, "understand"),
                                              (2.0, "apply"), (3.2, "apply"), (3.5, "analyze"),
                                              (4.3, "synthesize"), (5.0, "evaluate")])
def test_bloom_depth_estimate_from_score(score: float, depth: str | None) -> None:
    assert bloom_from_score(score, 0, 5) == depth


def test_bloom_path_climbs_from_today_to_the_target() -> None:
    assert bloom_path("understand", "analyze") == ("understand", "apply", "analyze")
    assert bloom_path(None, "apply") == ("know", "understand", "apply")
    assert bloom_path("analyze", "apply") == ("apply",)
