"""The public API: lint(), has_errors(), RULES, deterministic order, and rung's own Plan."""

from __future__ import annotations

from datetime import date, timedelta

from rung.core.findings import LintFinding
from rung.core.lint import (
    RULES,
    DocFocusArea,
    DocMilestone,
    PlanDoc,
    has_errors,
    lint,
    plan_doc_from_plan,
)
from rung.core.plan import (
    CadenceEvent,
    Calibration,
    CoachingTouchpoint,
    CompetencyConsensus,
    FeedbackMechanism,
    FirstAction,
    FocusArea,
    LearningResource,
    Milestone,
    Plan,
    StretchAssignment,
)

START = date(2026, 11, 23)


def empty_doc(**changes: object) -> PlanDoc:
    fields: dict[str, object] = dict(
        source="x",
        cycle_start=None,
        cycle_end=None,
        assessed_on=None,
        stale=None,
        focus_areas=(),
        milestones=(),
        events=(),
        needs_calibration=(),
        calibration_scheduled=(),
        first_action=None,
    )
    fields.update(changes)
    return PlanDoc(**fields)  # type: ignore[arg-type]


def test_findings_are_sorted_by_severity_then_code_then_place() -> None:
    milestones = tuple(
        DocMilestone("Be better", None, None, None, f"line {n}") for n in (100, 9, 42)
    )
    area = DocFocusArea("Strategy", "why", (), milestones, "line 5")
    findings = lint(empty_doc(focus_areas=(area,)))
    keys = [(f.severity != "error", f.code) for f in findings]
    assert keys == sorted(keys)
    assert [f.where for f in findings if f.code == "R002"] == ["line 9", "line 42", "line 100"]
    assert findings == lint(empty_doc(focus_areas=(area,)))


def test_has_errors_ignores_warnings() -> None:
    warning = LintFinding("R010", "warning", "stale", "assessment.assessed_on")
    error = LintFinding("R001", "error", "too many", "focus_areas[3]")
    assert not has_errors([warning])
    assert has_errors([warning, error])
    assert not has_errors([])


def test_every_finding_uses_a_code_and_severity_from_the_table() -> None:
    for finding in lint(empty_doc()):
        assert RULES[finding.code][0] == finding.severity


def test_codes_are_stable_and_numbered_without_gaps() -> None:
    assert list(RULES) == [f"R{n:03d}" for n in range(1, len(RULES) + 1)]


def make_plan() -> Plan:
    def area(name: str, n: int, stretch: str, book: str, milestone: str) -> FocusArea:
        due = START + timedelta(days=40 + 10 * n)
        return FocusArea(
            competency=name.lower().replace(" ", "-"),
            name=name,
            rationale=f"Must-have gap number {n}; chosen for visibility.",
            chosen_by="rung",
            stretch_assignment=StretchAssignment(stretch, due, "the deck"),
            learning_resource=LearningResource(book, f"chapters {n}-{n + 2}"),
            feedback=FeedbackMechanism(f"Reviewer {n} (VP Product)", 14),
            coaching_touchpoint=CoachingTouchpoint("Monthly coaching segment", 30),
            milestones=(Milestone(milestone, due, f"{n + 1} decisions recorded"),),
            weekly_rep="",
            bloom_target="apply",
        )

    areas = (
        area(
            "Stakeholder communication",
            1,
            "Lead the Q1 business review for the leadership team",
            "Inspired",
            "Present the Q1 review without the manager stepping in",
        ),
        area(
            "Experimentation",
            2,
            "Own the checkout pricing A/B test",
            "Trustworthy Online Controlled Experiments",
            "Publish the pricing test readout with a ship or kill call",
        ),
    )
    people = ("Alex Rivera", "Jordan Lee")
    return Plan(
        person_id="alex",
        person_name="Alex Rivera",
        framework_id="pm-quadrants",
        framework_name="PM Quadrants",
        current_level="pm",
        current_level_title="Product Manager",
        target_level="senior-pm",
        target_level_title="Senior PM",
        specialization=None,
        cycle_start=START,
        cycle_end=START + timedelta(days=89),
        assessed_on=START - timedelta(days=20),
        stale=False,
        consensus=(
            CompetencyConsensus(
                "strategy", "Strategy", 4.0, 1.5, None, 0, None, 2.5, True, False, 1.5
            ),
        ),
        gaps=(),
        focus_areas=areas,
        backlog=(),
        cadence=(
            CadenceEvent("monthly-check-in", START + timedelta(days=29), 30, people, "Check-in 1"),
            CadenceEvent("cycle-review", START + timedelta(days=88), 60, people, "90-day review"),
        ),
        first_action=FirstAction("Book the Q1 review slot", START + timedelta(days=4)),
        calibration=(
            Calibration(
                "strategy",
                "Strategy",
                4.0,
                1.5,
                "Bring one example each",
                START + timedelta(days=2),
            ),
        ),
        notes=(),
    )


def test_a_plan_rung_built_can_be_linted_directly() -> None:
    plan = make_plan()
    doc = plan_doc_from_plan(plan)
    assert doc.focus_areas[1].milestones[0].where == "focus_areas[1].milestones[0]"
    assert lint(doc) == []


def test_a_plan_rung_built_without_its_calibration_talk_fails() -> None:
    plan = make_plan()
    doc = plan_doc_from_plan(Plan(**{**plan.__dict__, "calibration": ()}))
    [finding] = lint(doc)
    assert (finding.code, finding.where) == ("R009", "assessment.competencies[0]")
