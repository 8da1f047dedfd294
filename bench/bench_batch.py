"""Batch speed: a synthetic org of 10,000 PMs from one CSV to Markdown plans on disk (issue 6's
goal: ≤ 30 s in total on this 2-core machine).

Run: `.venv/bin/python bench/bench_batch.py [--people N] [--repeat R] [--json PATH]`.
The CSV (pm-quadrants; self + manager + 0–2 peers per competency; a realistic mix of levels and
specializations; fixed seed) is generated into a temporary directory first and is not timed.
Each run times `build_batch` end to end and its phases (load, build, render/write, move in);
the report gives the median and every run, plus the per-plan median from the build phase.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from rung.batch import build_batch
from rung.io.frameworks import load_framework

START = date(2026, 11, 30)
HEADER = ["person_id", "person_name", "level", "target_level", "competency", "rater",
          "rater_name", "score", "assessed_on", "evidence", "specialization", "manager"]
# Share of PMs per level in a typical product organisation (director targets its own level).
LEVEL_MIX = {"apm": 0.15, "pm": 0.35, "senior-pm": 0.28, "principal-pm": 0.14, "director": 0.08}
SPEC_MIX = {"": 0.4, "generalist": 0.15, "growth": 0.15, "platform": 0.15, "technical": 0.15}
LEVEL_BASE = {"apm": 1.6, "pm": 2.4, "senior-pm": 3.1, "principal-pm": 3.6, "director": 3.9}
FIRST = ["Ada", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivo", "June", "Kofi",
         "Lena", "Mo", "Nia", "Omar", "Pia", "Quinn", "Ravi", "Sara", "Tom", "Uma", "Vik"]
LAST = ["Rivera", "Okafor", "Schmidt", "Tanaka", "Silva", "Novak", "Haddad", "Berg", "Kim",
        "Moreau", "Patel", "Quist", "Lund", "Ortiz", "Weber", "Young"]
EVIDENCE = ["Led the Q3 pricing test review", "Missed the launch review with Sales",
            "Ran five customer interviews in October", "Roadmap trade-off memo for Billing"]


def _half(x: float) -> float:
    return round(min(5.0, max(0.0, x)) * 2) / 2


def _fmt(x: float) -> str:
    return str(int(x)) if x.is_integer() else str(x)


def generate_org_csv(path: Path, people: int, seed: int = 6) -> int:
    """Write the synthetic org; returns the number of score rows."""
    rng = random.Random(seed)
    comps = [c.id for c in load_framework("pm-quadrants").competencies]
    levels, level_w = zip(*LEVEL_MIX.items(), strict=True)
    specs, spec_w = zip(*SPEC_MIX.items(), strict=True)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(HEADER)
        for i in range(people):
            level = rng.choices(levels, level_w)[0]
            target = "director" if level == "director" else ""
            spec = rng.choices(specs, spec_w)[0]
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            manager = f"Manager {i // 8:04d}"
            # Mostly recent assessments; about one in twenty is older than three months.
            age = rng.randint(100, 200) if rng.random() < 0.05 else rng.randint(3, 80)
            assessed = (START - timedelta(days=age)).isoformat()
            peers = rng.sample([f"{f} {ln}" for f in FIRST[:6] for ln in LAST[:4]], 2)
            base = LEVEL_BASE[level]
            person = [f"pm{i:05d}", name, level, target]
            tail = [assessed, spec, manager]
            for comp in comps:
                own = base + rng.gauss(0, 0.8)  # each person has their own strengths
                self_score = _half(own + rng.gauss(0.2, 0.5))
                mgr_score = _half(own + rng.gauss(-0.1, 0.5))
                evidence = rng.choice(EVIDENCE) if rng.random() < 0.05 else ""
                out.writerow([*person, comp, "self", "", _fmt(self_score), tail[0], "",
                              *tail[1:]])
                out.writerow([*person, comp, "manager", manager, _fmt(mgr_score), tail[0],
                              evidence, *tail[1:]])
                rows += 2
                for peer in peers[: rng.randint(0, 2)]:
                    out.writerow([*person, comp, "peer", peer,
                                  _fmt(_half(own + rng.gauss(0, 0.6))), tail[0], "",
                                  *tail[1:]])
                    rows += 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (fresh out dir each)")
    parser.add_argument("--workers", type=int, default=None, help="default: every core")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rung-bench-batch-") as tmp:
        org = Path(tmp) / "org.csv"
        t0 = time.perf_counter()
        rows = generate_org_csv(org, args.people)
        generated = time.perf_counter() - t0
        runs = []
        for r in range(args.repeat):
            out_dir = Path(tmp) / f"plans-{r}"
            t0 = time.perf_counter()
            result = build_batch(org, out_dir, start=START, fmt="md", workers=args.workers)
            total = time.perf_counter() - t0
            assert result.people == args.people and result.lint_errors == 0, result
            runs.append({"total_s": round(total, 2),
                         **{f"{k}_s": round(v, 2) for k, v in result.timings.items()
                            if k != "total"},
                         **{f"sum_{k}_s": round(v, 2) for k, v in result.phase_totals.items()},
                         "plan_median_ms": round(result.plan_median_ms, 3)})
            if r:
                shutil.rmtree(out_dir)  # keep the first run's output for the idempotency run
        first = Path(tmp) / "plans-0"
        before = {p.name: p.read_bytes() for p in first.iterdir()}
        t0 = time.perf_counter()
        again = build_batch(org, first, start=START, fmt="md", workers=args.workers)
        rerun = time.perf_counter() - t0
        same = before == {p.name: p.read_bytes() for p in first.iterdir()}
        size = sum(len(b) for b in before.values())

    def median(key: str) -> float:
        return round(statistics.median(run[key] for run in runs), 2)

    report = {
        "people": args.people,
        "rating_rows": rows,
        "cores": os.cpu_count(),
        "workers": runs and again.workers,
        "python": platform.python_version(),
        "generate_csv_s": round(generated, 2),
        "median": {key: median(key) for key in runs[0]},
        "runs": runs,
        "rerun_same_files": {"total_s": round(rerun, 2), "identical": same,
                             "unchanged": again.unchanged},
        "markdown_mb": round(size / 1e6, 1),
        "goal_total_s": 30,
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
