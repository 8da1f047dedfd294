"""Batch plans: one organisation file (CSV/XLSX long form) into one plan file per PM.

All or nothing: the whole file is loaded and checked first, and every problem (bad rows, person
ids that cannot be file names, a plan the engine cannot build) is raised at once as one
`InputError`, with nothing written. Plans are built one by one through the engine (`make_plan`:
each PM's own gaps, focus areas and dates; never a shared template), rendered, and written into
a staging directory beside `out_dir`; only when every plan is there are the files moved in, and
a failure while moving puts back what was there before. Running twice with the same input and
start date gives byte-identical files; files that are already identical are left untouched.

Large batches use every core (worker processes forked after loading); `workers=1` keeps it in
one process.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rung.core.assessment import Assessment
from rung.core.errors import InputError, Problem
from rung.core.framework import Framework
from rung.core.lint import has_errors
from rung.io.assessments import load_assessments
from rung.io.holiday_calendar import holiday_dates
from rung.io.wording import shortened
from rung.planning import make_plan
from rung.render.formats import FORMATS, render_plan

Progress = Callable[[int, int], None]
# Below this many people one process is faster than starting workers.
PARALLEL_FROM = 200
MAX_WORKERS = 8
WORKER_DIED = ("one stopped before its plans were done (killed, or out of memory); nothing "
               "was written: run the batch again")
# Letters, digits and . _ @ + - : safe as a file name on every common file system.
FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,199}")
STAGING_PREFIX = ".rung-batch-"


@dataclass(frozen=True)
class BatchResult:
    out_dir: Path
    people: int  # plans built, one per person in the file
    written: int  # files created or changed in out_dir
    unchanged: int  # files already identical, left untouched
    files: tuple[Path, ...]  # every plan file, in the order of the input
    lint_error_people: tuple[str, ...]  # person ids whose plan has a lint error (should be none)
    lint_warning_plans: int  # plans with at least one lint warning
    workers: int
    # Wall-clock seconds: load (read + check the file), plans (build, render, write to the
    # staging directory), move (into out_dir), total.
    timings: Mapping[str, float] = field(default_factory=dict)
    # Seconds summed over plans (across worker processes): build (engine + lint), render, write.
    phase_totals: Mapping[str, float] = field(default_factory=dict)
    plan_median_ms: float = 0.0  # build + render + write of one plan, median

    @property
    def lint_errors(self) -> int:
        """How many plans have at least one lint error (rung's own plans should have none)."""
        return len(self.lint_error_people)


def build_batch(
    path: Path,
    out_dir: Path,
    *,
    start: date,
    fmt: str = "md",
    holidays_country: str | None = None,
    framework_override: str | Path | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> BatchResult:
    """Build every person's plan in `path` and write `out_dir/<person_id>.<ext>`.

    `progress(done, total)` is called once per plan. `workers=None` picks one worker process per
    core for large batches. Raises `InputError` listing every problem, with nothing written.
    """
    t0 = time.perf_counter()
    path, out_dir = Path(path), Path(out_dir)
    source = str(path)
    _check_options(fmt, holidays_country, out_dir)
    found = load_assessments(path, framework_override=framework_override)
    t_load = time.perf_counter()
    extension = FORMATS[fmt].extension
    names = _file_names(found, source, extension)
    _check_targets(out_dir, names)
    n = len(found)
    count = worker_count(workers, n)
    created = _make_parents(out_dir.parent)
    try:
        with _frozen_heap():
            staging = Path(
                tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}{STAGING_PREFIX}")
            )
            try:
                new_dir = staging / "new"
                new_dir.mkdir()
                job = _Job(tuple(found), start, fmt, holidays_country, source, new_dir, names)
                outcomes = _run(job, count, progress)
                problems = [p for o in outcomes for p in o.problems]
                if problems:
                    raise InputError(problems)
                t_plans = time.perf_counter()
                written, unchanged = _move_in(new_dir, staging / "old", out_dir, names)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        _remove_empty(created)
        raise
    t_end = time.perf_counter()
    per_plan = [o.build + o.render + o.write for o in outcomes]
    return BatchResult(
        out_dir=out_dir,
        people=n,
        written=written,
        unchanged=unchanged,
        files=tuple(out_dir / name for name in names),
        lint_error_people=tuple(a.person.id for (a, _), o in zip(found, outcomes, strict=True)
                                if o.lint_error),
        lint_warning_plans=sum(o.lint_warning for o in outcomes),
        workers=count,
        timings={
            "load": t_load - t0,
            "plans": t_plans - t_load,
            "move": t_end - t_plans,
            "total": t_end - t0,
        },
        phase_totals={
            "build": sum(o.build for o in outcomes),
            "render": sum(o.render for o in outcomes),
            "write": sum(o.write for o in outcomes),
        },
        plan_median_ms=statistics.median(per_plan) * 1000 if per_plan else 0.0,
    )


# --- checks before anything is built ---------------------------------------------------------


def _check_options(fmt: str, country: str | None, out_dir: Path) -> None:
    problems = []
    if fmt not in FORMATS:
        allowed = ", ".join(FORMATS)
        problems.append(Problem("--format", "value", f"unknown format '{fmt}'; use: {allowed}"))
    if country:
        try:
            holiday_dates(country, ())  # checks the code without building a calendar
        except InputError as exc:
            problems += exc.problems
    try:
        not_a_folder = out_dir.exists() and not out_dir.is_dir()
    except OSError as exc:  # a name no folder could have (too long)
        problems.append(Problem(shortened(str(out_dir)), "-o", f"cannot use this path "
                                f"({exc.strerror}); choose another folder"))
        not_a_folder = False
    if not_a_folder:
        problems.append(
            Problem(str(out_dir), "-o", "exists and is not a directory; give a directory for "
                    "the plans (it is created when missing)")
        )
    if problems:
        raise InputError(problems)


def _file_names(
    found: Sequence[tuple[Assessment, Framework]], source: str, extension: str
) -> tuple[str, ...]:
    problems = []
    seen: dict[str, str] = {}
    names = []
    for assessment, _ in found:
        person_id = assessment.person.id
        name = f"{person_id}.{extension}"
        if not FILE_NAME.fullmatch(person_id):
            problems.append(
                Problem(
                    source,
                    f"person_id '{person_id}'",
                    "cannot be a file name; a batch writes <person_id>.<format> per person, so "
                    "use letters, digits, '.', '_', '@', '+' and '-' (at most 200, starting "
                    "with a letter or digit)",
                )
            )
        elif name.casefold() in seen:
            problems.append(
                Problem(
                    source,
                    f"person_id '{person_id}'",
                    f"differs from person_id '{seen[name.casefold()]}' only in upper/lower case;"
                    " their plan files would overwrite each other on many file systems: make "
                    "the ids distinct",
                )
            )
        seen.setdefault(name.casefold(), person_id)
        names.append(name)
    if problems:
        raise InputError(problems)
    return tuple(names)


def _check_targets(out_dir: Path, names: Sequence[str]) -> None:
    if not out_dir.is_dir():
        return
    blocked = [name for name in names if (out_dir / name).is_dir()]
    if blocked:
        raise InputError(
            [
                Problem(str(out_dir / name), "-o", "is a directory where a plan file would go; "
                        "move it away or choose another output directory")
                for name in blocked
            ]
        )


def worker_count(requested: int | None, n: int) -> int:
    """Worker processes for `n` plans: `requested` (at most one per plan), else one per core
    (at most MAX_WORKERS) from PARALLEL_FROM plans on, else none beyond this process."""
    if requested is None and n < PARALLEL_FROM:
        return 1  # decided before multiprocessing is imported: small batches start faster
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # workers inherit the loaded org by forking; elsewhere stay in one process
    if requested is not None:
        return max(1, min(requested, n or 1))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


# --- building (in this process or in forked workers) -----------------------------------------


@dataclass(frozen=True)
class _Job:
    found: tuple[tuple[Assessment, Framework], ...]
    start: date
    fmt: str
    country: str | None
    source: str
    new_dir: Path
    names: tuple[str, ...]


@dataclass(frozen=True)
class _Outcome:
    problems: tuple[Problem, ...] = ()
    lint_error: bool = False
    lint_warning: bool = False
    build: float = 0.0
    render: float = 0.0
    write: float = 0.0


# The job of the running batch, set before workers fork so they inherit it without pickling.
_JOB: _Job | None = None


def _run(job: _Job, workers: int, progress: Progress | None) -> list[_Outcome]:
    n = len(job.found)
    outcomes: list[_Outcome | None] = [None] * n
    done = 0

    def record(index: int, outcome: _Outcome) -> None:
        nonlocal done
        outcomes[index] = outcome
        done += 1
        if progress is not None:
            progress(done, n)

    if workers <= 1:
        for i in range(n):
            record(i, _one(job, i))
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from concurrent.futures.process import BrokenProcessPool

        global _JOB
        _JOB = job
        size = max(1, min(100, n // (workers * 8)))
        chunks = [range(i, min(i + size, n)) for i in range(0, n, size)]
        # Not multiprocessing.Pool: leaving its `with` block SIGTERMs the workers and waits for
        # them, forever when they inherited a handler that does not exit (a task worker's
        # graceful stop, say); a pool worker that dies leaves Pool waiting forever too. The
        # executor stops its workers by message and raises BrokenProcessPool if one dies.
        executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        try:
            for future in as_completed([executor.submit(_chunk, c) for c in chunks]):
                for i, outcome in future.result():
                    record(i, outcome)
        except BrokenProcessPool:
            raise InputError([Problem(job.source, "worker processes", WORKER_DIED)]) from None
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
            _JOB = None
    return [o for o in outcomes if o is not None]


def _chunk(indices: range) -> list[tuple[int, _Outcome]]:
    assert _JOB is not None, "worker started without a batch job"
    return [(i, _one(_JOB, i)) for i in indices]


def _one(job: _Job, index: int) -> _Outcome:
    assessment, framework = job.found[index]
    person_id = assessment.person.id
    t0 = time.perf_counter()
    try:
        plan = make_plan(
            assessment,
            framework,
            start=job.start,
            holidays_country=job.country,
            source=f"{job.source}: person {person_id}",
        )
    except InputError as exc:
        return _Outcome(problems=tuple(_for_person(p, job.source, person_id)
                                       for p in exc.problems))
    t1 = time.perf_counter()
    content = render_plan(plan, job.fmt)
    data = content.encode("utf-8") if isinstance(content, str) else content
    t2 = time.perf_counter()
    (job.new_dir / job.names[index]).write_bytes(data)
    t3 = time.perf_counter()
    return _Outcome(
        lint_error=has_errors(plan.lint),
        lint_warning=any(f.severity == "warning" for f in plan.lint),
        build=t1 - t0,
        render=t2 - t1,
        write=t3 - t2,
    )


def _for_person(problem: Problem, source: str, person_id: str) -> Problem:
    """The engine names the assessment's field; say which person of the file it is."""
    where = problem.where.removeprefix("person.")
    return Problem(source, f"person {person_id}, {where}", problem.message)


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """Move the loaded org out of the collector's way while plans are built.

    Tens of thousands of long-lived objects would otherwise be walked by every full
    collection, in this process and, after copy-on-write, in each forked worker.
    """
    if gc.get_freeze_count():  # the caller froze objects itself: leave that alone
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# --- moving the plans in ----------------------------------------------------------------------


def _move_in(new_dir: Path, old_dir: Path, out_dir: Path, names: Sequence[str]) -> tuple[int, int]:
    """(written, unchanged). On any failure every file in out_dir is as it was before."""
    if not out_dir.exists():
        new_dir.rename(out_dir)  # one step: the directory appears complete or not at all
        return len(names), 0
    old_dir.mkdir()
    moved: list[tuple[str, bool]] = []  # (name, an older file was set aside)
    unchanged = 0
    try:
        for name in names:
            target, new = out_dir / name, new_dir / name
            if _same_bytes(target, new):
                unchanged += 1
                continue
            had_old = target.exists() or target.is_symlink()
            if had_old:
                os.replace(target, old_dir / name)
            moved.append((name, had_old))
            os.replace(new, target)
    except BaseException:
        for name, had_old in reversed(moved):
            target, new = out_dir / name, new_dir / name
            if not new.exists() and (target.exists() or target.is_symlink()):
                os.replace(target, new)  # take the new file out again
            if had_old:
                os.replace(old_dir / name, target)
        raise
    return len(moved), unchanged


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if a.is_symlink() or a.stat().st_size != b.stat().st_size:
            return False
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _make_parents(directory: Path) -> list[Path]:
    """Create `directory` and missing parents; the ones created, deepest first."""
    missing = []
    current = directory.absolute()
    while not current.exists():
        missing.append(current)
        current = current.parent
    directory.mkdir(parents=True, exist_ok=True)
    return missing


def _remove_empty(created: list[Path]) -> None:
    for directory in created:
        try:
            directory.rmdir()
        except OSError:
            break


__all__ = ["BatchResult", "build_batch"]
