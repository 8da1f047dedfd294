"""Plan variety: do plans read as written for their PM, or as one template with names swapped?

Builds the plan of every persona in tests/fixtures/personas/ and examples/ (cycle start
2027-01-04), takes each focus area's activity lines (stretch assignment, its output, learning,
feedback, coaching, weekly rep, each milestone with its threshold), replaces names (people,
product areas, companies, events, competencies) and dates by placeholders, and reports the
distinct lines as a share of all lines. Issue 10's goal: at least 90%.

Run: `.venv/bin/python bench/bench_variety.py [--json]`. With PYTHONPATH pointing at another
checkout's src/, it measures that engine on the same set: keys an older engine does not know
(`country`, event `kind`) are dropped for it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from rung.core.errors import InputError
from rung.io.assessments import assessment_from_dict
from rung.planning import make_plan

ROOT = Path(__file__).resolve().parent.parent
SETS = (ROOT / "tests" / "fixtures" / "personas", ROOT / "examples")
START = date(2027, 1, 4)
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def persona_files() -> list[Path]:
    return sorted(p for folder in SETS for p in folder.glob("*.yaml"))


def _load(data: dict[str, Any], source: str) -> Any:
    try:
        return assessment_from_dict(data, source)
    except InputError:
        # An engine from before typed events and countries: the same people without them.
        data = json.loads(json.dumps(data, default=str))
        data["person"].pop("country", None)
        for event in data.get("context", {}).get("upcoming", []):
            event.pop("kind", None)
        return assessment_from_dict(data, source)


def _names(data: dict[str, Any], plan: Any) -> list[str]:
    """Every name in the persona, longest first so 'Nadia Petrov' goes before 'Nadia'."""
    found: set[str] = set()
    person = data["person"]
    found |= {person["name"], plan.person_name}
    for rating in data.get("ratings", []):
        if rating.get("name"):
            found.add(str(rating["name"]))
    context = data.get("context", {})
    for who in context.get("feedback_people", []):
        found.add(who["name"])
    for event in context.get("upcoming", []):
        found.add(event["name"])
    for key in ("product_area", "company"):
        if context.get(key):
            found.add(context[key])
    found |= {c.name for c in plan.consensus}
    found |= {c.name.lower() for c in plan.consensus}
    if plan.manager_name:
        found.add(plan.manager_name)
    words = {part for name in found for part in name.split()
             if part[:1].isupper() and len(part) > 2}
    return sorted(found | words, key=len, reverse=True)


def activity_lines(plan: Any) -> list[str]:
    lines = []
    for fa in plan.focus_areas:
        lines += [
            fa.stretch_assignment.text,
            fa.stretch_assignment.output,
            f"{fa.learning_resource.title} — {fa.learning_resource.scope}",
            f"{fa.feedback.provider}, every {fa.feedback.interval_days} days"
            + (f", on the {fa.feedback.on}" if getattr(fa.feedback, "on", "") else ""),
            fa.coaching_touchpoint.text,
            fa.weekly_rep,
        ]
        lines += [f"{m.text}; threshold: {m.threshold}" for m in fa.milestones]
    return [line for line in lines if line]


def placeholders(line: str, names: list[str]) -> str:
    line = DATE.sub("<date>", line)
    for name in names:
        line = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", "<name>", line)
    return " ".join(line.split())


def measure() -> dict[str, Any]:
    total, distinct, per_plan = 0, set(), {}
    for path in persona_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assessment, framework = _load(data, str(path))
        plan = make_plan(assessment, framework, start=START)
        names = _names(data, plan)
        lines = [placeholders(line, names) for line in activity_lines(plan)]
        per_plan[path.stem] = len(lines)
        total += len(lines)
        distinct |= set(lines)
    return {
        "plans": len(per_plan),
        "activity_lines": total,
        "distinct_lines": len(distinct),
        "distinct_share": round(len(distinct) / total, 3) if total else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure()
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
        return
    print(f"{result['plans']} plans, {result['activity_lines']} activity lines, "
          f"{result['distinct_lines']} distinct after placeholders: "
          f"{100 * result['distinct_share']:.1f}%")


if __name__ == "__main__":
    main()
