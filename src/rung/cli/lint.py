"""`rung lint FILE` and `rung lint --explain CODE`: a plan judged against the method's rules.

The linter is loaded when the command runs (see `rung.cli.plan` on why).
"""

from __future__ import annotations

import json
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from rung.cli.common import EXIT_LINT, fail, guard, parse_start
from rung.core.errors import Problem

if TYPE_CHECKING:
    from rung.core.findings import LintFinding

KIND_NOTES = {
    "coaching-pack": "this is rung's coaching pack, not a single-cycle plan; linting the plan "
    "inside it (its growth bets, success signals and follow-up tracker).",
    "coaching-plan": "this is rung's non-HR coaching plan; it leaves the assessment out on "
    "purpose, so the rules about the assessment and each focus area's rationale are skipped.",
    "ladder": "this is rung's promotion-readiness ladder; linting the current cycle's plan in it "
    "(the 6- and 12-month milestones belong to later cycles).",
}


@click.command("lint")
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
    from rung.core.lint import RULES, has_errors, lint
    from rung.io.plan_documents import read_plan_document

    if explain_code is not None:
        click.echo(explain_rule(explain_code))
        return
    if file is None:
        fail([Problem("FILE", "value", "missing: give a plan FILE to lint, or --explain CODE "
                      "to read about a rule")], writes=False)
        return
    today = parse_start(today_text, "--today") or date.today()
    doc = guard(lambda: read_plan_document(file))
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


def explain_rule(code: str) -> str:
    """A rule's title, severity, rationale and a failing and a passing example."""
    from rung.core.lint import EXPLANATIONS, RULES

    key = code.strip().upper()
    if key.isdigit() or (key.startswith("R") and key[1:].isdigit()):
        key = f"R{int(key.lstrip('R')):03d}"
    if key not in EXPLANATIONS:
        fail([Problem("--explain", "value", f"unknown rule {code.strip()!r}; the rules are "
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
