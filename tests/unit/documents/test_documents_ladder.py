"""The promotion-readiness ladder: real numbers, calendar dates at 3, 6 and 12 months, an
evidence checklist per competency, and a clean bill from rung's own linter (seed 004 fails)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from rung.core.ladder import POINTS_PER_CYCLE, build_ladder, cycles_needed
from rung.core.lint import has_errors, lint
from rung.core.lint.rules_vocabulary import has_number, is_vague_state
from rung.io.assessments import load_assessment
from rung.io.plan_documents import read_plan_document
from rung.io.plan_markdown import parse_markdown_plan
from rung.planning import make_plan
from rung.render.charts import plan_radar_svg
from rung.render.ladder_html import render_ladder_html
from rung.render.ladder_md import render_ladder_markdown

from factories import SEED_004

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
PERSONAS = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
START = date(2026, 11, 30)


def _ladder(name: str, start: date = START):
    assessment, framework = load_assessment(EXAMPLES / f"{name}.yaml")
    plan = make_plan(assessment, framework, start=start)
    return build_ladder(plan, framework), framework


@pytest.mark.parametrize("name", PERSONAS)
def test_ladder_markdown_passes_rungs_linter_with_no_findings(name: str, tmp_path: Path) -> None:
    ladder, _ = _ladder(name)
    path = tmp_path / "ladder.md"
    path.write_text(render_ladder_markdown(ladder), encoding="utf-8")
    findings = lint(read_plan_document(path))
    assert not has_errors(findings), findings
    # The only finding allowed: a feedback person the assessment file does not name yet.
    unnamed = [f"focus_areas[{i}]" for i, fa in enumerate(ladder.plan.focus_areas)
               if fa.feedback.provider.startswith("To be named:")]
    assert len([f for f in findings if f.code == "R026"]) == len(unnamed)
    assert {f.code for f in findings} <= {"R026"}


@pytest.mark.parametrize("name", PERSONAS)
def test_the_linter_reads_the_current_cycle_as_a_plan(name: str) -> None:
    ladder, _ = _ladder(name)
    plan = ladder.plan
    doc = parse_markdown_plan(render_ladder_markdown(ladder), "ladder.md")
    assert (doc.cycle_start, doc.cycle_end) == (plan.cycle_start, plan.cycle_end)
    assert doc.assessed_on == plan.assessed_on
    assert [fa.name for fa in doc.focus_areas] == [fa.name for fa in plan.focus_areas]
    assert len(doc.focus_areas) <= 3
    for doc_fa, fa in zip(doc.focus_areas, plan.focus_areas, strict=True):
        assert [m.due for m in doc_fa.milestones] == [m.due for m in fa.milestones]
        assert {a.kind for a in doc_fa.activities} >= {"stretch", "learning", "feedback",
                                                        "coaching"}
    kinds = {e.kind for e in doc.events if e.date}
    assert {"cycle-review", "monthly-check-in"} <= kinds
    assert doc.first_action_due == plan.first_action.due


def test_seed_004_still_fails_the_linter() -> None:
    findings = lint(read_plan_document(SEED_004))
    assert has_errors(findings)
    assert {"R001", "R003", "R004", "R011"} <= {f.code for f in findings}


def test_milestones_sit_on_calendar_dates_at_3_6_and_12_months() -> None:
    ladder, _ = _ladder("senior-to-director")
    plan = ladder.plan
    by_months = {m: [x for x in ladder.milestones if x.months == m] for m in (3, 6, 12)}
    assert all(by_months.values())
    # 3 months: exactly the plan's own milestones, inside the current cycle.
    own = sorted((m.due, m.text.rstrip(".")) for fa in plan.focus_areas for m in fa.milestones)
    assert sorted((m.due, m.text) for m in by_months[3]) == own
    assert all(m.from_plan for m in by_months[3])
    assert all(plan.cycle_start <= m.due <= plan.cycle_end for m in by_months[3])
    # 6 and 12 months: the reviews of cycles 2 and 4, business days about 6 and 12 months out.
    six, twelve = ladder.cycles[1].review, ladder.cycles[3].review
    assert {m.due for m in by_months[6]} == {six}
    assert {m.due for m in by_months[12]} == {twelve}
    assert abs((six - plan.cycle_start) - timedelta(days=182)) <= timedelta(days=7)
    assert abs((twelve - plan.cycle_start) - timedelta(days=365)) <= timedelta(days=10)
    assert six.weekday() < 5
    assert twelve.weekday() < 5


@pytest.mark.parametrize("name", PERSONAS)
def test_every_milestone_is_an_observable_action_with_a_number(name: str) -> None:
    ladder, _ = _ladder(name)
    for m in ladder.milestones:
        assert has_number(f"{m.text} {m.threshold}"), m
        assert not is_vague_state(m.text), m


def test_gaps_carry_the_plans_real_numbers() -> None:
    ladder, _ = _ladder("tactical-to-strategic")
    plan = ladder.plan
    consensus = {c.id: c for c in plan.consensus}
    assert [g.competency for g in ladder.gaps] == [g.competency for g in plan.gaps]
    for lg, g in zip(ladder.gaps, plan.gaps, strict=True):
        assert (lg.current, lg.target, lg.gap, lg.must_have) == (g.current, g.target, g.gap,
                                                                 g.must_have)
        assert lg.self == consensus[g.competency].self
    md = render_ladder_markdown(ladder)
    assert "| Product strategy & vision | yes | 4.0 | 2.0 | 2.3 | 2.0* | 3.5 | 1.5 | 1 |" in md


def test_cycles_hold_at_most_three_focus_areas_and_big_gaps_span_cycles() -> None:
    ladder, _ = _ladder("senior-to-director")
    assert all(len(c.focus) <= 3 for c in ladder.cycles)
    assert ladder.cycles[0].focus == tuple(fa.name for fa in ladder.plan.focus_areas)
    people = next(g for g in ladder.gaps if g.competency == "people-leadership")
    assert people.gap > 2 * POINTS_PER_CYCLE
    assert people.cycles == (1, 2, 3)
    assert cycles_needed(1.5) == 1
    assert cycles_needed(1.6) == 2


def test_evidence_checklist_per_competency_comes_from_the_target_anchor() -> None:
    ladder, framework = _ladder("apm-b2b-saas")
    plan = ladder.plan
    assert {c.competency for c in ladder.checklists} == {c.id for c in plan.consensus}
    for cl in ladder.checklists:
        anchor = framework.competency(cl.competency).anchors[plan.target_level]
        assert cl.anchor == anchor
        if not cl.met:
            assert cl.items[0].text.startswith(anchor.rstrip("."))
            assert len(cl.items) >= 3
    md = render_ladder_markdown(ladder)
    assert md.count("- [ ] ") >= len(ladder.checklists)


def test_projection_names_when_the_must_haves_close() -> None:
    ladder, _ = _ladder("tactical-to-strategic")
    assert ladder.projected_ready == ladder.cycles[1].review
    assert "Projected: 4 must-have competencies at target by 2027-05-28" in (
        render_ladder_markdown(ladder))


def test_html_ladder_has_the_same_chart_and_every_milestone_date() -> None:
    ladder, framework = _ladder("apm-b2b-saas")
    html = render_ladder_html(ladder, framework=framework)
    assert plan_radar_svg(ladder.plan, framework) in html
    for m in ladder.milestones:
        assert m.due.isoformat() in html
