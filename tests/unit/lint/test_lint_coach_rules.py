"""The rules a coach would add (issue 11), each on a plan in two shapes, and the plans a coach
would accept that the linter used to flag.

Every rule is shown on rung's bulleted layout (fixtures/good_plan.md) and on the one-page table
the method recommends (fixtures/one_page_table_plan.md), and on rung's JSON where it applies.
Both good plans lint clean; one small change fires one rule. Number words count as numbers.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from rung.core.findings import LintFinding
from rung.core.lint import RULES, has_errors, lint, plan_doc_from_json
from rung.core.lint.people import provider_kind
from rung.io.plan_markdown import parse_markdown_plan

FIXTURES = Path(__file__).parent / "fixtures"
BULLETS = (FIXTURES / "good_plan.md").read_text("utf-8")
TABLE = (FIXTURES / "one_page_table_plan.md").read_text("utf-8")
GOOD_JSON: dict[str, Any] = json.loads((FIXTURES / "good_plan.json").read_text("utf-8"))


def lint_md(text: str, today: date | None = None) -> list[LintFinding]:
    return lint(parse_markdown_plan(text, "plan.md"), today=today)


def lint_json(data: dict[str, Any], today: date | None = None) -> list[LintFinding]:
    return lint(plan_doc_from_json(data, "plan.json"), today=today)


def changed(text: str, *changes: tuple[str, str]) -> str:
    """`text` with each (old, new) replaced; `old` must occur exactly once."""
    for old, new in changes:
        assert text.count(old) == 1, f"fixture text not unique: {old!r}"
        text = text.replace(old, new)
    return text


def only(findings: list[LintFinding], code: str) -> list[LintFinding]:
    """Assert that `code` and nothing else fired; return its findings."""
    assert {f.code for f in findings} == {code}, [
        f"{f.code} {f.where}: {f.message}" for f in findings
    ]
    return findings


def good_json() -> dict[str, Any]:
    return copy.deepcopy(GOOD_JSON)


# Table cells of the one-page plan's first row.
T_FEEDBACK = "| Dana Kim (Sales lead), every two weeks |"
T_STRETCH = "| Lead the February business review for Checkout |"
T_MILESTONE = (
    "| Present the February review with no help from the manager | 2027-02-18 | three "
    "decisions recorded |"
)
B_FEEDBACK = "- **Feedback:** Priya Shah (VP Product), every 14 days."
B_STRETCH = (
    "- **Stretch assignment** (due 2027-01-15): Lead the Q1 business review presentation to "
    "the leadership team in place of Jordan Lee."
)
B_MILESTONE = (
    "- **Milestone** (due 2027-01-15): Present the Q1 business review to the leadership team "
    "without the manager stepping in; threshold: 2 presentations, each with at least 3 "
    "decisions recorded."
)


def test_both_good_plans_are_clean() -> None:
    assert lint_md(BULLETS) == []
    assert lint_md(TABLE) == []
    assert lint_json(good_json()) == []


# --- what a coach accepts and the linter used to flag -------------------------------------------


def test_an_abbreviated_chapter_range_is_a_bounded_learning_resource() -> None:
    for scope in ("ch. 5–6", "Ch.5-6", "pp. 40–80", "chapters 1–3"):
        text = changed(TABLE, ("The Pyramid Principle, ch. 5–6", f"The Pyramid Principle, {scope}"))
        assert lint_md(text) == [], scope
    only(lint_md(changed(TABLE, ("The Pyramid Principle, ch. 5–6", "The Pyramid Principle"))),
         "R005")


def test_one_coaching_line_for_all_focus_areas_covers_every_row_of_a_table() -> None:
    assert "Coaching: monthly, on all three areas" in TABLE
    assert lint_md(TABLE) == []
    [finding] = only(lint_md(changed(TABLE, ("Coaching: monthly, on all three areas", ""))),
                     "R012")[:1]
    assert finding.where == "line 16"


def test_a_threshold_in_words_is_a_threshold() -> None:
    assert "both leads sign off in writing" in TABLE
    assert "three decisions recorded" in TABLE
    assert lint_md(TABLE) == []
    text = changed(BULLETS, ("threshold: 2 presentations, each with at least 3 decisions recorded",
                             "threshold: both leads sign off in writing"))
    assert lint_md(text) == []
    text = changed(TABLE, ("| three decisions recorded |", "| decisions recorded |"))
    only(lint_md(text), "R002")


# --- R024: diverging scores averaged -------------------------------------------------------------


def test_an_averaged_disagreement_is_an_error() -> None:
    text = changed(TABLE, ("| Pricing & monetisation | 2.5 | 2 | 2 | 3 |",
                           "| Pricing & monetisation | 4 | 2 | 3 (averaged) | 3 |"))
    [finding] = only(lint_md(text), "R024")
    assert finding.severity == "error"
    assert finding.where == "line 10"
    assert "calibration talk" in finding.message
    assert "e.g." in finding.message

    # The average under a consensus column says the same without the word.
    text = changed(TABLE, ("| Pricing & monetisation | 2.5 | 2 | 2 | 3 |",
                           "| Pricing & monetisation | 4 | 2 | 3 | 3 |"))
    only(lint_md(text), "R024")

    text = changed(BULLETS, ("| Experimentation | 3.0 | 2.5 | – | 2.5 |",
                             "| Experimentation | 4.5 | 2.5 | – | 3.5 (averaged) |"))
    only(lint_md(text), "R024")

    data = good_json()
    data["assessment"]["competencies"][1].update(self=4.5, manager=2.5, consensus=3.5,
                                                 divergence=2.0)
    [finding] = only(lint_json(data), "R024")
    assert finding.where == "assessment.competencies[1]"


def test_an_agreed_or_calibrated_score_is_not_an_average() -> None:
    for cell in ("3 (agreed at calibration)", "2", "pending: calibration talk 2027-01-06"):
        text = changed(TABLE, ("| Pricing & monetisation | 2.5 | 2 | 2 | 3 |",
                               f"| Pricing & monetisation | 4 | 2 | {cell} | 3 |"))
        assert "R024" not in {f.code for f in lint_md(text)}, cell


# --- R025: milestones measured by opinion ---------------------------------------------------------


@pytest.mark.parametrize(
    "milestone",
    [
        "Be seen as a strategic thinker by 3 senior stakeholders",
        "Be seen as a strategic thinker by three senior stakeholders",
        "Feel confident owning the roadmap; threshold: confidence 8/10 in self-assessment",
    ],
)
def test_a_milestone_measured_by_opinion_is_an_error_even_with_a_number(milestone: str) -> None:
    text = changed(BULLETS, (B_MILESTONE, f"- **Milestone** (due 2027-01-15): {milestone}."))
    [finding] = only(lint_md(text), "R025")
    assert finding.severity == "error"
    assert "e.g." in finding.message

    main, _, threshold = milestone.partition("; threshold: ")
    text = changed(TABLE, (T_MILESTONE, f"| {main} | 2027-02-18 | {threshold or 'n/a'} |"))
    only(lint_md(text), "R025")

    data = good_json()
    data["focus_areas"][0]["milestones"][0].update(text=main, threshold=threshold or "3 people")
    only(lint_json(data), "R025")


def test_a_survey_of_the_people_served_is_not_an_opinion_milestone() -> None:
    text = changed(BULLETS, (B_MILESTONE, "- **Milestone** (due 2027-01-15): Survey the 5 "
                             "partners closest to your work on your updates; threshold: at least "
                             "4 of 5 give 4 out of 5 or more."))
    assert lint_md(text) == []


# --- R006 and R026: who gives feedback -----------------------------------------------------------


@pytest.mark.parametrize(
    "provider",
    ["the team", "stakeholders", "peers", "leadership", "my manager and peers", "a peer",
     "a partner", "a finance business partner", "Director of Product", "someone"],
)
def test_a_group_or_a_role_is_not_a_feedback_person(provider: str) -> None:
    text = changed(BULLETS, (B_FEEDBACK, f"- **Feedback:** {provider}, every 14 days."))
    [finding] = only(lint_md(text), "R006")
    assert "Priya Shah (VP Product)" in finding.message  # the fix, with an example

    text = changed(TABLE, (T_FEEDBACK, f"| {provider}, every two weeks |"))
    only(lint_md(text), "R006")

    data = good_json()
    data["focus_areas"][0]["feedback"]["provider"] = provider
    only(lint_json(data), "R006")


@pytest.mark.parametrize(
    "provider",
    ["Priya Shah (VP Product)", "Priya Shah, VP Product", "your manager, Morgan Blake",
     "Aisha Mensah (PM for Returns)", "Élodie Durand (Head of Payments)"],
)
def test_a_named_person_with_or_without_a_role_gives_feedback(provider: str) -> None:
    assert provider_kind(provider) == "named"
    line = f"- **Feedback:** {provider}, every 14 days."
    assert lint_md(changed(BULLETS, (B_FEEDBACK, line))) == []
    assert lint_md(changed(TABLE, (T_FEEDBACK, f"| {provider}, every two weeks |"))) == []


def test_a_person_still_to_be_named_is_a_warning_not_an_error() -> None:
    prompt = ("To be named: someone who reads your stakeholder updates first-hand (for example "
              "a sales lead)")
    text = changed(BULLETS, (B_FEEDBACK, f"- **Feedback:** {prompt}, every 14 days."))
    [finding] = only(lint_md(text), "R026")
    assert finding.severity == "warning"
    assert not has_errors([finding])
    assert "someone who reads your stakeholder updates" in finding.message

    only(lint_md(changed(TABLE, (T_FEEDBACK, f"| {prompt}, every two weeks |"))), "R026")

    data = good_json()
    data["focus_areas"][0]["feedback"]["provider"] = prompt
    only(lint_json(data), "R026")

    data["focus_areas"][0]["feedback"]["provider"] = "To be named:"  # an empty prompt is nobody
    only(lint_json(data), "R006")


# --- R027: support work as the stretch assignment ------------------------------------------------


@pytest.mark.parametrize(
    "stretch",
    ["Support the Q2 roadmap process", "Help with the Q1 pricing review",
     "Be involved in the churn interviews", "Assist the VP with the board deck"],
)
def test_support_work_is_not_a_stretch_assignment(stretch: str) -> None:
    text = changed(BULLETS, (B_STRETCH, f"- **Stretch assignment** (due 2027-01-15): {stretch}."))
    [finding] = only(lint_md(text), "R027")
    assert finding.severity == "error"
    assert "e.g." in finding.message

    only(lint_md(changed(TABLE, (T_STRETCH, f"| {stretch} |"))), "R027")

    data = good_json()
    data["focus_areas"][0]["stretch_assignment"]["text"] = stretch
    only(lint_json(data), "R027")


# --- R028: coaching without a topic --------------------------------------------------------------


@pytest.mark.parametrize(
    "coaching", ["Discuss how it is going", "monthly 1:1 with Morgan", "Catch up on progress"]
)
def test_a_coaching_touchpoint_with_no_topic_is_a_warning(coaching: str) -> None:
    text = changed(BULLETS, (
        "- **Coaching:** Monthly 1:1 segment on reading the room and handling pushback, every "
        "30 days.", f"- **Coaching:** {coaching}, every 30 days."))
    [finding] = only(lint_md(text), "R028")
    assert finding.severity == "warning"
    assert "e.g." in finding.message

    findings = only(lint_md(changed(TABLE, ("Coaching: monthly, on all three areas",
                                            f"Coaching: monthly, {coaching}"))), "R028")
    assert len(findings) == 1  # one shared line, one finding

    data = good_json()
    data["focus_areas"][0]["coaching_touchpoint"]["text"] = coaching
    only(lint_json(data), "R028")


# --- R029: no checkpoint before the end -----------------------------------------------------------


def test_every_milestone_due_at_the_end_of_the_cycle_is_a_warning() -> None:
    text = TABLE
    for due in ("2027-02-18", "2027-03-05", "2027-03-19"):
        text = text.replace(f"| {due} |", "| 2027-04-01 |")
    [finding] = only(lint_md(text), "R029")
    assert finding.severity == "warning"
    assert finding.where == "line 16"

    text = BULLETS
    for due in ("2027-01-15", "2027-01-29", "2027-02-12"):
        text = text.replace(f"(due {due})", "(due 2027-02-19)")
    only(lint_md(text), "R029")

    data = good_json()
    for fa in data["focus_areas"]:
        fa["stretch_assignment"]["due"] = "2027-02-19"
        for m in fa["milestones"]:
            m["due"] = "2027-02-19"
    only(lint_json(data), "R029")


# --- R030: a focus area on a horizon beyond the cycle ---------------------------------------------


@pytest.mark.parametrize(
    "timeline", ["12-18 months", "2-3 years", "twelve to eighteen months", "6 months"]
)
def test_a_focus_area_timeline_longer_than_the_cycle_is_an_error(timeline: str) -> None:
    text = changed(BULLETS, (B_FEEDBACK, f"{B_FEEDBACK}\n- **Timeline:** {timeline}"))
    [finding] = only(lint_md(text), "R030")
    assert finding.severity == "error"
    assert finding.where == "line 13"

    text = changed(TABLE, ("| Focus area | Priority |", "| Focus area | Timeline | Priority |"),
                   ("|---|---|---|---|---|---|---|---|---|---|", "|" + "---|" * 11),
                   ("| Stakeholder communication | 1 |",
                    f"| Stakeholder communication | {timeline} | 1 |"),
                   ("| Pricing & monetisation | 2 |", "| Pricing & monetisation | 12 weeks | 2 |"),
                   ("| Product strategy | 3 |", "| Product strategy | this cycle | 3 |"))
    only(lint_md(text), "R030")


def test_a_timeline_within_the_cycle_is_fine() -> None:
    for timeline in ("12 weeks", "3 months", "this cycle", "by 2027-02-12"):
        text = changed(BULLETS, (B_FEEDBACK, f"{B_FEEDBACK}\n- **Timeline:** {timeline}"))
        assert lint_md(text) == [], timeline


# --- R031: no ranking -----------------------------------------------------------------------------


def test_the_same_priority_on_every_focus_area_is_a_warning() -> None:
    text = BULLETS.replace("_Why this one:_", "- **Priority:** Medium\n_Why this one:_")
    [finding] = only(lint_md(text), "R031")
    assert finding.severity == "warning"
    assert "'Medium'" in finding.message

    text = changed(TABLE,
                   ("| Stakeholder communication | 1 |", "| Stakeholder communication | High |"),
                   ("| Pricing & monetisation | 2 |", "| Pricing & monetisation | High |"),
                   ("| Product strategy | 3 |", "| Product strategy | High |"))
    only(lint_md(text), "R031")

    ranked = BULLETS.replace("_Why this one:_", "- **Priority:** High\n_Why this one:_", 2)
    last = "_Why this one:_ Must-have at Senior PM"
    assert lint_md(ranked.replace(last, f"- **Priority:** Medium\n{last}")) == []


# --- R032: no assessment --------------------------------------------------------------------------


def test_a_plan_with_no_assessment_behind_it_is_an_error() -> None:
    text = TABLE.replace(" · Assessed on 2026-12-14 (self and manager, PM Quadrants)", "")
    text = text[: text.index("## Scores")] + text[text.index("## Focus areas"):]
    [finding] = only(lint_md(text), "R032")
    assert finding.severity == "error"
    assert "e.g." in finding.message

    # A pointer to the assessment is enough: the scores live in another document.
    pointer = "Assessment: see [Q4 review](https://wiki/q4). Cycle:"
    assert lint_md(text.replace("Cycle:", pointer)) == []

    bullets = BULLETS.replace(" · assessed 2026-11-02", "")
    bullets = bullets[: bullets.index("## Calibration first")]
    bullets = bullets.replace("(self 4.0 vs manager 1.5)", "(the largest blind spot)")
    for score in ("2.0 → 3.5", "2.5 → 3.5", "2.0 → 3.0"):
        bullets = bullets.replace(f"| {score} |", "| – |")
    bullets = bullets.replace("| 2026-11-25 | Calibration: Product strategy & vision | 15 | "
                              "Alex Rivera, Jordan Lee |\n", "")
    only(lint_md(bullets), "R032")

    data = good_json()
    del data["assessment"]
    only(lint_json(data), "R032")


# --- R033 and R034: the cycle against today -------------------------------------------------------


def test_a_cycle_that_started_weeks_ago_is_a_warning_and_one_that_is_over_an_error() -> None:
    assert lint_md(TABLE, today=date(2027, 1, 2)) == []  # written before the start
    assert lint_md(TABLE, today=date(2027, 1, 11)) == []  # within the first week: fine
    [finding] = only(lint_md(TABLE, today=date(2027, 2, 1)), "R033")
    assert finding.severity == "warning"
    assert "28 days before today" in finding.message
    [finding] = only(lint_md(TABLE, today=date(2027, 5, 3)), "R034")
    assert finding.severity == "error"
    assert finding.where == "line 2"

    only(lint_md(BULLETS, today=date(2026, 12, 21)), "R033")
    only(lint_json(good_json(), today=date(2027, 3, 1)), "R034")
    assert lint_json(good_json()) == []  # without a date, nothing is judged against it


# --- every new rule has its own rationale and examples -------------------------------------------


def test_every_rule_has_an_explanation_with_both_examples() -> None:
    from rung.core.lint import EXPLANATIONS

    assert set(EXPLANATIONS) == set(RULES)
    for code, explanation in EXPLANATIONS.items():
        assert explanation.rationale, code
        assert explanation.bad, code
        assert explanation.good, code
        assert explanation.bad != explanation.good, code
