"""Read a plan file — rung's JSON (`rung.plan/1`) or any Markdown plan — for the linter.

`read_plan_document(path)` returns the neutral `PlanDoc` the rules judge. A missing, empty or
non-UTF-8 file, broken JSON, or JSON that is not a rung plan raises one `InputError` naming the
file; nothing raises a traceback for bad input.
"""

from __future__ import annotations

from pathlib import Path

from rung.core.lint.document import PlanDoc, plan_doc_from_json
from rung.io._common import parse_structured, read_text
from rung.io._markdown_plan import parse_markdown_plan

MARKDOWN_SUFFIXES = (".md", ".markdown", ".txt")
WHAT = "a development plan (rung.plan/1 JSON or Markdown)"


def read_plan_document(path: Path) -> PlanDoc:
    """`.json` is read as `rung.plan/1`; `.md`/`.markdown`/`.txt` as Markdown; any other
    file as JSON when it starts with `{`, else as Markdown."""
    source = str(path)
    text = read_text(path, source, WHAT)
    suffix = path.suffix.lower()
    is_json = suffix == ".json" or (
        suffix not in MARKDOWN_SUFFIXES and text.lstrip().startswith("{")
    )
    if is_json:
        return plan_doc_from_json(parse_structured(text, ".json", source, WHAT), source)
    return parse_markdown_plan(text, source)
