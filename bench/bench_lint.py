"""The linter on plans from elsewhere: precision and recall over the hand-written corpus
(tests/fixtures/plans), and its speed (issue 11's goals: recall ≥ 95 % of the expected
findings, 0 false errors and ≤ 1 false warning on the good plans, median ≤ 5 ms for a
three-page plan).

Run: `make bench-lint` or `.venv/bin/python bench/bench_lint.py [--repeat N]`.
A finding matches when its code and place equal a line of the plan's sidecar. Speed is read +
lint from the text in memory (no disk), with rung's caches emptied first, timed per plan, N
times each, as CPU time (the wall clock is reported too); the three-page plans are rung's own
example plans (examples/plans/*.md), which the renderer keeps within three pages.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from rung.core.lint import RULES, lint
from rung.core.lint.document import PlanDoc
from rung.io.plan_csv import parse_csv_plan
from rung.io.plan_markdown import parse_markdown_plan

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "plans"
THREE_PAGES = sorted((ROOT / "examples" / "plans").glob("*.md"))
TODAY = date(2027, 1, 4)


def read(path: Path, text: str) -> PlanDoc:
    if path.suffix == ".csv":
        return parse_csv_plan(text, str(path))
    return parse_markdown_plan(text, str(path))


def sidecar(path: Path) -> tuple[Counter[str], date]:
    expected: Counter[str] = Counter()
    today = TODAY
    for raw in path.with_name(path.name + ".expected").read_text("utf-8").splitlines():
        line = raw.strip()
        if line.startswith("# today:"):
            today = date.fromisoformat(line.split(":", 1)[1].strip())
        elif line and not line.startswith("#"):
            expected[line] += 1
    return expected, today


def clear_caches() -> None:
    """Empty every lru_cache in rung, so each timing is a first reading (as `rung lint FILE`
    is), not a replay of the previous run's cached text."""
    for name, module in list(sys.modules.items()):
        if name.startswith("rung."):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def timed_ms(path: Path, text: str, today: date, repeat: int) -> tuple[list[float], list[float]]:
    """(CPU ms, wall ms) of each run. The CPU time is the figure to compare: on the shared
    development machine other processes stretch the wall clock, not the work done."""
    cpu, wall = [], []
    for _ in range(repeat):
        clear_caches()
        c0, w0 = time.process_time(), time.perf_counter()
        lint(read(path, text), today=today)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    return cpu, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "lint.json")
    args = parser.parse_args()

    plans = sorted(p for p in CORPUS.iterdir() if p.suffix in (".md", ".txt", ".csv")
                   and p.name != "README.md")
    tp = fp = fn = 0
    false_errors: list[str] = []
    false_warnings: list[str] = []
    per_plan = []
    for path in plans:
        text = path.read_text("utf-8")
        expected, today = sidecar(path)
        found = Counter(f"{f.code} {f.where}" for f in lint(read(path, text), today=today))
        hit = found & expected
        extra, missed = found - expected, expected - found
        tp, fp, fn = tp + sum(hit.values()), fp + sum(extra.values()), fn + sum(missed.values())
        if path.name.startswith("g"):
            for key in extra.elements():
                severity = RULES[key.split()[0]][0]
                (false_errors if severity == "error" else false_warnings).append(
                    f"{path.name}: {key}")
        cpu, wall = timed_ms(path, text, today, args.repeat)
        per_plan.append({"plan": path.name, "bytes": len(text.encode()),
                         "median_ms": round(statistics.median(cpu), 3),
                         "median_wall_ms": round(statistics.median(wall), 3),
                         "unexpected": sorted(extra.elements()),
                         "missed": sorted(missed.elements())})

    three_page = []
    for path in THREE_PAGES:
        cpu, wall = timed_ms(path, path.read_text("utf-8"), TODAY, args.repeat)
        three_page.append({"plan": f"examples/plans/{path.name}",
                           "bytes": len(path.read_bytes()),
                           "median_ms": round(statistics.median(cpu), 3),
                           "p95_ms": round(sorted(cpu)[int(len(cpu) * 0.95) - 1], 3),
                           "median_wall_ms": round(statistics.median(wall), 3)})

    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    result = {
        "machine": platform.platform(), "python": platform.python_version(),
        "date": date.today().isoformat(), "repeat": args.repeat,
        "corpus": {"plans": len(plans),
                   "good": sum(p.name.startswith("g") for p in plans),
                   "bad": sum(p.name.startswith("b") for p in plans),
                   "expected": tp + fn, "found": tp + fp, "matched": tp,
                   "precision": round(precision, 4), "recall": round(recall, 4),
                   "false_errors_on_good_plans": false_errors,
                   "false_warnings_on_good_plans": false_warnings},
        "speed": {"median_ms_per_corpus_plan":
                  round(statistics.median(p["median_ms"] for p in per_plan), 3),
                  "median_ms_three_page_plan":
                  round(statistics.median(p["median_ms"] for p in three_page), 3),
                  "median_wall_ms_three_page_plan":
                  round(statistics.median(p["median_wall_ms"] for p in three_page), 3),
                  "load_average": [round(x, 2) for x in os.getloadavg()],
                  "three_page_plans": three_page},
        "plans": per_plan,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    c, s = result["corpus"], result["speed"]
    print(f"corpus: {c['plans']} plans ({c['good']} good, {c['bad']} bad), "
          f"{c['expected']} expected findings")
    print(f"precision {c['precision']:.1%}, recall {c['recall']:.1%} "
          f"({c['matched']} matched, {fp} unexpected, {fn} missed)")
    print(f"good plans: {len(false_errors)} false errors, {len(false_warnings)} false warnings")
    print(f"speed (CPU): median {s['median_ms_per_corpus_plan']} ms per corpus plan; "
          f"three-page plan median {s['median_ms_three_page_plan']} ms "
          f"({', '.join(str(p['median_ms']) for p in three_page)}); wall clock "
          f"{s['median_wall_ms_three_page_plan']} ms at load {s['load_average'][0]}")
    goals = recall >= 0.95 and not false_errors and len(false_warnings) <= 1
    return 0 if goals else 1


if __name__ == "__main__":
    sys.exit(main())
