"""Each lint rule, as a specification: a good plan is clean; one small change fires one rule.

Every rule is shown on rung's JSON (`rung.plan/1`) and on rung's Markdown, starting from the
same good plan in both formats (fixtures/good_plan.json and fixtures/good_plan.md).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from rung.core.findings import LintFinding
from rung.core.lint import RULES, has_errors, lint, plan_doc_from_json
from rung.io.plan_markdown import parse_markdown_plan

FIXTURES = Path(__file__).parent / "fixtures"
GOOD_JSON: dict[str, Any] = json.loads((FIXTURES / "good_plan.json").read_text("utf-8"))
GOOD_MD = (FIXTURES / "good_plan.md").read_text("utf-8")


def lint_json(data: dict[str, Any]) -> list[LintFinding]:
    return lint(plan_doc_from_json(data, "plan.json"))


def lint_md(text: str) -> list[LintFinding]:
    return lint(parse_markdown_plan(text, "plan.md"))


def good_json() -> dict[str, Any]:
    return copy.deepcopy(GOOD_JSON)


def md_with(*changes: tuple[str, str]) -> str:
    """The good Markdown plan with each (old, new) replaced; `old` must occur exactly once."""
    text = GOOD_MD
    for old, new in changes:
        assert text.count(old) == 1, f"fixture text not unique: {old!r}"
        text = text.replace(old, new)
    return text


def codes(findings: list[LintFinding]) -> set[str]:
    return {f.code for f in findings}


def only(findings: list[LintFinding], code: str) -> list[LintFinding]:
    """Assert that `code` and nothing else fired; return its findings."""
    assert codes(findings) == {code}, [f"{f.code} {f.where}: {f.message}" for f in findings]
    return findings


FA1_MILESTONE = "- **Milestone** (due 2027-01-15): Present the Q1 business review"
FA1_STRETCH = (
    "- **Stretch assignment** (due 2027-01-15): Lead the Q1 business review presentation to "
    "the leadership team in place of Jordan Lee. Visible output: the deck and a one-page "
    "pre-read.\n"
)
FA1_LEARNING = "Inspired, Marty Cagan — chapters 10–12 (about 30 pages)."
FA1_FEEDBACK = "Priya Shah (VP Product), every 14 days."
FA1_COACHING = (
    "- **Coaching:** Monthly 1:1 segment on reading the room and handling pushback, every 30 "
    "days.\n"
)
FA1_RATIONALE_START = "_Why this one:_ Must-have for Senior PM (criticality High)"
REVIEW_ROW = "| 2027-02-19 | 90-day review | 60 | Alex Rivera, Jordan Lee |\n"
CHECK_IN_1 = "| 2026-12-22 | Monthly check-in 1 (book now) | 30 | Alex Rivera, Jordan Lee |\n"
CHECK_IN_2 = "| 2027-01-21 | Monthly check-in 2 | 30 | Alex Rivera, Jordan Lee |\n"


# --- the good plan ---------------------------------------------------------------------------


def test_the_good_plan_as_json_has_no_findings() -> None:
    assert lint_json(good_json()) == []


def test_the_good_plan_as_markdown_has_no_findings() -> None:
    assert lint_md(GOOD_MD) == []


def test_every_rule_has_a_specification() -> None:
    """Here, or (the rules a coach added in issue 11) in test_lint_coach_rules.py."""
    here = Path(__file__).parent
    source = "".join(
        (here / name).read_text("utf-8")
        for name in ("test_lint_rules.py", "test_lint_coach_rules.py")
    )
    untested = [code for code in RULES if f'"{code}"' not in source]
    assert untested == []


# --- focus areas -----------------------------------------------------------------------------

FOURTH_AREA_MD = """### 4. Data analysis & metrics
_Why this one:_ Medium gap that supports the growth metrics review.
- **Stretch assignment** (due 2027-02-05): Build the checkout funnel dashboard and walk the \
sales leads through it. Visible output: the dashboard and a one-page metric glossary.
- **Learning** (bounded): Lean Analytics, Croll & Yoskovitz — chapters 4–6.
- **Feedback:** Lee Chen (Analytics Manager), every 14 days.
- **Coaching:** Monthly 1:1 segment on choosing the one metric that matters, every 30 days.
- **Milestone** (due 2027-02-05): Train the sales leads on the funnel dashboard and agree on \
the top metric; threshold: 4 sales leads trained and 1 metric agreed.

## Calendar
"""
FOURTH_AREA_JSON = {
    "competency": "data-analysis-metrics",
    "name": "Data analysis & metrics",
    "rationale": "Medium gap that supports the growth metrics review.",
    "stretch_assignment": {
        "text": "Build the checkout funnel dashboard and walk the sales leads through it",
        "due": "2027-02-05",
        "output": "the dashboard and a one-page metric glossary",
    },
    "learning_resource": {"title": "Lean Analytics, Croll & Yoskovitz", "scope": "chapters 4–6"},
    "feedback": {"provider": "Lee Chen (Analytics Manager)", "interval_days": 14},
    "coaching_touchpoint": {"text": "Choosing the one metric that matters", "interval_days": 30},
    "milestones": [
        {
            "text": "Train the sales leads on the funnel dashboard and agree on the top metric",
            "due": "2027-02-05",
            "threshold": "4 sales leads trained and 1 metric agreed",
        }
    ],
}


def test_more_than_three_focus_areas_is_an_error() -> None:
    data = good_json()
    data["focus_areas"].append(FOURTH_AREA_JSON)
    [finding] = only(lint_json(data), "R001")
    assert finding.severity == "error"
    assert finding.where == "focus_areas[3]"
    assert "4 focus areas; keep 3" in finding.message
    assert "backlog" in finding.message

    [finding] = only(lint_md(md_with(("## Calendar\n", FOURTH_AREA_MD))), "R001")
    assert "Data analysis & metrics" in finding.message


def test_a_plan_without_focus_areas_is_an_error() -> None:
    data = good_json()
    data["focus_areas"] = []
    [finding] = only(lint_json(data), "R017")
    assert finding.where == "focus_areas"

    start, end = GOOD_MD.index("## Focus areas"), GOOD_MD.index("## Calendar")
    only(lint_md(GOOD_MD[:start] + GOOD_MD[end:]), "R017")


def test_a_focus_area_without_a_stretch_assignment_is_passive_only() -> None:
    data = good_json()
    del data["focus_areas"][0]["stretch_assignment"]
    [finding] = only(lint_json(data), "R004")
    assert finding.where == "focus_areas[0]"
    assert "Stakeholder communication" in finding.message

    [finding] = only(lint_md(md_with((FA1_STRETCH, ""))), "R004")
    assert finding.where == "line 13"


def test_a_stretch_assignment_without_a_date_or_visible_output_is_not_real_work() -> None:
    data = good_json()
    data["focus_areas"][0]["stretch_assignment"].update(due=None, output=None)
    [finding] = only(lint_json(data), "R004")
    assert finding.where == "focus_areas[0].stretch_assignment"
    assert "no due date and no visible output" in finding.message

    text = md_with((FA1_STRETCH, "- **Stretch assignment**: Practice presenting more often.\n"))
    [finding] = only(lint_md(text), "R004")
    assert "learning, not real work" in finding.message


def test_a_course_dressed_up_as_a_stretch_assignment_is_passive() -> None:
    data = good_json()
    data["focus_areas"][0]["stretch_assignment"]["text"] = (
        "Complete an online course on executive presence"
    )
    [finding] = only(lint_json(data), "R004")
    assert "learning, not real work" in finding.message


def test_an_unbounded_learning_resource_is_an_error() -> None:
    data = good_json()
    data["focus_areas"][0]["learning_resource"] = {
        "title": "A book on stakeholder management",
        "scope": None,
    }
    [finding] = only(lint_json(data), "R005")
    assert finding.where == "focus_areas[0].learning_resource"
    assert "chapters" in finding.message

    text = md_with((FA1_LEARNING, "Read a book on stakeholder management."))
    [finding] = only(lint_md(text), "R005")
    assert finding.where == "line 16"


def test_feedback_without_an_interval_is_an_error() -> None:
    data = good_json()
    data["focus_areas"][0]["feedback"]["interval_days"] = None
    [finding] = only(lint_json(data), "R006")
    assert finding.where == "focus_areas[0].feedback"
    assert "no interval" in finding.message

    only(lint_md(md_with((FA1_FEEDBACK, "Priya Shah (VP Product)."))), "R006")


def test_feedback_without_a_named_person_is_an_error() -> None:
    data = good_json()
    data["focus_areas"][0]["feedback"]["provider"] = None
    [finding] = only(lint_json(data), "R006")
    assert "no named person" in finding.message

    [finding] = only(lint_md(md_with((FA1_FEEDBACK, "someone, every 14 days."))), "R006")
    assert "no named person" in finding.message


def test_a_focus_area_without_feedback_is_an_error() -> None:
    data = good_json()
    del data["focus_areas"][1]["feedback"]
    [finding] = only(lint_json(data), "R006")
    assert finding.where == "focus_areas[1]"


def test_the_same_text_in_several_focus_areas_is_an_error() -> None:
    data = good_json()
    same = data["focus_areas"][0]["stretch_assignment"]["text"]
    data["focus_areas"][1]["stretch_assignment"]["text"] = same
    [finding] = only(lint_json(data), "R011")
    assert finding.where == "focus_areas[1].stretch_assignment"
    assert "Stakeholder communication, Experimentation" in finding.message

    text = md_with(
        (
            "Own the design and readout of the checkout pricing-page A/B test.",
            "Lead the Q1 business review presentation to the leadership team in place of "
            "Jordan Lee.",
        )
    )
    only(lint_md(text), "R011")


def test_a_template_with_only_the_competency_name_swapped_is_an_error() -> None:
    data = good_json()
    for fa in data["focus_areas"]:
        fa["weekly_rep"] = f"Practise {fa['name']} with the squad for 20 minutes each week"
    [finding] = only(lint_json(data), "R011")
    assert "3 focus areas" in finding.message


def test_a_focus_area_without_coaching_is_a_warning() -> None:
    data = good_json()
    del data["focus_areas"][0]["coaching_touchpoint"]
    [finding] = only(lint_json(data), "R012")
    assert finding.severity == "warning"
    assert not has_errors([finding])

    only(lint_md(md_with((FA1_COACHING, ""))), "R012")


def test_a_coaching_touchpoint_without_an_interval_is_a_warning() -> None:
    data = good_json()
    data["focus_areas"][0]["coaching_touchpoint"]["interval_days"] = None
    [finding] = only(lint_json(data), "R012")
    assert finding.where == "focus_areas[0].coaching_touchpoint"

    no_interval = "- **Coaching:** A 1:1 segment on reading the room and handling pushback.\n"
    only(lint_md(md_with((FA1_COACHING, no_interval))), "R012")


def test_a_focus_area_without_a_rationale_is_a_warning() -> None:
    data = good_json()
    data["focus_areas"][2]["rationale"] = ""
    [finding] = only(lint_json(data), "R015")
    assert finding.where == "focus_areas[2]"

    line = next(x for x in GOOD_MD.splitlines(keepends=True) if x.startswith(FA1_RATIONALE_START))
    [finding] = only(lint_md(md_with((line, ""))), "R015")
    assert finding.where == "line 13"


def test_a_focus_area_without_a_milestone_is_an_error() -> None:
    data = good_json()
    data["focus_areas"][2]["milestones"] = []
    only(lint_json(data), "R018")

    line = next(x for x in GOOD_MD.splitlines(keepends=True) if "out of 3 options" in x)
    only(lint_md(md_with((line, ""))), "R018")


def test_milestones_all_due_before_the_stretch_assignment_is_a_warning() -> None:
    data = good_json()
    data["focus_areas"][0]["stretch_assignment"]["due"] = "2027-02-10"
    [finding] = only(lint_json(data), "R019")
    assert "2027-01-15 < 2027-02-10" in finding.message

    text = md_with(
        ("**Stretch assignment** (due 2027-01-15)", "**Stretch assignment** (due 2027-02-10)")
    )
    only(lint_md(text), "R019")


# --- milestones ------------------------------------------------------------------------------


def test_a_milestone_without_a_number_is_an_error() -> None:
    data = good_json()
    data["focus_areas"][0]["milestones"][0]["threshold"] = "the leadership team is satisfied"
    [finding] = only(lint_json(data), "R002")
    assert finding.where == "focus_areas[0].milestones[0]"

    text = md_with(
        (
            "threshold: 2 presentations, each with at least 3 decisions recorded.",
            "threshold: the leadership team is satisfied.",
        )
    )
    [finding] = only(lint_md(text), "R002")
    assert finding.where == "line 20"


def test_a_milestone_with_a_relative_date_is_an_error() -> None:
    data = good_json()
    data["focus_areas"][0]["milestones"][0]["due"] = "Month 3"
    [finding] = only(lint_json(data), "R003")
    assert finding.where == "focus_areas[0].milestones[0]"
    assert "'Month 3'" in finding.message

    text = md_with((FA1_MILESTONE, FA1_MILESTONE.replace("due 2027-01-15", "due Q2")))
    [finding] = only(lint_md(text), "R003")
    assert "'Q2'" in finding.message


def test_a_milestone_without_a_date_is_an_error() -> None:
    data = good_json()
    data["focus_areas"][0]["milestones"][0]["due"] = None
    [finding] = only(lint_json(data), "R003")
    assert "has no date" in finding.message

    only(lint_md(md_with((FA1_MILESTONE, FA1_MILESTONE.replace(" (due 2027-01-15)", "")))), "R003")


def test_a_milestone_phrased_as_a_vague_state_is_a_warning() -> None:
    vague = "Stronger stakeholder communication, visible in 2 leadership meetings"
    data = good_json()
    data["focus_areas"][0]["milestones"][0]["text"] = vague
    [finding] = only(lint_json(data), "R013")
    assert finding.severity == "warning"

    old = "Present the Q1 business review to the leadership team without the manager stepping in;"
    only(lint_md(md_with((old, vague + ";"))), "R013")


def test_a_milestone_outside_the_cycle_is_an_error() -> None:
    data = good_json()
    data["focus_areas"][0]["milestones"][0]["due"] = "2027-03-15"
    [finding] = only(lint_json(data), "R014")
    assert "2027-03-15" in finding.message
    assert "2026-11-23 → 2027-02-20" in finding.message

    text = md_with((FA1_MILESTONE, FA1_MILESTONE.replace("2027-01-15", "2027-03-15")))
    only(lint_md(text), "R014")


def test_a_first_action_due_before_the_cycle_is_an_error() -> None:
    data = good_json()
    data["first_action"]["due"] = "2026-11-01"
    [finding] = only(lint_json(data), "R014")
    assert finding.where == "first_action"


# --- calendar and assessment -----------------------------------------------------------------


def test_a_plan_without_a_dated_cycle_review_is_an_error() -> None:
    data = good_json()
    data["cadence"] = [e for e in data["cadence"] if e["kind"] != "cycle-review"]
    [finding] = only(lint_json(data), "R007")
    assert finding.where == "cadence"

    only(lint_md(md_with((REVIEW_ROW, ""))), "R007")


def test_a_cycle_review_without_a_calendar_date_is_an_error() -> None:
    text = md_with(
        (REVIEW_ROW, "| end of cycle | 90-day review | 60 | Alex Rivera, Jordan Lee |\n")
    )
    [finding] = only(lint_md(text), "R007")
    assert "'end of cycle'" in finding.message


def test_a_plan_without_a_dated_check_in_is_an_error() -> None:
    data = good_json()
    data["cadence"] = [e for e in data["cadence"] if e["kind"] != "monthly-check-in"]
    only(lint_json(data), "R008")

    only(lint_md(md_with((CHECK_IN_1, ""), (CHECK_IN_2, ""))), "R008")


def test_a_divergence_without_a_scheduled_calibration_is_an_error() -> None:
    data = good_json()
    data["calibration"][0]["date"] = None
    [finding] = only(lint_json(data), "R009")
    assert finding.where == "assessment.competencies[2]"
    assert "product-strategy-vision" in finding.message

    row = "| 2026-11-25 | Calibration: Product strategy & vision | 15 | Alex Rivera, Jordan Lee |\n"
    [finding] = only(lint_md(md_with((row, ""))), "R009")
    assert finding.where == "line 54"  # the 'Calibration first' row


def test_a_calibrated_competency_needs_no_calibration_talk() -> None:
    data = good_json()
    data["calibration"] = []
    data["assessment"]["competencies"][2]["calibrated"] = True
    assert lint_json(data) == []


def test_a_stale_assessment_is_a_warning() -> None:
    data = good_json()
    data["assessment"]["assessed_on"] = "2026-07-01"
    [finding] = only(lint_json(data), "R010")
    assert finding.severity == "warning"
    assert "145 days old" in finding.message

    only(lint_md(md_with(("assessed 2026-11-02", "assessed 2026-07-01"))), "R010")


def test_an_assessment_marked_stale_is_a_warning() -> None:
    data = good_json()
    data["assessment"].update(assessed_on=None, stale=True)
    only(lint_json(data), "R010")


def test_a_plan_without_a_first_visible_action_is_a_warning() -> None:
    data = good_json()
    del data["first_action"]
    only(lint_json(data), "R016")

    line = next(x for x in GOOD_MD.splitlines(keepends=True) if x.startswith("**This week"))
    only(lint_md(md_with((line, ""))), "R016")


def test_a_cycle_review_early_in_the_cycle_is_a_warning() -> None:
    data = good_json()
    data["cadence"][-1]["date"] = "2027-01-25"
    [finding] = only(lint_json(data), "R020")
    assert "26 days before the cycle ends" in finding.message

    only(lint_md(md_with(("| 2027-02-19 | 90-day review", "| 2027-01-25 | 90-day review"))), "R020")


def test_a_short_cycle_review_is_a_warning() -> None:
    data = good_json()
    data["cadence"][-1]["minutes"] = 30
    [finding] = only(lint_json(data), "R020")
    assert "lasts 30 minutes" in finding.message


def test_a_cycle_much_longer_than_90_days_is_a_warning() -> None:
    data = good_json()
    data["cycle"]["end"] = "2027-05-21"
    data["cadence"][-1]["date"] = "2027-05-20"
    [finding] = only(lint_json(data), "R021")
    assert finding.where == "cycle"
    assert "179 days" in finding.message


def test_a_first_check_in_after_five_weeks_is_a_warning() -> None:
    data = good_json()
    data["cadence"][3]["date"] = "2027-01-05"
    [finding] = only(lint_json(data), "R022")
    assert finding.where == "cadence[3]"

    only(lint_md(md_with(("| 2026-12-22 | Monthly", "| 2027-01-05 | Monthly"))), "R022")


def test_more_than_two_milestones_in_a_focus_area_is_a_warning() -> None:
    data = good_json()
    milestones = data["focus_areas"][1]["milestones"]
    while len(milestones) < 3:
        milestones.append(dict(milestones[0], text=f"{milestones[0]['text']} again"))
    [finding] = only(lint_json(data), "R023")
    assert finding.where == "focus_areas[1]"
    assert "3 milestones" in finding.message


# --- the rule table --------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_a_severity_and_a_title(code: str) -> None:
    severity, title = RULES[code]
    assert severity in ("error", "warning", "info")
    assert title
    assert title[0].isupper()
