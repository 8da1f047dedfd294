"""`rung frameworks`: list, show, validate and import competency frameworks (and check an
activity library). Loaders are imported when a command runs (see `rung.cli.plan`)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from rung.cli.common import fail, guard, write_output
from rung.core.errors import Problem
from rung.io.files import exists

FRAMEWORK_SUFFIXES = (".yaml", ".yml")


@click.group("frameworks")
def frameworks() -> None:
    """List, show and validate competency frameworks."""


@frameworks.command("list")
def frameworks_list() -> None:
    """List the built-in frameworks."""
    from rung.io.frameworks import list_frameworks

    for fw in list_frameworks():
        click.echo(f"{fw.id}\t{fw.name} v{fw.version}\t{len(fw.competencies)} competencies, "
                   f"{len(fw.levels)} levels")


@frameworks.command("show")
@click.argument("ref")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def frameworks_show(ref: str, fmt: str) -> None:
    """Show a framework (built-in id or file path)."""
    from rung.io.frameworks import framework_to_dict, load_framework

    fw = guard(lambda: load_framework(ref))
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
    from rung.io.frameworks import is_warning, validate_framework_file

    problems = validate_framework_file(file)
    errors = [p for p in problems if not is_warning(p)]
    for w in problems:
        if is_warning(w):
            click.echo(f"{w}", err=True)
    if errors:
        fail(errors, writes=False)
    click.echo(f"{file}: valid" + (f" ({len(problems)} warning(s))" if problems else ""))


@frameworks.command("validate-activities")
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.option("--framework", "framework_id", help="Check competency ids against this "
              "framework (built-in id).")
def frameworks_validate_activities(path: Path, framework_id: str | None) -> None:
    """Check an activity library (a file, or a folder of one file per competency); exit 2
    listing every problem. The format: docs/activity-library.md."""
    from rung.io.activity_library import validate_activity_path

    problems = guard(lambda: validate_activity_path(path, framework_id=framework_id))
    if problems:
        fail(problems, writes=False)
    click.echo(f"{path}: valid")


@frameworks.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the framework here (.yaml) instead of standard output.")
@click.option("--id", "framework_id", help="Framework id (default: from the file name).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists (it may hold "
              "quadrants and targets you filled in).")
def frameworks_import_cmd(file: Path, output: Path | None, framework_id: str | None,
                          force: bool) -> None:
    """Import FILE, a framework in the progression-framework format (Markdown with YAML
    front matter), into a rung framework file.

    Behaviour criteria are kept as level anchors; what the format lacks (quadrants, target
    scores, must-haves) is left as TODO for you to fill in. `rung frameworks validate` lists
    every TODO left.
    """
    from rung.io.progression_import import import_progression_file

    if output is not None:
        problems = []
        if output.suffix.lower() not in FRAMEWORK_SUFFIXES:
            problems.append(Problem(str(output), "-o", "a framework file ends in .yaml or .yml"))
        if exists(output) and not force:
            problems.append(Problem(str(output), "-o", "exists and may hold what you filled in; "
                                    "choose another name or add --force to overwrite it"))
        if problems:
            fail(problems)
    imported = guard(lambda: import_progression_file(file, framework_id=framework_id))
    write_output(imported.text, output)
    target = str(output) if output is not None else "the framework"
    click.echo(
        f"{file}: {imported.competencies} competencies, {imported.levels} levels imported; "
        f"{imported.placeholders} TODOs to fill in (quadrants, target scores, must-haves). "
        f"Then check {target} with `rung frameworks validate`.",
        err=output is None,
    )
