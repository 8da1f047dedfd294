"""The `rung` command: thin shells over the library, with the exit codes users script against."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from rung.cli.main import cli

from factories import SEED_004

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
START = "2027-01-04"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_plan_prints_markdown_with_the_focus_table_first():
    code, out, _ = run("plan", str(EXAMPLES / "apm-b2b-saas.yaml"), "--start", START)
    assert code == 0
    assert out.startswith("# Development plan: Riley Chen")
    assert out.index("## Focus areas") < out.index("## Calendar") < out.index("## Gaps")


def test_plan_json_follows_the_contract():
    code, out, _ = run("plan", str(EXAMPLES / "apm-b2b-saas.yaml"), "--start", START,
                       "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data)[:8] == ["schema", "person", "framework", "current_level", "target_level",
                              "cycle", "assessment", "gaps"]
    assert data["schema"] == "rung.plan/1"
    assert data["cycle"] == {"start": "2027-01-04", "end": "2027-04-03"}
    assert {"focus_areas", "backlog", "cadence", "first_action", "calibration", "lint"} <= set(data)
    fa = data["focus_areas"][0]
    assert set(fa) >= {"competency", "rationale", "stretch_assignment", "learning_resource",
                       "feedback", "coaching_touchpoint", "milestones"}
    kinds = {e["kind"] for e in data["cadence"]}
    assert {"weekly-self-check", "biweekly-feedback", "monthly-check-in", "cycle-review",
            "launch-check"} <= kinds


def test_same_input_and_start_give_byte_identical_output(tmp_path: Path):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    for out in (a, b):
        assert run("plan", str(EXAMPLES / "senior-to-director.yaml"), "--start", START,
                   "-o", str(out))[0] == 0
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_committed_example_plans_are_what_rung_generates_today(name: str):
    for fmt, ext in (("md", "md"), ("json", "json")):
        code, out, _ = run("plan", str(EXAMPLES / f"{name}.yaml"), "--start", START,
                           "--format", fmt)
        assert code == 0
        committed = (EXAMPLES / "plans" / f"{name}.{ext}").read_text(encoding="utf-8")
        assert out == committed, f"run `make examples` to refresh examples/plans/{name}.{ext}"


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.yaml")))
def test_every_generated_example_plan_lints_clean(name: str):
    for ext in ("md", "json"):
        code, out, _ = run("lint", str(EXAMPLES / "plans" / f"{name}.{ext}"), "--today", START)
        assert code == 0, out
        # An area whose file names nobody who fits asks for a person: one R026 each.
        unnamed = json.loads((EXAMPLES / "plans" / f"{name}.json").read_text())["focus_areas"]
        asks = sum(fa["feedback"]["provider"].startswith("To be named: ") for fa in unnamed)
        assert out.strip().endswith(f"0 error(s), {asks} warning(s)")
        assert "warning R" not in out.replace("warning R026", "")


def test_the_peer_generators_plan_fails_lint_with_the_method_s_complaints():
    code, out, _ = run("lint", str(SEED_004))
    assert code == 1
    for rule in ("R001", "R002", "R003", "R004"):
        assert f"error {rule}" in out
    assert "Month 3" in out


def test_lint_json_output_is_machine_readable():
    code, out, _ = run("lint", str(SEED_004), "--format", "json")
    assert code == 1
    findings = json.loads(out)
    assert {"code", "severity", "message", "where"} == set(findings[0])


def test_bad_input_exits_2_with_one_message_per_problem_and_writes_nothing(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "person: {id: x, name: X, level: pm, target_level: wizard}\n"
        "assessed_on: 2026-13-01\n"
        "ratings:\n"
        "  - {rater: self, scores: {user-research: 7, telepathy: 2}}\n"
        "  - {rater: self, scores: {user-research: 2}}\n",
        encoding="utf-8",
    )
    out_file = tmp_path / "plan.md"
    code, _, err = run("plan", str(bad), "-o", str(out_file))
    assert code == 2
    assert not out_file.exists()
    assert "Traceback" not in err
    for expected in ("bad.yaml", "wizard", "2026-13-01", "telepathy", "7", "self"):
        assert expected in err
    assert "nothing was written" in err


def test_an_existing_output_file_is_left_untouched_on_bad_input(tmp_path: Path):
    out_file = tmp_path / "plan.md"
    out_file.write_text("the PM's earlier plan", encoding="utf-8")
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    code, _, err = run("plan", str(empty), "-o", str(out_file))
    assert code == 2
    assert "empty" in err.lower()
    assert out_file.read_text(encoding="utf-8") == "the PM's earlier plan"


def test_a_bad_start_date_or_target_is_a_clear_error():
    code, _, err = run("plan", str(EXAMPLES / "apm-b2b-saas.yaml"), "--start", "30/11/2026")
    assert code == 2
    assert "YYYY-MM-DD" in err
    code, _, err = run("plan", str(EXAMPLES / "apm-b2b-saas.yaml"), "--target", "ceo")
    assert code == 2
    assert "senior-pm" in err


def test_holidays_move_events_off_public_holidays():
    code, out, _ = run("plan", str(EXAMPLES / "apm-b2b-saas.yaml"), "--start", "2026-12-21",
                       "--holidays", "GB", "--format", "json")
    assert code == 0
    dates = {e["date"] for e in json.loads(out)["cadence"]}
    assert not dates & {"2026-12-25", "2026-12-28", "2027-01-01"}  # GB bank holidays
    code, _, err = run("plan", str(EXAMPLES / "apm-b2b-saas.yaml"), "--holidays", "XX")
    assert code == 2
    assert "XX" in err


def test_frameworks_list_show_and_validate():
    code, out, _ = run("frameworks", "list")
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == ["pm-quadrants", "pm-ladder",
                                                                  "pmwheel"]
    code, out, _ = run("frameworks", "show", "pm-quadrants", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert [lv["id"] for lv in data["levels"]] == ["apm", "pm", "senior-pm", "principal-pm",
                                                   "director"]
    assert data["competencies"][0]["quadrant"].keys() == {"altitude", "facing"}
    code, out, _ = run("frameworks", "validate",
                       str(ROOT / "src/rung/content/frameworks/pm-ladder.yaml"))
    assert code == 0
    assert "valid" in out


def test_validate_reports_every_problem_of_a_broken_framework(tmp_path: Path):
    broken = tmp_path / "fw.yaml"
    broken.write_text(
        "id: x\nname: X\nversion: '1'\nscale: {min: 0, max: 5}\n"
        "competencies:\n"
        "  - {id: a, name: A, description: d, quadrant: {altitude: sideways, facing: internal},"
        " unlocks: [zzz]}\n"
        "levels: [{id: l1, rank: 1, title: One}]\n"
        "targets: {l1: {a: {score: 9, must_have: true}}}\n",
        encoding="utf-8",
    )
    code, _, err = run("frameworks", "validate", str(broken))
    assert code == 2
    for expected in ("sideways", "zzz", "9"):
        assert expected in err


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in group.commands.items():
        out.append((f"{prefix}{name}", cmd))
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, f"{prefix}{name} "))
    return out


@pytest.mark.parametrize(("name", "cmd"), _commands(cli))
def test_every_command_has_help(name: str, cmd: click.Command):
    assert cmd.help, f"`rung {name}` needs a help text"
    assert len(cmd.help.strip()) > 10, f"`rung {name}` needs a help text"
    code, out, _ = run(*name.split(), "--help")
    assert code == 0
    assert "Usage" in out


def test_plan_reads_the_csv_long_form(tmp_path: Path):
    rows = ["person_id,person_name,level,target_level,competency,rater,rater_name,score,"
            "assessed_on,evidence"]
    for comp, own, mgr in (("stakeholder-communication", 1.5, 1.5), ("data-analysis", 2, 1.5),
                           ("execution", 3.5, 3.5), ("user-research", 3, 3)):
        rows.append(f"riley,Riley Chen,apm,pm,{comp},self,,{own},2026-11-09,")
        rows.append(f"riley,Riley Chen,apm,pm,{comp},manager,Morgan Blake,{mgr},2026-11-09,"
                    + ("Sales missed the pricing caveat" if comp.startswith("stake") else ""))
    csv = tmp_path / "riley.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run("plan", str(csv), "--start", START, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["person"]["name"] == "Riley Chen"
    assert data["focus_areas"][0]["competency"] == "stakeholder-communication"


def test_a_csv_with_a_bad_row_names_the_row_and_column(tmp_path: Path):
    csv = tmp_path / "bad.csv"
    csv.write_text(
        "person_id,person_name,level,target_level,competency,rater,rater_name,score,assessed_on,"
        "evidence\n"
        "riley,Riley Chen,apm,pm,execution,self,,3,2026-11-09,\n"
        "riley,Riley Chen,apm,pm,execution,manager,Morgan,high,2026-11-09,\n",
        encoding="utf-8",
    )
    code, _, err = run("plan", str(csv))
    assert code == 2
    assert "bad.csv: row 3, column score" in err
    assert "'high'" in err


def test_plan_batch_writes_one_individual_plan_per_pm(tmp_path: Path):
    header = ("person_id,person_name,level,target_level,competency,rater,rater_name,score,"
              "assessed_on,evidence")
    rows = [header]
    for pid, weak in (("ana", "data-analysis"), ("ben", "stakeholder-communication")):
        for comp in ("data-analysis", "stakeholder-communication", "execution", "user-research",
                     "roadmapping"):
            score = 1 if comp == weak else 3.5
            rows.append(f"{pid},{pid.title()},pm,senior-pm,{comp},self,,{score},2026-11-09,")
    org = tmp_path / "org.csv"
    org.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "plans"
    code, _, err = run("plan", "--batch", str(org), "-o", str(out), "--start", START,
                       "--format", "json")
    assert code == 0, err
    plans = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}
    assert set(plans) == {"ana", "ben"}
    focus = {pid: [fa["competency"] for fa in p["focus_areas"]] for pid, p in plans.items()}
    assert "data-analysis" in focus["ana"]
    assert "data-analysis" not in focus["ben"]


def test_plan_needs_a_file_or_a_batch():
    code, _, err = run("plan")
    assert code == 2
    assert "--batch" in err
