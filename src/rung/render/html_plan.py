"""Plan → one self-contained HTML page (inline CSS and SVG, no JavaScript).

The page is also the PDF's source: `rung.render.pdf` hands this exact string to WeasyPrint, so
the browser, the HTML download and the PDF show the same focus table, chart and calendar.
Layout for a ten-second scan: the first visible action, then the focus-area table, then the
radar beside the gap list, then details and the dated calendar (one to three A4 pages).
"""

from __future__ import annotations

from markupsafe import Markup

from rung.core.framework import Framework
from rung.core.plan import Plan
from rung.render._templates import render_template
from rung.render.charts import plan_radar_svg
from rung.render.plan_text import (
    CALIBRATION_INTRO,
    event_note,
    feedback_line,
    one_off_events,
    recurring_lines,
    shared_note,
    time_budget_text,
    with_whom,
)


def render_html(plan: Plan, *, framework: Framework | None = None) -> str:
    """The plan as a complete HTML document. `framework` lets the radar show every target."""
    gaps = {g.competency: g for g in plan.gaps}
    spec = f"{plan.specialization.capitalize()} PM" if plan.specialization else ""
    gap_ids = set(gaps)
    focus = {fa.competency for fa in plan.focus_areas}
    return render_template(
        "plan.html.j2",
        page_title=f"Development plan: {plan.person_name}",
        body_class="doc-plan",
        label=plan.label or "",
        plan=plan,
        spec=spec,
        radar=Markup(plan_radar_svg(plan, framework)),
        focus_rows=[
            {"fa": fa, "gap": gaps.get(fa.competency), "shared": shared_note(fa, plan),
             "feedback": feedback_line(fa, plan), "event": event_note(fa)}
            for fa in plan.focus_areas
        ],
        budget=time_budget_text(plan.time_budget) if plan.time_budget else "",
        focus=focus,
        unrated={c.id for c in plan.consensus if not c.rated and c.id in gap_ids},
        pending={c.id for c in plan.consensus if c.needs_calibration and not c.calibrated},
        met=[
            f"{c.name} ({c.working:.1f})" for c in plan.consensus if c.id not in gap_ids
        ],
        dated_events=one_off_events(plan),
        recurring=recurring_lines(plan),
        calibration_intro=CALIBRATION_INTRO,
        with_whom=lambda e: with_whom(e, plan),
    )
