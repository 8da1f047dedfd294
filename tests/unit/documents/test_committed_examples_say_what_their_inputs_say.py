"""The committed examples (examples/plans/*, docs/examples/*) checked against their inputs and
the method, not only against what today's code renders: the golden-file tests would pass on
output that is wrong in the same way the code is. Every fact here is read from the persona's
YAML, the framework's YAML or the method's rules, and looked for in the committed files."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
PERSONAS = sorted(p.stem for p in (ROOT / "examples").glob("*.yaml"))
DOCS = ROOT / "docs" / "examples"
FRAMEWORK = yaml.safe_load((ROOT / "src/rung/content/frameworks/pm-quadrants.yaml")
                           .read_text(encoding="utf-8"))
START = date(2027, 1, 4)  # `make examples` builds every example from this Monday
END = START + timedelta(days=89)  # a 90-day cycle, both days included
ISO = re.compile(r"\b20\d\d-\d\d-\d\d\b")


def persona(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "examples" / f"{name}.yaml")
                                          .read_text(encoding="utf-8"))
    return data


def plan_json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "examples" / "plans" / f"{name}.json")
                                      .read_text(encoding="utf-8"))
    return data


def plan_md(name: str) -> str:
    return (ROOT / "examples" / "plans" / f"{name}.md").read_text(encoding="utf-8")


def ratings_by(data: dict[str, Any], rater: str) -> list[dict[str, float]]:
    return [r["scores"] for r in data["ratings"] if r["rater"] == rater]


def dates_in(text: str) -> list[date]:
    return [date.fromisoformat(d) for d in ISO.findall(text)]


# --- examples/plans: one persona in, one plan out ---------------------------------------------


@pytest.mark.parametrize("name", PERSONAS)
def test_the_plan_is_for_the_person_in_the_file_over_one_90_day_cycle(name: str):
    person, doc, md = persona(name)["person"], plan_json(name), plan_md(name)
    assert doc["schema"] == "rung.plan/1"
    assert (doc["person"]["id"], doc["person"]["name"]) == (person["id"], person["name"])
    assert doc["assessment"]["assessed_on"] == persona(name)["assessed_on"].isoformat()
    assert doc["cycle"] == {"start": START.isoformat(), "end": END.isoformat()}
    assert md.startswith(f"# Development plan: {person['name']}")
    assert f"cycle **{START} → {END}**" in md


@pytest.mark.parametrize("name", PERSONAS)
def test_every_score_in_the_plan_is_the_one_the_raters_gave(name: str):
    data, doc = persona(name), plan_json(name)
    (own,), (manager,) = ratings_by(data, "self"), ratings_by(data, "manager")
    peers = ratings_by(data, "peer")
    for row in doc["assessment"]["competencies"]:
        cid = row["id"]
        assert row["self"] == own.get(cid)
        assert row["manager"] == manager.get(cid)
        given = [p[cid] for p in peers if cid in p]
        assert row["peer_count"] == len(given)
        # The peers' mean, shown to one decimal.
        assert row["peers"] == (pytest.approx(sum(given) / len(given), abs=0.051) if given
                                else None)


@pytest.mark.parametrize("name", PERSONAS)
def test_two_points_between_self_and_manager_are_talked_through_never_averaged(name: str):
    data, doc, md = persona(name), plan_json(name), plan_md(name)
    (own,), (manager,) = ratings_by(data, "self"), ratings_by(data, "manager")
    disputed = {c for c in own if c in manager and abs(own[c] - manager[c]) >= 2}
    assert {c["competency"] for c in doc["calibration"]} == disputed
    for row in doc["assessment"]["competencies"]:
        assert (row["consensus"] is None) == (row["id"] in disputed)
    assert ("## Calibration first" in md) == bool(disputed)
    assert ("(draft — calibrate first)" in md.splitlines()[0]) == bool(disputed)


@pytest.mark.parametrize("name", PERSONAS)
def test_at_most_three_focus_areas_each_with_the_four_parts_and_countable_milestones(name: str):
    doc, md = plan_json(name), plan_md(name)
    assert 1 <= len(doc["focus_areas"]) <= 3
    gaps = {g["competency"]: g for g in doc["gaps"]}
    for i, fa in enumerate(doc["focus_areas"], start=1):
        gap = gaps[fa["competency"]]
        assert gap["current"] < gap["target"]
        assert fa["stretch_assignment"]["text"]
        assert fa["stretch_assignment"]["output"]
        assert fa["learning_resource"]["title"]
        assert fa["feedback"]["provider"]
        assert fa["coaching_touchpoint"]["text"]
        assert fa["coaching_touchpoint"]["interval_days"]
        assert 1 <= len(fa["milestones"]) <= 2
        assert all(re.search(r"\d", m["threshold"]) for m in fa["milestones"])
        assert f"### {i}. {fa['name']}" in md
        for m in fa["milestones"]:
            assert f"(due {m['due']}): {m['text']}" in md


@pytest.mark.parametrize("name", PERSONAS)
def test_every_date_falls_on_a_working_day_inside_the_cycle(name: str):
    doc, md = plan_json(name), plan_md(name)
    body = md.split("## Gaps and ratings")[0].split("\n", 2)[2]  # after the heading lines
    found = dates_in(body)
    assert found
    for day in found:
        assert START <= day <= END, day
        assert day.weekday() < 5, day
    for fa in doc["focus_areas"]:
        due = date.fromisoformat(fa["stretch_assignment"]["due"])
        assert all(date.fromisoformat(m["due"]) <= due for m in fa["milestones"])


@pytest.mark.parametrize("name", [n for n in PERSONAS
                                  if persona(n)["person"].get("specialization")
                                  in (None, "generalist")])
def test_targets_are_the_frameworks_for_the_target_level(name: str):
    doc = plan_json(name)
    targets = FRAMEWORK["targets"][doc["target_level"]]
    for gap in doc["gaps"]:
        target = targets[gap["competency"]]
        assert gap["target"] == (target["score"] if isinstance(target, dict) else target)


@pytest.mark.parametrize("name", PERSONAS)
def test_the_persons_own_context_is_in_the_plan(name: str):
    data, doc, md = persona(name), plan_json(name), plan_md(name)
    context = data.get("context", {})
    for event in context.get("upcoming", []):
        assert event["name"] in md
    providers = " ".join(fa["feedback"]["provider"] for fa in doc["focus_areas"])
    for person in context.get("feedback_people", []):
        assert f"{person['name']} ({person['role']})" in providers
    for notes in (data.get("evidence") or {}).values():
        for note in notes:
            assert note[:40] in md  # long notes are shortened with an ellipsis
    assert doc["first_action"]["text"] in md


# --- docs/examples: the documents people keep, from tactical-to-strategic and apm-b2b-saas ----

PAT = "tactical-to-strategic"
PACK_PARTS = ("Definition of a good PM here", "Current assessment (evidence first)",
              "Shared vision and growth bets", "Development plan",
              "Coaching cadence and session toolkit", "Follow-up tracker and review plan",
              "Risks, open questions and next steps")


def test_the_html_plan_shows_the_same_plan_with_its_chart_and_no_script():
    page = (DOCS / "plan-pat-morgan.html").read_text(encoding="utf-8")
    doc = plan_json(PAT)
    assert "Pat Morgan" in page
    assert "<svg" in page
    assert "<script" not in page
    for fa in doc["focus_areas"]:
        assert html.escape(fa["name"], quote=False) in page
        for m in fa["milestones"]:
            assert m["due"] in page
    assert html.escape(doc["first_action"]["text"], quote=False) in page


def test_the_coaching_pack_has_its_seven_parts_in_order_with_the_plans_bets():
    pack = (DOCS / "coaching-pack-pat-morgan.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\d)\. (.+)$", pack, flags=re.MULTILINE)
    assert headings == [(str(i), title) for i, title in enumerate(PACK_PARTS, start=1)]
    assert pack.startswith("# PM Coaching Pack: Pat Morgan")
    assert "Morgan Blake" in pack
    bets = re.findall(r"^### Bet \d: (.+)$", pack, flags=re.MULTILINE)
    assert bets == [fa["name"] for fa in plan_json(PAT)["focus_areas"]]
    part_2 = pack.split("## 2.")[1].split("## 3.")[0]
    for notes in persona(PAT)["evidence"].values():
        assert all(note in part_2 for note in notes)


def test_the_non_hr_coaching_plan_leaves_the_assessment_out():
    plan = (DOCS / "coaching-plan-non-hr-pat-morgan.md").read_text(encoding="utf-8")
    assert plan.splitlines()[1] == "**Not an HR or performance document.**"
    for part in ("Current assessment", "| Self |", "Follow-up tracker", "team workshop"):
        assert part not in plan
    bets = re.findall(r"^### Bet \d: (.+)$", plan, flags=re.MULTILINE)
    assert bets == [fa["name"] for fa in plan_json(PAT)["focus_areas"]]


@pytest.mark.parametrize(("file", "name"), [("ladder-pat-morgan.md", PAT),
                                            ("ladder-riley-chen.md", "apm-b2b-saas")])
def test_the_ladder_starts_with_this_cycles_plan_and_dates_3_6_and_12_months(file: str,
                                                                           name: str):
    ladder = (DOCS / file).read_text(encoding="utf-8")
    doc = plan_json(name)
    assert ladder.startswith(f"# Promotion-readiness ladder: {doc['person']['name']}")
    this_cycle = ladder.split("## Focus areas this cycle")[1].split("\n## ")[0]
    assert re.findall(r"^### \d\. (.+)$", this_cycle, flags=re.MULTILINE) == [
        fa["name"] for fa in doc["focus_areas"]]
    rows = re.findall(r"^\| (\d+) months \| (\d{4}-\d\d-\d\d) \|", ladder, flags=re.MULTILINE)
    assert {months for months, _ in rows} <= {"3", "6", "12"}
    assert rows
    for months, day in rows:
        # A milestone "by N months" is due in the N months from the start, on a working day.
        limit = date(START.year + (START.month - 1 + int(months)) // 12,
                     (START.month - 1 + int(months)) % 12 + 1, START.day)
        assert START <= date.fromisoformat(day) <= limit
        assert date.fromisoformat(day).weekday() < 5
