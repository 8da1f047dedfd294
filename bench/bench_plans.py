"""Plan-building speed for a synthetic org of 10,000 PMs (issue 2's goal: median ≤ 1 ms per plan
in the core, ≤ 3 ms including Markdown, on a 2-core machine).

Run: `make bench` or `.venv/bin/python bench/bench_plans.py [--people N]`.
Times each plan separately and reports medians and p95, so one slow outlier does not hide.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time
from datetime import date
from pathlib import Path

from rung.core.assessment import Assessment, Context, FeedbackPerson, Person, Rating, UpcomingEvent
from rung.core.builder import build_plan
from rung.io.activity_library import load_activity_library
from rung.io.frameworks import load_framework
from rung.planning import with_lint
from rung.render.markdown_plan import render_markdown

START = date(2026, 11, 30)


def synthetic_org(n: int, seed: int = 7) -> list[Assessment]:
    fw = load_framework("pm-quadrants")
    rng = random.Random(seed)
    levels = [lv.id for lv in fw.levels_by_rank()][:-1]
    specs = [None] + [s.id for s in fw.specializations]
    out = []
    for i in range(n):
        base = rng.uniform(0.5, 4.0)
        self_s = {c.id: round(min(5, max(0, base + rng.gauss(0, 0.9))) * 2) / 2
                  for c in fw.competencies}
        mgr_s = {k: round(min(5, max(0, v + rng.gauss(-0.3, 0.8))) * 2) / 2
                 for k, v in self_s.items()}
        peers = tuple(
            Rating("peer", {k: round(min(5, max(0, v + rng.gauss(0, 0.6))) * 2) / 2
                            for k, v in mgr_s.items() if rng.random() < 0.5}, f"peer{j}")
            for j in range(rng.randint(0, 3))
        )
        ctx = Context(
            product_area=rng.choice([None, "Checkout", "Search", "Billing"]),
            upcoming=(UpcomingEvent("quarterly review", date(2027, 1, rng.randint(10, 28))),)
            if rng.random() < 0.6 else (),
            feedback_people=(FeedbackPerson("Priya Shah", "VP Product"),)
            if rng.random() < 0.7 else (),
        )
        out.append(Assessment(
            person=Person(f"pm{i}", f"PM {i}", rng.choice(levels), None, rng.choice(specs)),
            framework=fw.id,
            assessed_on=date(2026, rng.randint(6, 11), rng.randint(1, 28)),
            ratings=(Rating("self", self_s), Rating("manager", mgr_s, "Manager"), *peers),
            context=ctx,
        ))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    fw = load_framework("pm-quadrants")
    lib = load_activity_library(fw.id)
    org = synthetic_org(args.people)
    build_plan(org[0], fw, lib, start=START)  # warm caches and imports
    core_ms, md_ms, full_ms = [], [], []
    for a in org:
        t0 = time.perf_counter()
        plan = build_plan(a, fw, lib, start=START)
        t1 = time.perf_counter()
        render_markdown(plan)
        t2 = time.perf_counter()
        render_markdown(with_lint(plan))
        t3 = time.perf_counter()
        core_ms.append((t1 - t0) * 1000)
        md_ms.append((t2 - t0) * 1000)
        full_ms.append((t1 - t0 + t3 - t2) * 1000)

    def summary(xs: list[float]) -> dict[str, float]:
        xs = sorted(xs)
        return {"median_ms": round(statistics.median(xs), 3),
                "p95_ms": round(xs[int(0.95 * (len(xs) - 1))], 3),
                "total_s": round(sum(xs) / 1000, 2)}

    result = {
        "people": args.people,
        "python": platform.python_version(),
        "core_build_plan": summary(core_ms),
        "core_plus_markdown": summary(md_ms),
        "core_lint_markdown": summary(full_ms),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
