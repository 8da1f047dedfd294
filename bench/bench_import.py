"""Organisation import speed: a synthetic org's ratings CSV (+ people CSV) into the database
(goal: 100,000 rating rows in ≤ 10 s on this 2-core machine, SQLite).

Run: `.venv/bin/python bench/bench_import.py [--rows N] [--repeat R] [--json PATH]`; with
DATABASE_URL=postgresql://... it runs on that (empty, scratch) database instead of a fresh
SQLite file. The files (pm-quadrants; every PM rated by self, manager and one peer on all 12
competencies; 8 PMs per manager, 8 managers per director; managers named in the ratings by
name, as `rung plan --batch` files do) are generated first and not timed.

Each run starts from an empty database and times `org_import` end to end (read + check +
write, one transaction), then the baseline: the same score rows inserted into the same table
with one raw `executemany` (in one transaction). The report gives medians, the ratio, and one
re-import of the same files (which must change nothing).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
START = date(2026, 11, 30)
RATERS_PER_COMPETENCY = 3  # self, manager, one peer
PMS_PER_MANAGER = 8
MANAGERS_PER_DIRECTOR = 8
LEVELS = {"apm": 0.15, "pm": 0.35, "senior-pm": 0.28, "principal-pm": 0.14, "director": 0.08}
BASE = {"apm": 1.6, "pm": 2.4, "senior-pm": 3.1, "principal-pm": 3.6, "director": 3.9}
RATING_HEADER = ["person_id", "person_name", "level", "target_level", "competency", "rater",
                 "rater_name", "score", "assessed_on", "evidence", "specialization", "manager"]
PEOPLE_HEADER = ["person_id", "person_name", "role", "manager", "level", "email"]
PEERS = ["Kim Rivera", "Ravi Okafor", "Sam Tanaka", "Noor Silva", "Ida Berg"]
TABLES = ("assessments_evidencenote", "assessments_calibrationrecord", "assessments_score",
          "assessments_rating", "assessments_assessment")


def _half(x: float) -> str:
    value = round(min(5.0, max(0.0, x)) * 2) / 2
    return str(int(value)) if value.is_integer() else str(value)


def generate(folder: Path, rows: int, seed: int = 7) -> tuple[Path, Path, int, int]:
    """(ratings.csv, people.csv, PMs, rating rows)."""
    from rung.io.frameworks import load_framework

    rng = random.Random(seed)
    comps = [c.id for c in load_framework("pm-quadrants").competencies]
    pms = max(1, round(rows / (len(comps) * RATERS_PER_COMPETENCY)))
    managers = -(-pms // PMS_PER_MANAGER)
    directors = -(-managers // MANAGERS_PER_DIRECTOR)
    people_path, ratings_path = folder / "people.csv", folder / "ratings.csv"
    with people_path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(PEOPLE_HEADER)
        for d in range(directors):
            out.writerow([f"dir{d:03d}", f"Director {d:03d}", "manager", "", "",
                          f"dir{d:03d}@example.com"])
        for m in range(managers):
            out.writerow([f"mgr{m:04d}", f"Manager {m:04d}", "manager",
                          f"dir{m // MANAGERS_PER_DIRECTOR:03d}", "", ""])
    levels, weights = zip(*LEVELS.items(), strict=True)
    written = 0
    with ratings_path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(RATING_HEADER)
        for i in range(pms):
            level = rng.choices(levels, weights)[0]
            target = "director" if level == "director" else ""
            manager = f"Manager {i // PMS_PER_MANAGER:04d}"
            on = (START - timedelta(days=rng.randint(3, 80))).isoformat()
            peer = rng.choice(PEERS)
            head = [f"pm{i:05d}", f"Person {i:05d}", level, target]
            for comp in comps:
                own = BASE[level] + rng.gauss(0, 0.8)
                for rater, name, bias in (("self", "", 0.2), ("manager", manager, -0.1),
                                          ("peer", peer, 0.0)):
                    out.writerow([*head, comp, rater, name, _half(own + rng.gauss(bias, 0.5)),
                                  on, "", "", manager])
                    written += 1
    return ratings_path, people_path, pms, written


def setup(data_dir: Path) -> str:
    os.environ.setdefault("RUNG_DATA_DIR", str(data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rung.web.settings")
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return str(connection.vendor)


def clear() -> None:
    """Empty the tables an import writes (raw SQL: the ORM's cascades would dominate)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in (*TABLES, "people_person"):
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute("DELETE FROM auth_user")


def raw_insert(rows: list[tuple[Any, ...]]) -> float:
    """Seconds to insert the score rows with one executemany, committed."""
    from django.db import connection, transaction

    sql = "INSERT INTO assessments_score (rating_id, competency, score) VALUES (%s, %s, %s)"
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rating rows (about)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="default: bench/results/import[-postgresql]"
                                                  ".json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rung-bench-import-") as tmp:
        folder = Path(tmp)
        vendor = setup(folder / "data")
        from django.db import connection

        from rung.web.assessments.models import Score
        from rung.web.imports.services import org_import

        t0 = time.perf_counter()
        ratings, people, pms, rows = generate(folder, args.rows)
        generated = time.perf_counter() - t0

        def run_import() -> Any:
            return org_import(ratings=(ratings, ratings.name), people=(people, people.name))

        runs: list[dict[str, float]] = []
        rerun: dict[str, Any] = {}
        for r in range(args.repeat):
            clear()
            t0 = time.perf_counter()
            result = run_import()
            total = time.perf_counter() - t0
            assert result.scores.created == rows, (result.scores, rows)
            if r == 0:
                t0 = time.perf_counter()
                again = run_import()
                rerun = {"total_s": round(time.perf_counter() - t0, 2),
                         "created": again.scores.created + again.people.created,
                         "unchanged_scores": again.scores.unchanged}
            score_rows = list(Score.objects.values_list("rating_id", "competency", "score"))
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM assessments_score")
            raw = raw_insert(score_rows)
            runs.append({"import_s": round(total, 3), "raw_executemany_s": round(raw, 3),
                         **{f"{k}_s": round(v, 3) for k, v in result.timings.items()}})
        clear()

    def median(key: str) -> float:
        return round(float(statistics.median(run[key] for run in runs)), 3)

    report = {
        "database": vendor,
        "rating_rows": rows,
        "pms": pms,
        "people_created": result.people.created,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "generate_files_s": round(generated, 2),
        "median": {key: median(key) for key in runs[0]},
        "ratio_import_to_raw": round(median("import_s") / median("raw_executemany_s"), 1),
        "runs": runs,
        "rerun_same_files": rerun,
        "goal_import_s": 10,
    }
    text = json.dumps(report, indent=2)
    print(text)
    suffix = "" if vendor == "sqlite" else f"-{vendor}"
    path = args.json or RESULTS / f"import{suffix}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n")
    print(f"written to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
