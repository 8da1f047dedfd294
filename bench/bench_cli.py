"""Whole-process start-up of the `rung` command (issue 15's goals), against `python -c pass`.

Run: `.venv/bin/python bench/bench_cli.py [--repeat N] [--json PATH] [--before SRC]`
(or `make bench-cli`).

Each round runs, one after the other, `python -c pass`, `rung --help`, `rung plan one.yaml`
(examples/apm-b2b-saas.yaml, Markdown to standard output) and `rung plan --batch` over a 16-PM
organisation CSV (Markdown files into a fresh folder), so that a busy spell of the shared
machine falls on all of them alike. The report gives each command's median and minimum wall
time, its median CPU time (user + system) and the median over the baseline. The content cache
is warmed by one untimed round first; the cold start (no cache: the built-in YAML parsed) is
timed once on its own and reported apart.

rung runs as an installed copy does, from compiled bytecode: `pip install` compiles a wheel's
modules, but this checkout is installed in editable mode (and PYTHONDONTWRITEBYTECODE may be
set), so the script compiles the source first. `--before SRC` also times another copy of the
source (e.g. `git archive main src | tar -x -C /tmp/before`, then `--before /tmp/before/src`)
in the same rounds, through PYTHONPATH.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_batch import generate_org_csv  # bench/ is the script's folder, so on sys.path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
START = "2027-01-04"
GOALS_MS = {"rung --help": 80, "rung plan one.yaml": 120, "rung plan --batch (16 PMs)": 130}


Command = tuple[list[str], dict[str, str]]  # argv, extra environment


def _commands(tmp: Path, before: Path | None) -> dict[str, Command]:
    org = tmp / "org16.csv"
    if not org.exists():
        generate_org_csv(org, 16)
    rung = str(BIN / "rung")
    runs: dict[str, list[str]] = {
        "rung --help": [rung, "--help"],
        "rung plan one.yaml": [rung, "plan", str(ROOT / "examples" / "apm-b2b-saas.yaml"),
                               "--start", START],
        "rung plan --batch (16 PMs)": [rung, "plan", "--batch", str(org), "-o",
                                       str(tmp / "plans"), "--start", START],
    }
    out: dict[str, Command] = {"python -c pass": ([sys.executable, "-c", "pass"], {})}
    out.update({label: (argv, {}) for label, argv in runs.items()})
    if before is not None:
        out.update({f"{label} [before]": (argv, {"PYTHONPATH": str(before)})
                    for label, argv in runs.items()})
    return out


def _run(command: Command, env: dict[str, str], tmp: Path) -> tuple[float, float]:
    """(wall ms, CPU ms) of one run."""
    argv, extra = command
    shutil.rmtree(tmp / "plans", ignore_errors=True)  # the batch writes every file each time
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(argv, env={**env, **extra}, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    elapsed = (time.perf_counter() - t0) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()}")
    cpu = (after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime) * 1000
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=31, help="timed rounds")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--before", type=Path, help="another copy of src/ to time alongside")
    args = parser.parse_args()
    for src in (ROOT / "src", args.before):
        if src is not None:
            compileall.compile_dir(src, quiet=1)
    with tempfile.TemporaryDirectory(prefix="rung-bench-cli-") as name:
        tmp = Path(name)
        env = {**os.environ, "RUNG_CACHE_DIR": str(tmp / "cache")}
        commands = _commands(tmp, args.before)
        cold = {label: _run(command, {**env, "RUNG_CACHE_DIR": str(tmp / f"cold-{i}")}, tmp)[0]
                for i, (label, command) in enumerate(commands.items())}
        for command in commands.values():  # warm the cache and the file system
            _run(command, env, tmp)
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
        for _ in range(args.repeat):
            for label, command in commands.items():
                times[label].append(_run(command, env, tmp))
    baseline = statistics.median(wall for wall, _ in times["python -c pass"])
    report = {
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "rounds": args.repeat,
        "commands": {
            label: {
                "median_ms": round(statistics.median(wall for wall, _ in runs), 1),
                "min_ms": round(min(wall for wall, _ in runs), 1),
                "cpu_median_ms": round(statistics.median(cpu for _, cpu in runs), 1),
                "over_python_ms": round(statistics.median(w for w, _ in runs) - baseline, 1),
                "cold_ms": round(cold[label], 1),
                **({"goal_ms": GOALS_MS[label]} if label in GOALS_MS else {}),
            }
            for label, runs in times.items()
        },
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
