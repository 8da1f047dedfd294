"""Markdown exports carry people's words as text: a name, a first action or a milestone with
HTML in it never becomes markup where the Markdown is rendered (a wiki, a PR, a chat)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from markdown_it import MarkdownIt

from rung.core.ladder import build_ladder
from rung.core.plan import FirstAction, Plan
from rung.io.assessments import load_assessment
from rung.planning import make_plan
from rung.render._md import text
from rung.render.ladder_md import render_ladder_markdown
from rung.render.markdown_plan import render_markdown

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
NAME = '<img src=x onerror="alert(1)"> Pat &amp; Co'
ACTION = "Ask <b>Priya</b> to review the <script>alert(2)</script> memo &#60;today&#62;"


def _plan() -> Plan:
    assessment, framework = load_assessment(EXAMPLES / "apm-b2b-saas.yaml")
    plan = make_plan(assessment, framework, start=date(2026, 11, 30))
    first = plan.focus_areas[0]
    milestone = replace(first.milestones[0], text="Ship <iframe src=evil> by the review")
    return replace(plan, person_name=NAME,
                   first_action=FirstAction(ACTION, plan.first_action.due),
                   focus_areas=(replace(first, milestones=(milestone, *first.milestones[1:])),
                                *plan.focus_areas[1:]))


def _html(markdown: str) -> str:
    html: str = MarkdownIt("commonmark").render(markdown)
    return html


def test_plan_markdown_shows_html_in_names_and_plans_as_text() -> None:
    md = render_markdown(_plan())
    assert md.startswith("# Development plan: &lt;img src=x onerror=\"alert(1)\"> "
                         "Pat &amp;amp; Co")
    rendered = _html(md)
    for tag in ("<img", "<b>", "<script", "<iframe"):
        assert tag not in rendered, tag
    # what a reader sees is exactly what was typed
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Pat &amp;amp; Co" in rendered
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in rendered
    assert "&amp;#60;today&amp;#62;" in rendered


def test_ladder_markdown_escapes_too() -> None:
    assessment, framework = load_assessment(EXAMPLES / "apm-b2b-saas.yaml")
    plan = replace(make_plan(assessment, framework, start=date(2026, 11, 30)),
                   person_name=NAME)
    rendered = _html(render_ladder_markdown(build_ladder(plan, framework)))
    assert "<img" not in rendered
    assert "&lt;img src=x" in rendered


def test_plain_text_reads_as_before() -> None:
    assert text("Market & competitive analysis > 3 customers") == (
        "Market & competitive analysis > 3 customers")
    assert render_markdown(replace(_plan(), person_name="Pat Quinn")).startswith(
        "# Development plan: Pat Quinn")
