"""Ladder → one self-contained HTML page (with the plan's radar), and PDF from that page."""

from __future__ import annotations

from markupsafe import Markup

from rung.core.framework import Framework
from rung.core.ladder import Ladder
from rung.render._templates import render_template
from rung.render.charts import plan_radar_svg
from rung.render.ladder_md import projection_line
from rung.render.pdf import html_to_pdf
from rung.render.plan_text import FOLDED_KINDS, recurring_lines


def render_ladder_html(ladder: Ladder, *, framework: Framework | None = None) -> str:
    plan = ladder.plan
    return render_template(
        "ladder.html.j2",
        page_title=f"Promotion-readiness ladder: {plan.person_name}",
        body_class="doc-ladder",
        label="",
        ladder=ladder,
        projection=projection_line(ladder),
        radar=Markup(plan_radar_svg(plan, framework)),
        dated_events=[e for e in plan.cadence if e.kind not in FOLDED_KINDS],
        recurring=recurring_lines(plan),
    )


def render_ladder_pdf(ladder: Ladder, *, framework: Framework | None = None) -> bytes:
    return html_to_pdf(render_ladder_html(ladder, framework=framework))
