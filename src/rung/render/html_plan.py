"""Plan → one self-contained HTML page (inline CSS and SVG, no JavaScript).

The page is also the PDF's source: `rung.render.pdf` hands this exact string to WeasyPrint, so
the browser, the HTML download and the PDF show the same focus table, chart and calendar.
Layout for a ten-second scan: the first visible action, then the focus-area table, then the
radar beside the gap list, then details and the dated calendar (one to three A4 pages).
"""

from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup

from rung.core.framework import Framework
from rung.core.plan import CadenceEvent, Plan
from rung.render._templates import render_template
from rung.render.charts import plan_radar_svg
from rung.render.markdown_plan import FOLDED_KINDS


def recurring_lines(plan: Plan) -> list[str]:
    """Weekly self-checks and biweekly feedback folded into one line each."""
    folded: dict[str, list[CadenceEvent]] = defaultdict(list)
    for e in plan.cadence:
        if e.kind == "weekly-self-check":
            folded[e.kind].append(e)
        elif e.kind == "biweekly-feedback":
            folded[e.competency or ""].append(e)
    lines = []
    weekly = folded.pop("weekly-self-check", [])
    if weekly:
        lines.append(
            f"Weekly self-check ({weekly[0].minutes} min: what I practised and learned): "
            f"{len(weekly)} dates, {weekly[0].date.isoformat()} → {weekly[-1].date.isoformat()}"
        )
    names = {fa.competency: fa for fa in plan.focus_areas}
    for cid, events in folded.items():
        fa = names.get(cid)
        who = f" with {fa.feedback.provider}" if fa else ""
        what = fa.name if fa else cid
        lines.append(
            f"Feedback on {what}{who} ({events[0].minutes} min): "
            + ", ".join(e.date.isoformat() for e in events)
        )
    return lines


def render_html(plan: Plan, *, framework: Framework | None = None) -> str:
    """The plan as a complete HTML document. `framework` lets the radar show every target."""
    gaps = {g.competency: g for g in plan.gaps}
    spec = f"{plan.specialization.capitalize()} PM" if plan.specialization else ""
    gap_ids = set(gaps)
    return render_template(
        "plan.html.j2",
        page_title=f"Development plan: {plan.person_name}",
        body_class="doc-plan",
        label="",
        plan=plan,
        spec=spec,
        radar=Markup(plan_radar_svg(plan, framework)),
        focus_rows=[{"fa": fa, "gap": gaps[fa.competency]} for fa in plan.focus_areas],
        pending={c.id for c in plan.consensus if c.needs_calibration and not c.calibrated},
        met=[
            f"{c.name} ({c.working:.1f})" for c in plan.consensus if c.id not in gap_ids
        ],
        dated_events=[e for e in plan.cadence if e.kind not in FOLDED_KINDS],
        recurring=recurring_lines(plan),
        backlog=[gaps[cid] for cid in plan.backlog if cid in gaps],
    )
