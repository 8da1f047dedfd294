"""Plan as HTML and PDF: one self-contained page, the same chart in both, one to three pages."""

from __future__ import annotations

import html as htmllib
import logging
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from rung.io.assessments import load_assessment
from rung.planning import make_plan
from rung.render import pdf as pdf_module
from rung.render.charts import plan_radar_svg
from rung.render.formats import FORMATS, render_plan
from rung.render.html_plan import render_html
from rung.render.pdf import html_to_pdf_result

from system_packages import require

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
PERSONAS = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
START = date(2026, 11, 30)


def _plan(name: str):
    assessment, framework = load_assessment(EXAMPLES / f"{name}.yaml")
    return make_plan(assessment, framework, start=START), framework


def first_page_png(pdf: bytes, tmp_path: Path) -> Image.Image:
    src = tmp_path / "doc.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1",
                    str(src), str(tmp_path / "page")], check=True, capture_output=True)
    (png,) = sorted(tmp_path.glob("page*.png"))
    return Image.open(png)


def ink_share(image: Image.Image) -> float:
    """The share of pixels that are not white."""
    grey = image.convert("L")
    histogram = grey.histogram()
    return 1 - sum(histogram[250:]) / sum(histogram)


def test_formats_registry_offers_html_and_pdf() -> None:
    assert FORMATS["html"].media_type.startswith("text/html")
    assert FORMATS["pdf"].media_type == "application/pdf"
    assert FORMATS["pdf"].binary
    assert FORMATS["pdf"].extension == "pdf"


def test_html_is_one_self_contained_page_without_javascript() -> None:
    plan, framework = _plan("apm-b2b-saas")
    html = render_html(plan, framework=framework)
    assert html.startswith("<!DOCTYPE html>")
    assert "<style>" in html
    assert "@page" in html
    assert "<svg" in html
    assert "<script" not in html.lower()
    assert "<link" not in html
    assert "src=" not in html
    # The PM scans the focus table first: first action, then focus areas, before the details.
    assert html.index("This week") < html.index("Focus areas") < html.index("Calendar")
    for fa in plan.focus_areas:
        assert htmllib.escape(fa.name) in html
        assert fa.stretch_assignment.due.isoformat() in html
    for e in plan.cadence:
        if e.kind not in ("weekly-self-check", "biweekly-feedback"):
            assert e.date.isoformat() in html  # every one-off event
    weekly = [e for e in plan.cadence if e.kind == "weekly-self-check"]
    # Recurring sessions as a rule: the weekday, the first and the last date.
    assert f"every Friday from {weekly[0].date.isoformat()} to " in html
    feedback = [e for e in plan.cadence if e.kind == "biweekly-feedback"]
    assert f"every other {feedback[0].date.strftime('%A')} from {feedback[0].date.isoformat()}" \
        in html


def test_html_escapes_what_comes_from_user_files() -> None:
    from dataclasses import replace

    plan, framework = _plan("apm-b2b-saas")
    plan = replace(plan, person_name='<img src=x onerror="alert(1)"> & Co')
    html = render_html(plan, framework=framework)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=" in html


def test_the_registry_finds_the_built_in_framework_for_the_chart() -> None:
    plan, framework = _plan("tactical-to-strategic")
    html = render_plan(plan, "html")
    assert isinstance(html, str)
    assert plan_radar_svg(plan, framework) in html


@pytest.mark.parametrize("name", PERSONAS)
def test_plan_pdf_is_one_to_three_a4_pages(name: str) -> None:
    plan, framework = _plan(name)
    result = html_to_pdf_result(render_html(plan, framework=framework))
    assert result.data.startswith(b"%PDF-")
    assert 1 <= result.pages <= 3


def test_pdf_is_made_from_the_same_html_with_the_same_chart(monkeypatch) -> None:
    plan, framework = _plan("tactical-to-strategic")
    seen: list[str] = []
    real = pdf_module.html_to_pdf

    def spy(html: str) -> bytes:
        seen.append(html)
        return real(html)

    monkeypatch.setattr(pdf_module, "html_to_pdf", spy)
    pdf = render_plan(plan, "pdf", framework=framework)
    assert isinstance(pdf, bytes)
    assert pdf.startswith(b"%PDF-")
    html = render_plan(plan, "html", framework=framework)
    assert seen == [html]
    assert plan_radar_svg(plan, framework) in seen[0]


def test_pdf_output_is_byte_stable(caplog) -> None:
    # Pinned, not assumed: without HarfBuzz's subsetter WeasyPrint falls back to fontTools,
    # which writes the current time into every embedded font.
    require("libharfbuzz-subset0")
    plan, framework = _plan("apm-b2b-saas")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        first = render_plan(plan, "pdf", framework=framework)
        second = render_plan(plan, "pdf", framework=framework)
    assert first == second
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")], (
        "WeasyPrint ignored part of the stylesheet or markup"
    )


@pytest.mark.usefixtures("poppler")
def test_plan_pdf_first_page_is_not_blank(tmp_path: Path) -> None:
    plan, framework = _plan("apm-b2b-saas")
    pdf = render_plan(plan, "pdf", framework=framework)
    assert isinstance(pdf, bytes)
    image = first_page_png(pdf, tmp_path)
    assert image.width > 300
    assert image.height > 400
    assert ink_share(image) > 0.02
