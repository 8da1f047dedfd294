"""The committed example documents are what rung generates today, and stay small. What they
say is checked against their inputs in test_committed_examples_say_what_their_inputs_say.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rung.core.ladder import build_ladder
from rung.core.lint import lint
from rung.io.assessments import load_assessment
from rung.io.plan_documents import read_plan_document
from rung.planning import make_plan
from rung.render.coaching_pack_md import render_pack_markdown
from rung.render.formats import render_plan
from rung.render.ladder_md import render_ladder_markdown

from factories import coaching_pack

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs" / "examples"
START = date(2027, 1, 4)


def _inputs(name: str):
    assessment, framework = load_assessment(ROOT / "examples" / f"{name}.yaml")
    return make_plan(assessment, framework, start=START), assessment, framework


@pytest.mark.parametrize(
    ("file", "example", "render"),
    [
        ("plan-pat-morgan.html", "tactical-to-strategic",
         lambda p, a, f: render_plan(p, "html")),
        ("coaching-pack-pat-morgan.md", "tactical-to-strategic",
         lambda p, a, f: render_pack_markdown(coaching_pack(p, a, f))),
        ("coaching-plan-non-hr-pat-morgan.md", "tactical-to-strategic",
         lambda p, a, f: render_pack_markdown(coaching_pack(p, a, f, non_hr=True))),
        ("ladder-pat-morgan.md", "tactical-to-strategic",
         lambda p, a, f: render_ladder_markdown(build_ladder(p, f))),
        ("ladder-riley-chen.md", "apm-b2b-saas",
         lambda p, a, f: render_ladder_markdown(build_ladder(p, f))),
    ],
)
def test_committed_examples_are_what_rung_generates_today(file, example, render) -> None:
    committed = (DOCS / file).read_text(encoding="utf-8")
    assert committed == render(*_inputs(example)), (
        f"docs/examples/{file} is out of date: regenerate it (docs/examples/README.md)"
    )


def test_every_pdf_has_a_first_page_png_and_the_folder_stays_small() -> None:
    pdfs = sorted(DOCS.glob("*.pdf"))
    assert {p.stem for p in pdfs} >= {"plan-pat-morgan", "coaching-pack-pat-morgan",
                                      "ladder-pat-morgan"}
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF-")
        assert pdf.with_suffix(".png").is_file()
    assert sum(f.stat().st_size for f in DOCS.iterdir()) < 3 * 1024 * 1024


@pytest.mark.parametrize("file", ["ladder-pat-morgan.md", "ladder-riley-chen.md"])
def test_committed_ladders_lint_clean(file: str) -> None:
    findings = lint(read_plan_document(DOCS / file), today=START)
    # A focus area whose file names nobody who fits asks for a person: one R026 each.
    example = {"ladder-pat-morgan.md": "tactical-to-strategic",
               "ladder-riley-chen.md": "apm-b2b-saas"}[file]
    plan, _, _ = _inputs(example)
    asks = sum(fa.feedback.provider.startswith("To be named: ") for fa in plan.focus_areas)
    assert [f.code for f in findings] == ["R026"] * asks
