"""`rung pack` and `rung ladder`: the documents people keep, built from an assessment file.

Both build the same plan `rung plan` builds (same start date, same linter), then render it as
the PM Coaching Pack or the promotion-readiness ladder in Markdown, HTML or PDF. Exit codes
follow `rung`: 0 ok, 2 bad input or a declined request (message on stderr, nothing written).
The engine and renderers are imported when a command runs (see `rung.cli.plan`).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from rung.cli.common import EXIT_INPUT, guard, parse_start, write_output

if TYPE_CHECKING:
    from rung.core.assessment import Assessment
    from rung.core.framework import Framework
    from rung.core.plan import Plan

DOCUMENT_FORMATS = ("md", "html", "pdf")

_file_argument = click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
_start_option = click.option(
    "--start", "start_text", help="Cycle start YYYY-MM-DD (default: today, or the next "
    "business day).")
_format_option = click.option("--format", "fmt", type=click.Choice(DOCUMENT_FORMATS),
                              default="md", show_default=True)
_output_option = click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
                              help="Write here instead of standard output.")


def _build(file: Path, start_text: str | None) -> tuple[Plan, Assessment, Framework]:
    from rung.io.assessments import load_assessment
    from rung.planning import default_start, make_plan

    assessment, framework = guard(lambda: load_assessment(file))
    start = parse_start(start_text) or default_start(date.today())
    plan = guard(
        lambda: make_plan(assessment, framework, start=start, source=str(file))
    )
    return plan, assessment, framework


@click.command("pack")
@_file_argument
@_start_option
@_format_option
@_output_option
@click.option("--purpose", help="What the coaching is for, in a sentence (shown in the pack). "
              "Requests for a PIP or HR case are declined.")
@click.option("--non-hr-plan", "non_hr", is_flag=True,
              help="Output only the coaching plan, labelled 'Not an HR or performance "
              "document' (no assessment, evidence or tracker).")
def pack_cmd(file: Path, start_text: str | None, fmt: str, output: Path | None,
             purpose: str | None, non_hr: bool) -> None:
    """Build the PM Coaching Pack (seven parts and its quality checklist) from FILE."""
    from rung.core.coaching_pack import build_coaching_pack
    from rung.core.hr_boundary import decline_message, hr_request_reason
    from rung.io.coaching_prose import load_coaching_prose

    reason = hr_request_reason(purpose)
    if reason and not non_hr:
        click.echo(f"declined: {decline_message(reason)}", err=True)
        click.echo("Nothing was written.", err=True)
        sys.exit(EXIT_INPUT)
    if reason:
        click.echo("note: a PIP or HR case is outside what rung makes; writing only the "
                   "coaching plan, labelled as not an HR or performance document.", err=True)
    plan, assessment, framework = _build(file, start_text)
    goal = None if reason else purpose
    pack = build_coaching_pack(plan, assessment, framework, prose=load_coaching_prose(),
                               goal=goal, non_hr=non_hr)
    content: str | bytes
    if fmt == "md":
        from rung.render.coaching_pack_md import render_pack_markdown

        content = render_pack_markdown(pack)
    else:
        from rung.render.coaching_pack_html import render_pack_html, render_pack_pdf

        content = (guard(lambda: render_pack_pdf(pack)) if fmt == "pdf"
                   else render_pack_html(pack))
    write_output(content, output)


@click.command("ladder")
@_file_argument
@_start_option
@_format_option
@_output_option
def ladder_cmd(file: Path, start_text: str | None, fmt: str, output: Path | None) -> None:
    """Build the promotion-readiness ladder (3, 6 and 12 months) from FILE; it passes
    `rung lint`."""
    from rung.core.ladder import build_ladder

    plan, _, framework = _build(file, start_text)
    ladder = build_ladder(plan, framework)
    content: str | bytes
    if fmt == "md":
        from rung.render.ladder_md import render_ladder_markdown

        content = render_ladder_markdown(ladder)
    else:
        from rung.render.ladder_html import render_ladder_html, render_ladder_pdf

        content = (guard(lambda: render_ladder_pdf(ladder, framework=framework))
                   if fmt == "pdf" else render_ladder_html(ladder, framework=framework))
    write_output(content, output)
