"""One place that knows every output format of a plan, for the CLI and the web downloads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rung.core.plan import Plan
from rung.render.ics_plan import render_ics
from rung.render.json_plan import render_json
from rung.render.markdown_plan import render_markdown


@dataclass(frozen=True)
class Format:
    id: str
    media_type: str
    extension: str
    render: Callable[[Plan], str | bytes]


FORMATS: dict[str, Format] = {
    f.id: f
    for f in (
        Format("md", "text/markdown; charset=utf-8", "md", render_markdown),
        Format("json", "application/json", "json", render_json),
        Format("ics", "text/calendar; charset=utf-8", "ics", render_ics),
    )
}


def render_plan(plan: Plan, fmt: str) -> str | bytes:
    return FORMATS[fmt].render(plan)
