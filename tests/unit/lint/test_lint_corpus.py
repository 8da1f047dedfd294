"""The corpus of plans from elsewhere (tests/fixtures/plans): every finding the linter reports
is one a coach wrote down by hand in the plan's sidecar, and every one written down is found.

Each plan is one test, so a failure names the plan, the unexpected findings (with their
messages) and the missed ones. The corpus's own shape is checked too: at least 20 plans, about
half good and half bad, in the shapes the README lists.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from rung.core.lint import RULES, lint
from rung.io.plan_documents import read_plan_document

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "plans"
TODAY = date(2027, 1, 4)  # the corpus day: see tests/fixtures/plans/README.md
PLAN_SUFFIXES = (".md", ".txt", ".csv")


def corpus_plans() -> list[Path]:
    return sorted(
        p for p in CORPUS.iterdir() if p.suffix in PLAN_SUFFIXES and p.name != "README.md"
    )


def expected_findings(plan: Path) -> tuple[Counter[str], date]:
    """The sidecar's 'CODE where' lines, and the day the plan is linted on."""
    sidecar = plan.with_name(plan.name + ".expected")
    assert sidecar.is_file(), f"{plan.name} has no sidecar {sidecar.name}: write its findings"
    today = TODAY
    expected: Counter[str] = Counter()
    for raw in sidecar.read_text("utf-8").splitlines():
        line = raw.strip()
        if line.startswith("# today:"):
            today = date.fromisoformat(line.split(":", 1)[1].strip())
        elif line and not line.startswith("#"):
            code = line.split()[0]
            assert code in RULES, f"{sidecar.name}: unknown rule {code!r}"
            expected[line] += 1
    return expected, today


@pytest.mark.parametrize("plan", corpus_plans(), ids=lambda p: p.name)
def test_the_linter_finds_what_a_coach_wrote_down_and_nothing_else(plan: Path) -> None:
    expected, today = expected_findings(plan)
    findings = lint(read_plan_document(plan), today=today)
    found = Counter(f"{f.code} {f.where}" for f in findings)
    messages = {f"{f.code} {f.where}": f.message for f in findings}
    unexpected = [f"{key}: {messages[key]}" for key in sorted((found - expected).elements())]
    missed = sorted((expected - found).elements())
    report = f"{plan.name}\n  unexpected: {unexpected}\n  missed: {missed}"
    assert not unexpected, report
    assert not missed, report


def test_the_corpus_has_twenty_plans_half_good_half_bad_in_several_shapes() -> None:
    plans = corpus_plans()
    good = [p for p in plans if p.name.startswith("g")]
    bad = [p for p in plans if p.name.startswith("b")]
    assert len(plans) >= 20
    assert len(good) + len(bad) == len(plans)
    assert abs(len(good) - len(bad)) <= 2
    assert {p.suffix for p in plans} == set(PLAN_SUFFIXES)
    for plan in good:  # a coach accepts a good plan: warnings at most, never an error
        expected, _ = expected_findings(plan)
        assert all(RULES[line.split()[0]][0] != "error" for line in expected), plan.name
    for plan in bad:
        expected, _ = expected_findings(plan)
        assert expected, f"{plan.name} is in the bad half but expects no finding"


def test_every_new_rule_of_issue_11_is_met_in_the_corpus() -> None:
    seen = set()
    for plan in corpus_plans():
        expected, _ = expected_findings(plan)
        seen |= {line.split()[0] for line in expected}
    coach_rules = {f"R{n:03d}" for n in range(24, 35)}  # R024-R034
    assert coach_rules <= seen, sorted(coach_rules - seen)
