"""The Markdown structure layer (markdown-it-py) and the plan shapes read on top of it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from rung.core.lint import has_errors, lint
from rung.io.markdown_outline import parse_outline
from rung.io.plan_csv import parse_csv_plan
from rung.io.plan_markdown import parse_markdown_plan, plan_lines

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE_PLANS = sorted((ROOT / "examples" / "plans").glob("*.md"))
DOCS = ROOT / "docs" / "examples"


# --- the structure ----------------------------------------------------------------------------


def test_wrapped_list_items_are_one_line_and_nested_items_know_their_parent() -> None:
    text = (
        "# Plan\n"
        "- **Stretch assignment** (due 2027-02-11): run the February review\n"
        "  for the operations leads yourself\n"
        "  - Output: the review deck\n"
        "- Learning: chapters 1-3\n"
    )
    lines = plan_lines(parse_outline(text))
    assert [(ln.text, ln.line, ln.item) for ln in lines] == [
        ("**Stretch assignment** (due 2027-02-11): run the February review for the operations "
         "leads yourself", 1, True),
        ("Output: the review deck", 3, True),
        ("Learning: chapters 1-3", 4, True),
    ]
    assert lines[1].parent == 0
    assert lines[2].parent is None


def test_a_block_of_label_lines_is_read_line_by_line() -> None:
    text = "**Current Level**: Advanced  \n**Priority**: Medium\nand a wrapped tail\n"
    lines = plan_lines(parse_outline(text))
    assert [ln.text for ln in lines] == ["**Current Level**: Advanced",
                                          "**Priority**: Medium and a wrapped tail"]


def test_front_matter_keeps_line_numbers_and_code_is_not_read() -> None:
    text = ("---\ntitle: x\n---\n# Plan\n```\n## Focus areas\n```\n"
            "| a | b \\| c |\n|---|---|\n| 1 | 2 |\n")
    outline = parse_outline(text)
    assert [(h.title, h.line) for h in outline.headings] == [("Plan", 3)]
    [table] = outline.tables
    assert table.header == ("a", "b | c")
    assert table.rows == ((9, ("1", "2")),)


# --- rung's calendar written as rules, and no backlog ----------------------------------------


def _as_rules(text: str) -> str:
    """rung's plan with its recurring events written as rules, the way the plan-content rewrite
    will write them, and without the Backlog section."""
    text = re.sub(r"^\*\*Recurring:\*\*.*$",
                  "- Weekly self-check, 5 min: every Friday from 2026-12-04 to 2027-02-26\n"
                  "- Biweekly feedback with Priya Shah: every other Thursday from 2026-12-10",
                  text, flags=re.MULTILINE)
    return re.sub(r"^## Backlog\n(?:- .*\n)+\n?", "", text, flags=re.MULTILINE)


@pytest.mark.parametrize("path", EXAMPLE_PLANS, ids=lambda p: p.name)
def test_a_recurring_rule_is_dated_cadence_and_the_backlog_may_go(path: Path) -> None:
    original = path.read_text("utf-8")
    text = _as_rules(original)
    assert text != original
    assert "## Backlog" not in text
    doc = parse_markdown_plan(text, path.name)
    dated = {(e.kind, e.date) for e in doc.events}
    assert ("weekly-self-check", date(2026, 12, 4)) in dated
    assert ("biweekly-feedback", date(2026, 12, 10)) in dated
    before = lint(parse_markdown_plan(original, path.name), today=date(2026, 11, 30))
    after = lint(doc, today=date(2026, 11, 30))
    assert not has_errors(after)
    assert [f.code for f in after] == [f.code for f in before]


# --- rung's other documents ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "kind"),
    [("coaching-pack-pat-morgan.md", "coaching-pack"),
     ("coaching-plan-non-hr-pat-morgan.md", "coaching-plan"),
     ("ladder-pat-morgan.md", "ladder")],
)
def test_rungs_documents_are_recognised_and_their_plan_is_read(file: str, kind: str) -> None:
    doc = parse_markdown_plan((DOCS / file).read_text("utf-8"), file)
    assert doc.kind == kind
    assert [fa.name for fa in doc.focus_areas] == [
        "Market & competitive analysis", "Product strategy & vision", "Organizational influence"]
    assert all(len(fa.milestones) == 2 for fa in doc.focus_areas)
    # Pat's file names nobody who fits organizational influence: only that is asked for.
    assert [f.code for f in lint(doc, today=date(2027, 1, 4))] == ["R026"]


def test_the_coaching_pack_reads_its_rationales_first_action_and_tracker() -> None:
    doc = parse_markdown_plan((DOCS / "coaching-pack-pat-morgan.md").read_text("utf-8"), "p")
    assert all(fa.rationale and "-point gap" in fa.rationale for fa in doc.focus_areas)
    assert doc.first_action_due == date(2027, 1, 8)
    assert {e.kind for e in doc.events if e.date} >= {"cycle-review", "monthly-check-in",
                                                        "calibration", "launch-check"}


# --- narrative and spreadsheet ---------------------------------------------------------------


def test_a_narrative_is_read_a_component_at_a_time() -> None:
    text = (
        "# Plan\nCycle: 2027-01-04 to 2027-04-02.\n\n## Focus area 1: Pricing\n\n"
        "We chose pricing because the fee change ships in March. The stretch assignment is to "
        "own the fee change (due 2027-03-10); the visible output is the launch memo. The "
        "learning resource is Monetizing Innovation, ch. 3–5. Feedback comes from Ruth Ade "
        "(Finance lead) every two weeks. Coaching happens monthly: one price objection and "
        "the answer.\n\nBy 2027-03-10, the fee change is approved by 2 directors.\n"
    )
    [fa] = parse_markdown_plan(text, "n.md").focus_areas
    kinds = {a.kind: a for a in fa.activities}
    assert set(kinds) == {"stretch", "learning", "feedback", "coaching"}
    assert kinds["stretch"].due == date(2027, 3, 10)
    assert kinds["stretch"].output == "the launch memo"
    assert kinds["learning"].text.endswith("ch. 3–5.")
    assert (kinds["feedback"].provider, kinds["feedback"].interval_days) == (
        "Ruth Ade (Finance lead)", 14)
    assert kinds["coaching"].interval_days == 30
    assert fa.rationale is not None
    assert fa.rationale.startswith("We chose pricing")
    [milestone] = fa.milestones
    assert milestone.due == date(2027, 3, 10)


def test_a_spreadsheet_names_places_by_row() -> None:
    text = (
        "Cycle,2027-01-04 to 2027-04-02\n"
        "Focus area,Stretch assignment,Due,Milestone,Milestone due\n"
        "Pricing,Own the fee change,2027-03-10,Fee change approved by 2 directors,2027-03-10\n"
    )
    doc = parse_csv_plan(text, "plan.csv")
    [fa] = doc.focus_areas
    assert fa.where == "row 3"
    assert fa.milestones[0].where == "row 3"
    assert fa.milestones[0].due == date(2027, 3, 10)
    assert (doc.cycle_start, doc.cycle_end) == (date(2027, 1, 4), date(2027, 4, 2))
    assert doc.anchors.cycle == "row 1"
