"""Batch plans: one organisation file in, one individual plan per PM out, all or nothing."""

from __future__ import annotations

import csv
import json
import os
import signal
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import rung.batch as batch
from rung.batch import build_batch
from rung.core.errors import InputError
from rung.io.assessments import load_assessments
from rung.planning import make_plan
from rung.render.formats import render_plan

START = date(2026, 11, 30)
COMPETENCIES = [
    "market-analysis", "product-strategy", "business-acumen", "roadmapping",
    "organizational-influence", "people-leadership", "user-research", "data-analysis",
    "experimentation", "stakeholder-communication", "execution", "technical-fluency",
]
HEADER = ["person_id", "person_name", "level", "target_level", "competency", "rater",
          "rater_name", "score", "assessed_on", "evidence", "manager"]
# Two opposite profiles: strong strategist, weak executor, and the reverse.
STRATEGIST = {c: (4 if i < 6 else 1.5) for i, c in enumerate(COMPETENCIES)}
EXECUTOR = {c: (1 if i < 6 else 4) for i, c in enumerate(COMPETENCIES)}


def person_rows(pid: str, scores: Mapping[str, float], *, level: str = "pm",
                target: str = "", name: str | None = None) -> list[list[str]]:
    rows = []
    for comp, score in scores.items():
        base = [pid, name or f"Person {pid}", level, target, comp]
        rows.append([*base, "self", "", str(score), "2026-11-02", "", "Morgan Lee"])
        rows.append([*base, "manager", "Morgan Lee", str(score), "2026-11-02", "", "Morgan Lee"])
    return rows


def write_org(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def varied(n: int) -> dict[str, dict[str, float]]:
    """n people, each with their own score profile."""
    out = {}
    for k in range(n):
        out[f"pm{k:02d}"] = {c: float((i * 7 + k * 3) % 5) for i, c in enumerate(COMPETENCIES)}
    return out


@pytest.fixture
def org(tmp_path: Path) -> Path:
    rows = person_rows("strat", STRATEGIST) + person_rows("exec", EXECUTOR)
    for pid, scores in varied(4).items():
        rows += person_rows(pid, scores, level="senior-pm")
    return write_org(tmp_path / "org.csv", rows)


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(directory.iterdir())}


def leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if batch.STAGING_PREFIX in p.name]


# --- one individual plan per person -----------------------------------------------------------


def test_writes_one_plan_file_per_person_named_by_person_id(org: Path, tmp_path: Path):
    out = tmp_path / "plans"
    result = build_batch(org, out, start=START)
    names = ["strat.md", "exec.md", "pm00.md", "pm01.md", "pm02.md", "pm03.md"]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    assert [p.name for p in result.files] == names
    assert result.people == 6
    assert result.written == 6
    assert result.unchanged == 0
    assert (out / "strat.md").read_text().startswith("# Development plan: Person strat")


def test_each_pm_gets_focus_areas_from_their_own_scores(org: Path, tmp_path: Path):
    out = tmp_path / "plans"
    build_batch(org, out, start=START, fmt="json")
    strat = json.loads((out / "strat.json").read_text())
    execu = json.loads((out / "exec.json").read_text())
    strat_focus = {fa["competency"] for fa in strat["focus_areas"]}
    exec_focus = {fa["competency"] for fa in execu["focus_areas"]}
    assert strat_focus
    assert exec_focus
    assert not strat_focus & exec_focus
    assert strat_focus <= set(COMPETENCIES[6:])  # the strategist grows execution skills
    assert exec_focus <= set(COMPETENCIES[:6])  # the executor grows strategic skills
    assert strat["person"]["id"] == "strat"
    assert execu["person"]["id"] == "exec"


@pytest.mark.parametrize(("start", "country"), [(START, None), (date(2026, 12, 21), "DE")])
def test_every_plan_is_exactly_what_the_engine_makes_for_that_person(
    org: Path, tmp_path: Path, start: date, country: str | None
):
    out = tmp_path / "plans"
    build_batch(org, out, start=start, holidays_country=country)
    for assessment, framework in load_assessments(org):
        plan = make_plan(assessment, framework, start=start, holidays_country=country,
                         source=f"{org}: person {assessment.person.id}")
        expected = render_plan(plan, "md")
        assert (out / f"{assessment.person.id}.md").read_text(encoding="utf-8") == expected


def test_rung_plans_come_out_without_lint_errors(org: Path, tmp_path: Path):
    result = build_batch(org, tmp_path / "plans", start=START)
    assert result.lint_errors == 0
    assert result.lint_error_people == ()


def test_other_formats_use_their_own_extension(org: Path, tmp_path: Path):
    out = tmp_path / "cal"
    build_batch(org, out, start=START, fmt="ics")
    assert (out / "strat.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


# --- all or nothing ---------------------------------------------------------------------------


def bad_org(tmp_path: Path) -> Path:
    rows = person_rows("ana", STRATEGIST) + person_rows("ben", EXECUTOR)
    rows[3][7] = "seven"  # row 5: not a number
    rows[10][5] = "boss"  # row 12: not a rater role
    rows[30][7] = "9"  # row 32: off the scale (ben)
    rows[40][4] = "user-reserch"  # row 42: unknown competency (ben)
    return write_org(tmp_path / "org.csv", rows)


def test_bad_rows_are_all_reported_at_once_and_nothing_is_written(tmp_path: Path):
    org = bad_org(tmp_path)
    out = tmp_path / "plans"
    with pytest.raises(InputError) as err:
        build_batch(org, out, start=START)
    where = [p.where for p in err.value.problems]
    assert [w.split(",")[0] for w in where] == ["row 5", "row 12", "row 32", "row 42"]
    assert "did you mean 'user-research'" in str(err.value)
    assert not out.exists()
    assert leftovers(tmp_path) == []


def test_bad_rows_leave_an_existing_out_dir_exactly_as_it_was(tmp_path: Path):
    out = tmp_path / "plans"
    out.mkdir()
    (out / "ana.md").write_text("last quarter's plan\n")
    (out / "notes.txt").write_text("kept\n")
    before = snapshot(out)
    with pytest.raises(InputError):
        build_batch(bad_org(tmp_path), out, start=START)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_people_the_engine_cannot_plan_for_are_all_listed_and_nothing_is_written(tmp_path: Path):
    rows = (person_rows("top1", STRATEGIST, level="director")
            + person_rows("ok", EXECUTOR)
            + person_rows("top2", EXECUTOR, level="director"))
    org = write_org(tmp_path / "org.csv", rows)
    out = tmp_path / "deep" / "plans"
    with pytest.raises(InputError) as err:
        build_batch(org, out, start=START, workers=1)
    assert [p.where for p in err.value.problems] == ["person top1, target_level",
                                                     "person top2, target_level"]
    assert all("top level" in p.message for p in err.value.problems)
    assert not (tmp_path / "deep").exists()  # not even the parent it would have created


def test_person_ids_that_cannot_be_file_names_are_reported_before_building(tmp_path: Path):
    rows = (person_rows("../escape", STRATEGIST) + person_rows("Alex", EXECUTOR)
            + person_rows("alex", STRATEGIST))
    org = write_org(tmp_path / "org.csv", rows)
    with pytest.raises(InputError) as err:
        build_batch(org, tmp_path / "plans", start=START)
    messages = [str(p) for p in err.value.problems]
    assert len(messages) == 2
    assert "person_id '../escape': cannot be a file name" in messages[0]
    assert "person_id 'alex': differs from person_id 'Alex' only in upper/lower case" in (
        messages[1])
    assert not (tmp_path / "plans").exists()


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"fmt": "docx"}, "unknown format 'docx'"),
        ({"holidays_country": "XX"}, "not a supported ISO country code"),
    ],
)
def test_bad_options_are_input_errors(org: Path, tmp_path: Path, kwargs: dict[str, Any],
                                      expected: str):
    with pytest.raises(InputError, match=expected):
        build_batch(org, tmp_path / "plans", start=START, **kwargs)
    assert not (tmp_path / "plans").exists()


def test_an_output_path_that_is_a_file_is_an_input_error(org: Path, tmp_path: Path):
    target = tmp_path / "plans"
    target.write_text("not a directory")
    with pytest.raises(InputError, match="is not a directory"):
        build_batch(org, target, start=START)
    assert target.read_text() == "not a directory"


# os.replace calls while moving in: strat.md and exec.md each set aside (1, 3) then moved in
# (2, 4); pm00.md set aside (5) and moved in (6); pm01.md is new (7).
@pytest.mark.parametrize("fail_at", [1, 2, 5, 6, 7])
def test_a_failure_while_moving_in_puts_every_earlier_file_back(
    org: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int
):
    out = tmp_path / "plans"
    out.mkdir()
    for name in ("strat.md", "exec.md", "pm00.md"):
        (out / name).write_text(f"old {name}\n")
    (out / "keep.txt").write_text("unrelated\n")
    before = snapshot(out)
    real_replace = os.replace
    calls = {"n": 0}

    def flaky_replace(src: Any, dst: Any) -> None:
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky_replace)
    with pytest.raises(OSError, match="disk full"):
        build_batch(org, out, start=START)
    monkeypatch.setattr(os, "replace", real_replace)
    assert calls["n"] >= fail_at  # it failed where intended (the rollback replaces too)
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


# --- idempotent -------------------------------------------------------------------------------


def test_running_twice_gives_identical_files_and_touches_none(org: Path, tmp_path: Path):
    out = tmp_path / "plans"
    build_batch(org, out, start=START)
    first = snapshot(out)
    again = build_batch(org, out, start=START)
    assert snapshot(out) == first  # same bytes, same modification times
    assert again.written == 0
    assert again.unchanged == 6


def test_a_changed_score_rewrites_only_that_persons_plan(org: Path, tmp_path: Path):
    out = tmp_path / "plans"
    build_batch(org, out, start=START)
    first = snapshot(out)
    rows = list(csv.reader(org.open(encoding="utf-8")))
    for row in rows[1:]:
        if row[0] == "exec" and row[4] == "roadmapping":
            row[7] = "3"
    write_org(org, rows[1:])
    result = build_batch(org, out, start=START)
    after = snapshot(out)
    assert result.written == 1
    assert result.unchanged == 5
    assert [n for n in after if after[n] != first[n]] == ["exec.md"]


def test_files_that_are_not_plans_of_this_batch_are_kept(org: Path, tmp_path: Path):
    out = tmp_path / "plans"
    out.mkdir()
    (out / "README.txt").write_text("plans for Q1\n")
    build_batch(org, out, start=START)
    assert (out / "README.txt").read_text() == "plans for Q1\n"
    assert len(list(out.iterdir())) == 7


# --- progress and workers ---------------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_is_reported_once_per_plan(org: Path, tmp_path: Path, workers: int):
    calls: list[tuple[int, int]] = []
    result = build_batch(org, tmp_path / "plans", start=START, workers=workers,
                         progress=lambda done, total: calls.append((done, total)))
    assert calls == [(k, 6) for k in range(1, 7)]
    assert result.workers == workers


def test_worker_processes_write_the_same_bytes_as_one_process(tmp_path: Path):
    rows: list[list[str]] = []
    for pid, scores in varied(12).items():
        rows += person_rows(pid, scores)
    org = write_org(tmp_path / "org.csv", rows)
    build_batch(org, tmp_path / "one", start=START, workers=1)
    build_batch(org, tmp_path / "two", start=START, workers=2)
    one = {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()}
    two = {p.name: p.read_bytes() for p in (tmp_path / "two").iterdir()}
    assert one == two
    assert len(one) == 12


def test_engine_problems_found_in_workers_are_reported_too(tmp_path: Path):
    rows = person_rows("ok", EXECUTOR) + person_rows("top", STRATEGIST, level="director")
    org = write_org(tmp_path / "org.csv", rows)
    with pytest.raises(InputError) as err:
        build_batch(org, tmp_path / "plans", start=START, workers=2)
    assert [p.where for p in err.value.problems] == ["person top, target_level"]
    assert not (tmp_path / "plans").exists()


# A regression here hangs instead of failing: these tests carry their own short timeout.
@pytest.mark.timeout(60)
def test_worker_processes_stop_when_this_process_handles_sigterm_without_exiting(
        org: Path, tmp_path: Path):
    """Forked workers inherit this process's handlers. A pool that stops its workers with
    SIGTERM waits forever on workers that inherited one that does not exit (a task worker's
    graceful stop, left behind in a test process, hung CI for 80 minutes)."""
    ignored: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: ignored.append(signum))
    try:
        result = build_batch(org, tmp_path / "plans", start=START, workers=2)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert result.written == 6


@pytest.mark.timeout(60)
def test_a_worker_process_that_dies_stops_the_batch_with_one_clear_problem(
        org: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def killed(job: Any, index: int) -> Any:
        os._exit(137)  # what the out-of-memory killer leaves: no exception, no goodbye

    monkeypatch.setattr(batch, "_one", killed)  # the workers fork with it
    with pytest.raises(InputError) as err:
        build_batch(org, tmp_path / "plans", start=START, workers=2)
    [problem] = err.value.problems
    assert problem.where == "worker processes"
    assert "killed, or out of memory" in problem.message
    assert "nothing was written" in problem.message
    assert not (tmp_path / "plans").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".plans")]  # no staging


def test_small_batches_stay_in_one_process_and_large_ones_use_the_cores(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2}, raising=False)
    assert batch.worker_count(None, 10) == 1
    assert batch.worker_count(None, batch.PARALLEL_FROM - 1) == 1
    assert batch.worker_count(None, 10_000) == 3  # one worker per core this process may use
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(32)), raising=False)
    assert batch.worker_count(None, 10_000) == batch.MAX_WORKERS
    assert batch.worker_count(4, 2) == 2  # never more workers than people
    assert batch.worker_count(0, 5) == 1


def test_timings_cover_each_phase(org: Path, tmp_path: Path):
    result = build_batch(org, tmp_path / "plans", start=START, workers=1)
    assert set(result.timings) == {"load", "plans", "move", "total"}
    assert set(result.phase_totals) == {"build", "render", "write"}
    timings, per_plan = result.timings, result.phase_totals
    # The three phases follow one another and together make up the whole run.
    assert all(timings[phase] > 0 for phase in ("load", "plans", "move"))
    assert timings["load"] + timings["plans"] + timings["move"] == pytest.approx(timings["total"])
    # Each plan's build, render and write happen inside the plans phase (one process here).
    assert all(v > 0 for v in per_plan.values())
    assert sum(per_plan.values()) <= timings["plans"]
    assert 0 < result.plan_median_ms <= timings["plans"] * 1000


def test_a_directory_where_a_plan_file_would_go_is_an_input_error(org: Path, tmp_path: Path):
    out = tmp_path / "plans"
    (out / "exec.md").mkdir(parents=True)
    with pytest.raises(InputError, match="is a directory where a plan file would go"):
        build_batch(org, out, start=START)
    assert [p.name for p in out.iterdir()] == ["exec.md"]


def test_a_new_out_dir_gets_ordinary_permissions(org: Path, tmp_path: Path):
    out = tmp_path / "plans"
    build_batch(org, out, start=START)
    reference = tmp_path / "made-by-mkdir"
    reference.mkdir()
    assert out.stat().st_mode == reference.stat().st_mode
