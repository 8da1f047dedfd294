"""`rung plan`: one assessment file into a plan (Markdown, JSON, ICS, HTML or PDF), or with
`--batch` one plan per PM of an organisation file.

Like every command module, this one imports only click at load time: `rung --help` reads
every command's help, and the engine, loaders and renderers are loaded when a command runs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from rung.cli.common import fail, guard, parse_start, write_output
from rung.cli.org import batch_option, run_batch
from rung.core.errors import Problem
from rung.io.files import is_folder
from rung.render.formats import FORMATS


@click.command("plan")
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

    from rung.core.lint import RULES
    from rung.io.assessments import load_assessment
    from rung.planning import default_start, make_plan
    from rung.render.formats import render_plan

    if batch_file is not None:
        if activities is not None:
            fail([Problem("--activities", "value", "not available with --batch yet; build "
                          "the plans one file at a time")])
        if file is not None or target_level:
            fail([Problem("--batch", "value", "give either FILE or --batch ORG (targets come "
                          "from the org file)")])
        run_batch(batch_file, output, start_text, fmt, country, framework_ref)
        return
    if file is None:
        fail([Problem("FILE", "value", "missing: give an assessment FILE, or --batch ORG -o DIR")])
        return
    if output is not None and is_folder(output):
        fail([Problem("-o", "value", f"'{output}' is a folder; give a file name (folders are for "
                      "--batch)")])
    assessment, framework = guard(lambda: load_assessment(file,
                                                          framework_override=framework_ref))
    if target_level:
        if not framework.has_level(target_level):
            fail([Problem("--target", "value",
                          f"unknown level '{target_level}'; allowed: "
                          + ", ".join(lv.id for lv in framework.levels_by_rank()))])
        assessment = replace(assessment, person=replace(assessment.person,
                                                        target_level=target_level))
    start = parse_start(start_text) or default_start(date.today())
    library = None
    if activities is not None:
        from rung.io.activity_library import load_activity_library

        library = guard(lambda: load_activity_library(framework.id, activities))
    plan = guard(lambda: make_plan(assessment, framework, start=start,
                                   holidays_country=country, library=library,
                                   source=str(file)))
    write_output(guard(lambda: render_plan(plan, fmt, framework=framework)), output)
    # The document is for the PM; what the linter says about it is for whoever runs rung.
    for f in plan.lint:
        click.echo(f"{file}: {f.where}: {f.severity} {f.code} {RULES[f.code][1]}: "
                   f"{f.message}", err=True)
