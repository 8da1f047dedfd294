"""Whole-process start-up of the `rung` command (issue 15's goals), against `python -c pass`.

Run: `.venv/bin/python bench/bench_cli.py [--repeat N] [--json PATH]` (or `make bench-cli`).

Each round runs, one after the other, `python -c pass`, `rung --help`, `rung plan one.yaml`
(examples/apm-b2b-saas.yaml, Markdown to standard output) and `rung plan --batch` over a 16-PM
organisation CSV (Markdown files into a fresh folder), so that a busy spell of the shared
machine falls on all of them alike. The report gives each command's median and minimum wall
time and the median over the baseline. The content cache is warmed by one untimed round first;
the cold start (no cache: the built-in YAML parsed) is timed once on its own and reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import generate_org_csv  # noqa: E402 (bench/ is not a package)

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
START = "2027-01-04"
GOALS_MS = {"rung --help": 80, "rung plan one.yaml": 120, "rung plan --batch (16 PMs)": 130}


def _commands(tmp: Path) -> dict[str, list[str]]:
    org = tmp / "org16.csv"
    if not org.exists():
        generate_org_csv(org, 16)
    rung = str(BIN / "rung")
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "rung --help": [rung, "--help"],
        "rung plan one.yaml": [rung, "plan", str(ROOT / "examples" / "apm-b2b-saas.yaml"),
                               "--start", START],
        "rung plan --batch (16 PMs)": [rung, "plan", "--batch", str(org), "-o",
                                       str(tmp / "plans"), "--start", START],
    }


def _run(argv: list[str], env: dict[str, str], tmp: Path) -> float:
    shutil.rmtree(tmp / "plans", ignore_errors=True)  # the batch writes every file each time
    t0 = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False)
    elapsed = (time.perf_counter() - t0) * 1000
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=31, help="timed rounds")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rung-bench-cli-") as name:
        tmp = Path(name)
        env = {**os.environ, "RUNG_CACHE_DIR": str(tmp / "cache")}
        commands = _commands(tmp)
        cold = {label: _run(argv, {**env, "RUNG_CACHE_DIR": str(tmp / f"cold-{i}")}, tmp)
                for i, (label, argv) in enumerate(commands.items())}
        for argv in commands.values():  # warm the cache and the file system
            _run(argv, env, tmp)
        times: dict[str, list[float]] = {label: [] for label in commands}
        for _ in range(args.repeat):
            for label, argv in commands.items():
                times[label].append(_run(argv, env, tmp))
    baseline = statistics.median(times["python -c pass"])
    report = {
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "rounds": args.repeat,
        "commands": {
            label: {
                "median_ms": round(statistics.median(ms), 1),
                "min_ms": round(min(ms), 1),
                "over_python_ms": round(statistics.median(ms) - baseline, 1),
                "cold_ms": round(cold[label], 1),
                **({"goal_ms": GOALS_MS[label]} if label in GOALS_MS else {}),
            }
            for label, ms in times.items()
        },
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
