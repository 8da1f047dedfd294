"""Read a plan file — rung's JSON (`rung.plan/1`), any Markdown plan, or a spreadsheet saved as
CSV — for the linter.

`read_plan_document(path)` returns the neutral `PlanDoc` the rules judge. A missing, empty or
non-UTF-8 file, broken JSON, JSON that is not a rung plan, or a document with nothing of a plan
in it raises one `InputError` naming the file; nothing raises a traceback for bad input.
"""

from __future__ import annotations

from pathlib import Path

from rung.core.errors import InputError, Problem
from rung.core.lint.document import PlanDoc, plan_doc_from_json
from rung.io.plan_csv import parse_csv_plan
from rung.io.plan_markdown import parse_markdown_plan

from .files import read_text
from .structured import parse_structured
from .wording import FILE

MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")
SPREADSHEET_SUFFIXES = {".csv": ",", ".tsv": "\t"}
WHAT = "a development plan (rung.plan/1 JSON, Markdown or CSV)"


def read_plan_document(path: Path) -> PlanDoc:
    """`.json` is read as `rung.plan/1`; `.csv`/`.tsv` as a spreadsheet; `.md`/`.markdown`/
    `.txt` as Markdown; any other file as JSON when it starts with `{`, else as Markdown."""
    source = str(path)
    text = read_text(path, source, WHAT)
    suffix = path.suffix.lower()
    is_json = suffix == ".json" or (
        suffix not in MARKDOWN_SUFFIXES
        and suffix not in SPREADSHEET_SUFFIXES
        and text.lstrip().startswith("{")
    )
    if is_json:
        return plan_doc_from_json(parse_structured(text, ".json", source, WHAT), source)
    if suffix in SPREADSHEET_SUFFIXES:
        doc = parse_csv_plan(text, source, delimiter=SPREADSHEET_SUFFIXES[suffix])
    else:
        doc = parse_markdown_plan(text, source)
    if not looks_like_a_plan(doc):
        raise InputError([Problem(source, FILE, NOT_A_PLAN)])
    return doc


NOT_A_PLAN = (
    "this does not look like a development plan: no focus areas, milestones, cycle dates, "
    "dated reviews or first action were found, so there is nothing to lint. rung lint reads a "
    "plan with focus areas as headings ('### 1. Stakeholder communication'), a table "
    "('| Focus area | Stretch assignment | Due | Milestone | Due |') or rung's JSON"
)


def looks_like_a_plan(doc: PlanDoc) -> bool:
    """Anything a plan is made of; a README or a framework page has none of it."""
    return bool(
        doc.focus_areas
        or doc.milestones
        or doc.cycle_start
        or doc.cycle_end
        or doc.first_action
        or any(e.date for e in doc.events)
    )
