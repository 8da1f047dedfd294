"""Server-side SVG charts: the same markup in the web page, the HTML download and the PDF.

`radar_svg` is a pure function of its arguments: no JavaScript, no random ids, numbers written
with one decimal, every label escaped. The same inputs give byte-identical output, so a test
(or a reader) can find the very same chart in the HTML and in the source of the PDF.

No charting library is used: the maintained Python ones either need JavaScript to draw
(plotly, bokeh) or pull in matplotlib, whose SVG embeds generated ids and font paths that differ
between runs. A radar is a few polygons; this module draws them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import NamedTuple

from rung.core.framework import Framework
from rung.core.plan import Plan
from rung.core.targets import target_profile

CURRENT_COLOUR = "#2563a8"
TARGET_COLOUR = "#3a3a3a"
GRID_COLOUR = "#d4d4d4"
LABEL_COLOUR = "#222222"
TICK_COLOUR = "#59636e"  # 6.1:1 on white (WCAG AA asks 4.5:1 for text)
_WRAP_AT = 15  # characters per label line before wrapping (two lines at most)
_WIDTH_FACTOR = 1.36  # labels sit left and right of the plot: the chart is wider than tall


class RadarData(NamedTuple):
    labels: tuple[str, ...]
    current: tuple[float, ...]
    target: tuple[float, ...]
    scale_min: float
    scale_max: float


def _n(x: float) -> str:
    """One decimal, never '-0.0': the output must not depend on float noise."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _wrap(label: str, width: int = _WRAP_AT, max_lines: int = 3) -> list[str]:
    """Greedy word wrap into at most `max_lines` lines; the last line takes what is left."""
    lines: list[str] = []
    for word in label.split():
        fits = bool(lines) and len(lines[-1]) + 1 + len(word) <= width
        if lines and (fits or len(lines) >= max_lines):
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [label]


def radar_svg(
    labels: Sequence[str],
    current: Sequence[float],
    target: Sequence[float],
    *,
    size: int = 340,
    scale_min: float = 0.0,
    scale_max: float = 5.0,
    title: str = "Current vs target",
) -> str:
    """A radar chart of `current` (filled) against `target` (dashed outline) per label.

    Values are clamped to the scale. Raises ValueError when the three sequences differ in
    length, a value is not a finite number, or the scale or size is empty.
    """
    n = len(labels)
    if len(current) != n or len(target) != n:
        raise ValueError(
            f"radar_svg needs one current and one target value per label: got {n} labels, "
            f"{len(current)} current and {len(target)} target values"
        )
    if size <= 0 or not scale_max > scale_min:
        raise ValueError("radar_svg needs a positive size and scale_max > scale_min")
    for v in (*current, *target):
        if not math.isfinite(v):
            raise ValueError(f"radar_svg values must be finite numbers, got {v!r}")

    font = max(8.0, size / 31)
    legend_h = font * 2.2
    width = round(size * _WIDTH_FACTOR)
    height = size + legend_h
    cx, cy = width / 2, size / 2
    radius = size * 0.3
    span = scale_max - scale_min
    summary = "; ".join(
        f"{label}: current {_n(c)}, target {_n(t)}"
        for label, c, t in zip(labels, current, target, strict=True)
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rung-radar" role="img" '
        f'width="{width}" height="{_n(height)}" viewBox="0 0 {width} {_n(height)}" '
        f'aria-label="{_attr(title)}">',
        f"<title>{_attr(title)}</title>",
        f"<desc>{_attr(summary or 'No competencies to chart')}</desc>",
    ]
    if n == 0:
        out.append(
            f'<text x="{_n(cx)}" y="{_n(cy)}" text-anchor="middle" font-family="sans-serif" '
            f'font-size="{_n(font)}" fill="{LABEL_COLOUR}">No competencies to chart</text>'
        )
        out.append("</svg>")
        return "\n".join(out)

    def angle(i: int) -> float:
        return -math.pi / 2 + 2 * math.pi * i / n

    def point(i: int, value: float) -> tuple[float, float]:
        frac = (min(max(value, scale_min), scale_max) - scale_min) / span
        return cx + radius * frac * math.cos(angle(i)), cy + radius * frac * math.sin(angle(i))

    def points(values: Sequence[float]) -> str:
        return " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, v) for i, v in enumerate(values)))

    step = 1.0 if span <= 10 else span / 5
    ring = scale_min + step
    out.append(f'<g fill="none" stroke="{GRID_COLOUR}" stroke-width="0.8">')
    while ring <= scale_max + 1e-9:
        out.append(f'<polygon points="{points([ring] * n)}"/>')
        ring += step
    for i in range(n):
        x, y = point(i, scale_max)
        out.append(f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}"/>')
    out.append("</g>")

    tick = scale_min + step
    out.append(
        f'<g font-family="sans-serif" font-size="{_n(font * 0.75)}" fill="{TICK_COLOUR}" '
        'text-anchor="start">'
    )
    while tick <= scale_max + 1e-9:
        _, y = point(0, tick)
        out.append(f'<text x="{_n(cx + 3)}" y="{_n(y + font * 0.8)}">{tick:g}</text>')
        tick += step
    out.append("</g>")

    out.append(
        f'<polygon class="target" points="{points(target)}" fill="none" '
        f'stroke="{TARGET_COLOUR}" stroke-width="1.6" stroke-dasharray="5 3"/>'
    )
    out.append(
        f'<polygon class="current" points="{points(current)}" fill="{CURRENT_COLOUR}" '
        f'fill-opacity="0.25" stroke="{CURRENT_COLOUR}" stroke-width="2"/>'
    )
    out.append(f'<g fill="{CURRENT_COLOUR}">')
    for i, v in enumerate(current):
        x, y = point(i, v)
        out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(size / 130)}"/>')
    out.append("</g>")

    out.append(f'<g font-family="sans-serif" font-size="{_n(font)}" fill="{LABEL_COLOUR}">')
    for i, label in enumerate(labels):
        lines = _wrap(label)
        x = cx + (radius + font * 0.8) * math.cos(angle(i))
        y = cy + (radius + font * 1.0) * math.sin(angle(i))
        dx = x - cx
        anchor = "middle" if abs(dx) < size * 0.02 else ("start" if dx > 0 else "end")
        dy = y - cy
        # Labels above the centre grow upwards, those below grow downwards.
        if dy < -size * 0.02:
            first_y = y - (len(lines) - 1) * font * 1.1
        elif dy > size * 0.02:
            first_y = y + font * 0.8
        else:
            first_y = y + font * 0.35 - (len(lines) - 1) * font * 0.55
        out.append(f'<text x="{_n(x)}" y="{_n(first_y)}" text-anchor="{anchor}">')
        for j, line in enumerate(lines):
            dy_attr = "0" if j == 0 else _n(font * 1.1)
            out.append(f'<tspan x="{_n(x)}" dy="{dy_attr}">{escape(line, quote=False)}</tspan>')
        out.append("</text>")
    out.append("</g>")

    ly = size + font * 0.9
    lx = cx - font * 6
    out.append(f'<g font-family="sans-serif" font-size="{_n(font)}" fill="{LABEL_COLOUR}">')
    out.append(
        f'<rect x="{_n(lx)}" y="{_n(ly - font * 0.8)}" width="{_n(font * 1.6)}" '
        f'height="{_n(font * 0.9)}" fill="{CURRENT_COLOUR}" fill-opacity="0.25" '
        f'stroke="{CURRENT_COLOUR}" stroke-width="1.5"/>'
    )
    out.append(f'<text x="{_n(lx + font * 2.1)}" y="{_n(ly)}">Current</text>')
    tx = lx + font * 7.5
    out.append(
        f'<line x1="{_n(tx)}" y1="{_n(ly - font * 0.35)}" x2="{_n(tx + font * 1.6)}" '
        f'y2="{_n(ly - font * 0.35)}" stroke="{TARGET_COLOUR}" stroke-width="1.6" '
        'stroke-dasharray="5 3"/>'
    )
    out.append(f'<text x="{_n(tx + font * 2.1)}" y="{_n(ly)}">Target</text>')
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


# --- the radar of a plan ---------------------------------------------------------------------


def plan_radar_data(plan: Plan, framework: Framework | None = None) -> RadarData:
    """Current (working score) and target per competency of the plan, in framework order.

    A plan records targets only where there is a gap. With the framework the plan was built
    from, every target is known; without it, a competency at or above target is drawn with
    its target on its current score (the chart then says "met", not a number it cannot know).
    A framework whose targets contradict the plan's gaps is ignored.
    """
    gaps = {g.competency: g for g in plan.gaps}
    targets: dict[str, float] = {}
    scale_min, scale_max = 0.0, 5.0
    if framework is not None and framework.has_level(plan.target_level):
        spec = (
            framework.specialization(plan.specialization)
            if plan.specialization and framework.has_specialization(plan.specialization)
            else None
        )
        profile = target_profile(framework, plan.target_level, spec)
        consistent = all(
            cid in profile and abs(profile[cid].score - g.target) < 1e-9 for cid, g in gaps.items()
        )
        if consistent:
            targets = {cid: entry.score for cid, entry in profile.items()}
            scale_min, scale_max = framework.scale.min, framework.scale.max
    labels, current, target = [], [], []
    for c in plan.consensus:
        labels.append(c.name)
        current.append(c.working)
        if c.id in gaps:
            target.append(gaps[c.id].target)
        else:
            target.append(targets.get(c.id, c.working))
    return RadarData(tuple(labels), tuple(current), tuple(target), scale_min, scale_max)


def plan_radar_svg(plan: Plan, framework: Framework | None = None, *, size: int = 340) -> str:
    """The plan's radar chart; the web page, HTML and PDF all embed this same string."""
    data = plan_radar_data(plan, framework)
    return radar_svg(
        data.labels,
        data.current,
        data.target,
        size=size,
        scale_min=data.scale_min,
        scale_max=data.scale_max,
        title=f"Current vs target: {plan.person_name}, {plan.target_level_title}",
    )
