"""The Markdown reader: rung's own layout, its small variations, and plans from elsewhere."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rung.core.lint import lint
from rung.io.plan_markdown import parse_markdown_plan
from rung.io.plan_text import find_date, interval_days, split_label

FIXTURES = Path(__file__).parent / "fixtures"
GOOD_MD = (FIXTURES / "good_plan.md").read_text("utf-8")


def test_rungs_layout_is_read_completely() -> None:
    doc = parse_markdown_plan(GOOD_MD, "plan.md")
    assert (doc.cycle_start, doc.cycle_end) == (date(2026, 11, 23), date(2027, 2, 20))
    assert doc.assessed_on == date(2026, 11, 2)
    assert doc.first_action is not None
    assert doc.first_action.startswith("Book a 30-minute slot")
    assert doc.first_action_due == date(2026, 11, 27)

    fa = doc.focus_areas[0]
    assert fa.name == "Stakeholder communication"
    assert fa.rationale is not None
    assert fa.rationale.startswith("Must-have for Senior PM")
    kinds = {a.kind: a for a in fa.activities}
    assert set(kinds) == {"stretch", "learning", "feedback", "coaching", "other"}
    assert kinds["stretch"].due == date(2027, 1, 15)
    assert kinds["stretch"].output == "the deck and a one-page pre-read"
    assert kinds["feedback"].provider == "Priya Shah (VP Product)"
    assert kinds["feedback"].interval_days == 14
    assert kinds["coaching"].interval_days == 30
    [milestone] = fa.milestones
    assert milestone.due == date(2027, 1, 15)
    assert milestone.threshold == "2 presentations, each with at least 3 decisions recorded"
    assert milestone.where == "line 20"
    assert len(doc.focus_areas[1].milestones) == 2  # "Milestone 2" too


def test_the_calendar_and_calibration_tables_are_read() -> None:
    doc = parse_markdown_plan(GOOD_MD, "plan.md")
    dated = {(e.kind, e.date) for e in doc.events if e.date}
    assert ("cycle-review", date(2027, 2, 19)) in dated
    assert ("monthly-check-in", date(2026, 12, 22)) in dated
    assert ("launch-check", date(2026, 12, 7)) in dated
    assert ("weekly-self-check", date(2026, 11, 27)) in dated  # from the Recurring line
    assert ("biweekly-feedback", date(2026, 12, 4)) in dated
    review = next(e for e in doc.events if e.kind == "cycle-review")
    assert review.minutes == 60
    assert [n.competency for n in doc.needs_calibration] == ["Product strategy & vision"]
    assert doc.calibration_scheduled == ("Product strategy & vision",)


def test_a_stale_note_marks_the_assessment_stale() -> None:
    text = GOOD_MD + "- ⚠ Assessment is 4 months old at cycle start (stale: reassess soon).\n"
    assert parse_markdown_plan(text, "plan.md").stale is True


@pytest.mark.parametrize(
    "header",
    [
        "cycle **2026-11-23 → 2027-02-20** · assessed 2026-11-02",
        "cycle 2026-11-23 – 2027-02-20 · assessed 2026-11-02",
        "cycle 2026-11-23 — 2027-02-20 · assessed 2026-11-02",
        "cycle 2026-11-23 - 2027-02-20 · assessed 2026-11-02",
        "Cycle: 2026-11-23 to 2027-02-20. Assessed on: 2026-11-02",
        "cycle 23 Nov 2026 → 20 February 2027 · assessed Nov 2, 2026",
    ],
)
def test_the_cycle_header_may_vary(header: str) -> None:
    old = "cycle **2026-11-23 → 2027-02-20** · assessed 2026-11-02"
    doc = parse_markdown_plan(GOOD_MD.replace(old, header), "plan.md")
    assert (doc.cycle_start, doc.cycle_end) == (date(2026, 11, 23), date(2027, 2, 20))
    assert doc.assessed_on == date(2026, 11, 2)


def test_labels_may_be_plain_or_bold_with_the_date_inside_or_outside() -> None:
    text = (
        GOOD_MD.replace(
            "- **Stretch assignment** (due 2027-01-15):", "- Stretch assignment (due 2027-01-15):"
        )
        .replace("- **Feedback:** Priya", "- Feedback: Priya")
        .replace("- **Milestone** (due 2027-01-15):", "- **Milestone (due 2027-01-15):**")
    )
    assert lint(parse_markdown_plan(text, "plan.md")) == []


def test_a_plan_from_elsewhere_with_its_own_words_is_understood() -> None:
    text = (FIXTURES / "growth_bets_plan.md").read_text("utf-8")
    doc = parse_markdown_plan(text, "sam.md")
    [fa] = doc.focus_areas
    assert fa.name == "Pricing experiments"
    feedback = next(a for a in fa.activities if a.kind == "feedback")
    assert (feedback.provider, feedback.interval_days) == ("Lee Chen (Data lead)", 14)
    assert lint(doc) == []


def test_numbered_focus_area_headings_without_a_container_are_found() -> None:
    text = """# Plan
### Focus area 1: Stakeholder communication
- **Milestone (due 2027-01-15):** Present the Q1 review; threshold: 2 presentations
### Focus area 2: Pricing
- Lead the pricing review on 2027-01-10 and publish the decision memo
- Read chapters 2-3 of Lean Analytics
"""
    doc = parse_markdown_plan(text, "plan.md")
    assert [fa.name for fa in doc.focus_areas] == ["Stakeholder communication", "Pricing"]
    kinds = [a.kind for a in doc.focus_areas[1].activities]
    assert kinds == ["stretch", "learning"]
    assert doc.focus_areas[1].activities[0].due == date(2027, 1, 10)


def test_a_one_page_table_of_focus_areas_is_read() -> None:
    text = (FIXTURES / "focus_table_plan.md").read_text("utf-8")
    doc = parse_markdown_plan(text, "plan.md")
    assert [fa.name for fa in doc.focus_areas] == ["Stakeholder communication", "Experimentation"]
    assert doc.focus_areas[0].rationale == "promotion blocker"
    assert doc.focus_areas[0].activities[0].due == date(2027, 1, 15)
    assert doc.focus_areas[1].milestones[0].due_text == "Month 2"
    assert doc.focus_areas[1].where == "line 8"


def test_a_table_of_scores_is_not_a_focus_area() -> None:
    text = """# Plan
## Gaps and ratings
| Competency | Self | Mgr | Gap |
|---|---|---|---|
| Stakeholder communication | 2.0 | 2.0 | 1.5 |
"""
    assert parse_markdown_plan(text, "plan.md").focus_areas == ()


def test_front_matter_and_code_blocks_are_not_headings() -> None:
    text = (
        "---\n# artifact_type: plan\n---\n# Plan\n```\n## Focus areas\n### Not a focus area\n```\n"
    )
    doc = parse_markdown_plan(text, "plan.md")
    assert doc.focus_areas == ()


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Priya Shah, every 14 days", 14),
        ("every 2 weeks", 14),
        ("bi-weekly sessions", 14),
        ("Biweekly", 14),
        ("Weekly 1-on-1s", 7),
        ("every Friday", 7),
        ("monthly", 30),
        ("every month", 30),
        ("at checkpoints in week 4 and week 8", 28),
        ("once in a while", None),
    ],
)
def test_intervals_are_read_in_days(text: str, days: int | None) -> None:
    assert interval_days(text) == days


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("due 2027-01-15", date(2027, 1, 15)),
        ("on 15 Jan 2027", date(2027, 1, 15)),
        ("by January 15th, 2027", date(2027, 1, 15)),
        ("2027/1/15", date(2027, 1, 15)),
        ("2027-02-30", None),
        ("Month 3", None),
    ],
)
def test_calendar_dates_are_found_in_text(text: str, expected: date | None) -> None:
    assert find_date(text) == expected


def test_labels_are_split_from_their_values() -> None:
    lab = split_label("**Stretch assignment** (due 2027-01-15): Lead the review", plain=False)
    assert lab is not None
    assert (lab.label, lab.qualifier, lab.rest) == (
        "Stretch assignment",
        "due 2027-01-15",
        "Lead the review",
    )
    lab = split_label("_Why this one:_ Because", plain=False)
    assert lab is not None
    assert (lab.label, lab.rest) == ("Why this one", "Because")
    assert split_label("**Product Manager → Senior PM** · Growth PM", plain=False) is None
    assert split_label("Lead the Q1 review: present it", plain=True) is None


_MD_PIECES = st.sampled_from(
    [
        "# Plan\n",
        "## Focus areas\n",
        "### 1. Strategy\n",
        "- **Milestone** (due 2027-01-15): Present; threshold: 2\n",
        "- **Stretch assignment**: \n",
        "  - Review date: Month 3\n",
        "| Date | What |\n|---|---|\n| 2027-02-19 | 90-day review |\n",
        "| a |\n",
        "**This week (by ):**\n",
        "cycle 2026-11-23 → 2026-02-30\n",
        "---\n",
        "```\n",
        "_Why this one:_\n",
        "**Recurring:** · · \n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_MD_PIECES, st.text(max_size=40)), max_size=25))
def test_any_text_is_read_without_crashing(pieces: list[str]) -> None:
    findings = lint(parse_markdown_plan("".join(pieces), "fuzz.md"))
    assert all(f.code.startswith("R") for f in findings)
