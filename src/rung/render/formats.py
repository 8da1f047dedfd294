"""One place that knows every output format of a plan, for the CLI and the web downloads.

`html` and `pdf` come from the same HTML page (`rung.render.html_plan`); PDF returns bytes and
raises `rung.render.pdf.MissingSystemLibrary` (an `InputError`) when WeasyPrint or Pango is
missing. Callers that already hold the plan's framework can call `render_plan(plan, fmt,
framework=fw)` so the radar shows every target; without it, the built-in framework of the same
id is used when it agrees with the plan's gaps.

Each renderer's module is imported on first use: the command line reads the list of formats
for its options without loading Jinja2, icalendar or WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rung.core.errors import InputError

if TYPE_CHECKING:
    from rung.core.framework import Framework
    from rung.core.plan import Plan


@dataclass(frozen=True)
class Format:
    id: str
    media_type: str
    extension: str
    render: Callable[[Plan], str | bytes]
    binary: bool = False


def builtin_framework_for(plan: Plan) -> Framework | None:
    """The built-in framework the plan names, if there is one (the chart checks it agrees)."""
    from rung.io.frameworks import BUILTIN_FRAMEWORKS, load_framework

    if plan.framework_id not in BUILTIN_FRAMEWORKS:
        return None
    try:
        return load_framework(plan.framework_id)
    except InputError:  # pragma: no cover - built-in content is validated by its own tests
        return None


def render_plan_markdown(plan: Plan) -> str:
    from rung.render.markdown_plan import render_markdown

    return render_markdown(plan)


def render_plan_json(plan: Plan) -> str:
    from rung.render.json_plan import render_json

    return render_json(plan)


def render_plan_ics(plan: Plan) -> str:
    from rung.render.ics_plan import render_ics

    return render_ics(plan)


def render_plan_html(plan: Plan, framework: Framework | None = None) -> str:
    from rung.render.html_plan import render_html

    return render_html(plan, framework=framework or builtin_framework_for(plan))


def render_plan_pdf(plan: Plan, framework: Framework | None = None) -> bytes:
    from rung.render.pdf import html_to_pdf

    return html_to_pdf(render_plan_html(plan, framework))


FORMATS: dict[str, Format] = {
    f.id: f
    for f in (
        Format("md", "text/markdown; charset=utf-8", "md", render_plan_markdown),
        Format("json", "application/json", "json", render_plan_json),
        Format("ics", "text/calendar; charset=utf-8", "ics", render_plan_ics),
        Format("html", "text/html; charset=utf-8", "html", render_plan_html),
        Format("pdf", "application/pdf", "pdf", render_plan_pdf, binary=True),
    )
}


def render_plan(plan: Plan, fmt: str, *, framework: Framework | None = None) -> str | bytes:
    if fmt == "html":
        return render_plan_html(plan, framework)
    if fmt == "pdf":
        return render_plan_pdf(plan, framework)
    return FORMATS[fmt].render(plan)
