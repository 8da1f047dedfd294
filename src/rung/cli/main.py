"""`rung` command line. Exit codes: 0 ok, 1 lint errors, 2 bad input (nothing written)."""

from __future__ import annotations

import json
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import click

from rung import __version__
from rung.cli.common import EXIT_LINT, write_output
from rung.cli.common import fail as _fail
from rung.cli.common import guard as _guard
from rung.cli.common import parse_start as _parse_start
from rung.cli.org import batch_option, frameworks_import_cmd, run_batch
from rung.core.errors import Problem
from rung.core.findings import LintFinding
from rung.core.lint import EXPLANATIONS, RULES, has_errors, lint
from rung.io.assessments import load_assessment
from rung.io.frameworks import (
    framework_to_dict,
    is_warning,
    list_frameworks,
    load_framework,
    validate_framework_file,
)
from rung.io.plan_documents import read_plan_document
from rung.planning import default_start, make_plan
from rung.render.formats import FORMATS, render_plan


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rung")
def cli() -> None:
    """rung: from PM competency scores to a dated 90-day development plan."""


@cli.command("plan")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), required=False)
@batch_option
@click.option("--framework", "framework_ref", help="Framework id or path (default: the file's).")
@click.option("--target", "target_level", help="Target level id (default: the next level).")
@click.option("--start", "start_text", help="Cycle start YYYY-MM-DD (default: today, or the "
              "next business day).")
@click.option("--holidays", "country", help="Keep public holidays of this country (ISO code) "
              "free when the person's file gives no country of its own.")
@click.option("--activities", "activities", type=click.Path(path_type=Path, exists=True),
              help="Your own activity library (a file, or a folder of one file per "
              "competency) laid over the built-in one.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="md",
              show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write here instead of standard output (a folder with --batch).")
def plan_cmd(file: Path | None, batch_file: Path | None, framework_ref: str | None,
             target_level: str | None, start_text: str | None, country: str | None,
             activities: Path | None, fmt: str, output: Path | None) -> None:
    """Build a development plan from an assessment FILE (YAML, JSON, CSV or XLSX).

    With --batch ORG -o DIR, build one individual plan per PM of an organisation file.
    """
    from dataclasses import replace

    if batch_file is not None:
        if activities is not None:
            _fail([Problem("--activities", "value", "not available with --batch yet; build "
                           "the plans one file at a time")])
        if file is not None or target_level:
            _fail([Problem("--batch", "value", "give either FILE or --batch ORG (targets come "
                           "from the org file)")])
        run_batch(batch_file, output, start_text, fmt, country, framework_ref)
        return
    if file is None:
        _fail([Problem("FILE", "value", "missing: give an assessment FILE, or --batch ORG -o DIR")])
        return
    if output is not None and output.is_dir():
        _fail([Problem("-o", "value", f"'{output}' is a folder; give a file name (folders are for "
                       "--batch)")])
    assessment, framework = _guard(lambda: load_assessment(file,
                                                           framework_override=framework_ref))
    if target_level:
        if not framework.has_level(target_level):
            _fail([Problem("--target", "value",
                           f"unknown level '{target_level}'; allowed: "
                           + ", ".join(lv.id for lv in framework.levels_by_rank()))])
        assessment = replace(assessment, person=replace(assessment.person,
                                                        target_level=target_level))
    start = _parse_start(start_text) or default_start(date.today())
    library = None
    if activities is not None:
        from rung.io.activity_library import load_activity_library

        library = _guard(lambda: load_activity_library(framework.id, activities))
    plan = _guard(lambda: make_plan(assessment, framework, start=start,
                                    holidays_country=country, library=library,
                                    source=str(file)))
    write_output(_guard(lambda: render_plan(plan, fmt, framework=framework)), output)
    # The document is for the PM; what the linter says about it is for whoever runs rung.
    for f in plan.lint:
        click.echo(f"{file}: {f.where}: {f.severity} {f.code} {RULES[f.code][1]}: "
                   f"{f.message}", err=True)


@cli.command("lint")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--today", "today_text", help="Judge the cycle's dates against this day "
              "YYYY-MM-DD (default: today).")
@click.option("--explain", "explain_code", metavar="CODE",
              help="Print why rule CODE (e.g. R006) exists, with a failing and a passing "
              "example, instead of linting a file.")
def lint_cmd(file: Path | None, fmt: str, today_text: str | None,
             explain_code: str | None) -> None:
    """Judge a plan FILE (rung JSON, any Markdown plan, or a CSV spreadsheet) against the
    method's rules. Exit 1 when there is an error."""
    if explain_code is not None:
        click.echo(explain_rule(explain_code))
        return
    if file is None:
        _fail([Problem("FILE", "value", "missing: give a plan FILE to lint, or --explain CODE "
                       "to read about a rule")], writes=False)
        return
    today = _parse_start(today_text, "--today") or date.today()
    doc = _guard(lambda: read_plan_document(file))
    if doc.kind != "plan":
        click.echo(f"note: {file}: {KIND_NOTES[doc.kind]}", err=True)
    findings = lint(doc, today=today)
    if fmt == "json":
        click.echo(json.dumps([_finding(f) for f in findings], indent=2, ensure_ascii=False))
    else:
        for f in findings:
            click.echo(f"{file}: {f.where}: {f.severity} {f.code} {RULES[f.code][1]}: "
                       f"{f.message}")
        errors = sum(f.severity == "error" for f in findings)
        warnings = sum(f.severity == "warning" for f in findings)
        click.echo(f"{file}: {errors} error(s), {warnings} warning(s)")
    if has_errors(findings):
        sys.exit(EXIT_LINT)


KIND_NOTES = {
    "coaching-pack": "this is rung's coaching pack, not a single-cycle plan; linting the plan "
    "inside it (its growth bets, success signals and follow-up tracker).",
    "coaching-plan": "this is rung's non-HR coaching plan; it leaves the assessment out on "
    "purpose, so the rules about the assessment and each focus area's rationale are skipped.",
    "ladder": "this is rung's promotion-readiness ladder; linting the current cycle's plan in it "
    "(the 6- and 12-month milestones belong to later cycles).",
}


def explain_rule(code: str) -> str:
    """A rule's title, severity, rationale and a failing and a passing example."""
    key = code.strip().upper()
    if key.isdigit() or (key.startswith("R") and key[1:].isdigit()):
        key = f"R{int(key.lstrip('R')):03d}"
    if key not in EXPLANATIONS:
        _fail([Problem("--explain", "value", f"unknown rule {code.strip()!r}; the rules are "
                       f"R001 to {list(RULES)[-1]} (rung lint prints each finding's code)")],
              writes=False)
        return ""
    severity, title = RULES[key]
    rationale, bad, good = EXPLANATIONS[key]
    wrap = textwrap.TextWrapper(width=88, initial_indent="  ", subsequent_indent="  ")
    return "\n".join([
        f"{key} ({severity}): {title}",
        "",
        "Why:",
        wrap.fill(rationale),
        "",
        "Fails:",
        wrap.fill(bad),
        "Passes:",
        wrap.fill(good),
    ])


def _finding(f: LintFinding) -> dict[str, Any]:
    return {"code": f.code, "severity": f.severity, "message": f.message, "where": f.where}


@cli.group("frameworks")
def frameworks() -> None:
    """List, show and validate competency frameworks."""


@frameworks.command("list")
def frameworks_list() -> None:
    """List the built-in frameworks."""
    for fw in list_frameworks():
        click.echo(f"{fw.id}\t{fw.name} v{fw.version}\t{len(fw.competencies)} competencies, "
                   f"{len(fw.levels)} levels")


@frameworks.command("show")
@click.argument("ref")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def frameworks_show(ref: str, fmt: str) -> None:
    """Show a framework (built-in id or file path)."""
    fw = _guard(lambda: load_framework(ref))
    if fmt == "json":
        click.echo(json.dumps(framework_to_dict(fw), indent=2, ensure_ascii=False))
        return
    click.echo(f"{fw.name} ({fw.id}) v{fw.version}")
    click.echo("Levels: " + ", ".join(f"{lv.id} = {lv.title}" for lv in fw.levels_by_rank()))
    for c in fw.competencies:
        click.echo(f"- {c.id}: {c.name} [{c.quadrant.key}]"
                   + (f" unlocks {', '.join(c.unlocks)}" if c.unlocks else ""))
    if fw.specializations:
        click.echo("Specializations: " + ", ".join(s.id for s in fw.specializations))


@frameworks.command("validate")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def frameworks_validate(file: Path) -> None:
    """Check a framework file; exit 2 listing every problem."""
    problems = validate_framework_file(file)
    errors = [p for p in problems if not is_warning(p)]
    for w in problems:
        if is_warning(w):
            click.echo(f"{w}", err=True)
    if errors:
        _fail(errors, writes=False)
    click.echo(f"{file}: valid" + (f" ({len(problems)} warning(s))" if problems else ""))


@frameworks.command("validate-activities")
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.option("--framework", "framework_id", help="Check competency ids against this "
              "framework (built-in id).")
def frameworks_validate_activities(path: Path, framework_id: str | None) -> None:
    """Check an activity library (a file, or a folder of one file per competency); exit 2
    listing every problem. The format: docs/activity-library.md."""
    from rung.io.activity_library import validate_activity_path

    problems = _guard(lambda: validate_activity_path(path, framework_id=framework_id))
    if problems:
        _fail(problems, writes=False)
    click.echo(f"{path}: valid")


# Command modules reuse this module's helpers, so they are imported once it is complete.
from rung.cli.admin import admin_cmd  # noqa: E402
from rung.cli.backup import backup_cmd, restore_cmd  # noqa: E402
from rung.cli.documents import ladder_cmd, pack_cmd  # noqa: E402
from rung.cli.migrate import migrate_cmd  # noqa: E402
from rung.cli.org_import import import_cmd  # noqa: E402
from rung.cli.reminders import reminders_cmd  # noqa: E402
from rung.cli.tokens import token_cmd  # noqa: E402
from rung.cli.web import demo_cmd, serve_cmd  # noqa: E402

cli.add_command(pack_cmd)
cli.add_command(ladder_cmd)
cli.add_command(serve_cmd)
cli.add_command(demo_cmd)
cli.add_command(reminders_cmd)
cli.add_command(import_cmd)
cli.add_command(backup_cmd)
cli.add_command(restore_cmd)
cli.add_command(token_cmd)
cli.add_command(migrate_cmd)
cli.add_command(admin_cmd)
frameworks.add_command(frameworks_import_cmd)

if __name__ == "__main__":  # pragma: no cover
    cli()
