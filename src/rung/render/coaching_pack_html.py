"""Coaching Pack → one self-contained HTML page, and PDF from that same page.

The radar in part 2 is drawn by `rung.render.charts.radar_svg` from the pack's own numbers,
which are the plan's: it is the same SVG as the plan's chart for the same person and framework.
A non-HR plan carries its label in a banner and in every PDF page's header.
"""

from __future__ import annotations

from markupsafe import Markup

from rung.core.coaching_pack_model import PART_TITLES, CoachingPack
from rung.core.hr_boundary import NON_HR_LABEL
from rung.render._templates import render_template
from rung.render.charts import radar_svg
from rung.render.coaching_pack_md import depth_path
from rung.render.pdf import html_to_pdf


def pack_radar_svg(pack: CoachingPack, *, size: int = 340) -> str:
    """The pack's chart: current vs target per competency ('' in a non-HR plan)."""
    a = pack.assessment
    if a is None:
        return ""
    return radar_svg(
        [r.name for r in a.rows],
        [r.current for r in a.rows],
        [r.target for r in a.rows],
        size=size,
        scale_min=a.scale_min,
        scale_max=a.scale_max,
        title=f"Current vs target: {pack.person_name}, {pack.target_title}",
    )


def render_pack_html(pack: CoachingPack) -> str:
    title = ("Coaching plan" if pack.non_hr else "PM Coaching Pack") + f": {pack.person_name}"
    return render_template(
        "coaching_pack.html.j2",
        page_title=title,
        body_class="doc-pack",
        label=NON_HR_LABEL if pack.non_hr else "",
        pack=pack,
        parts=PART_TITLES,
        radar=Markup(pack_radar_svg(pack)),
        depth_path=depth_path,
    )


def render_pack_pdf(pack: CoachingPack) -> bytes:
    return html_to_pdf(render_pack_html(pack))
