"""The team heatmap as server-side SVG: competency rows × PM columns, each cell one PM's gap to
their own target.

Colours run from "at target" to "2+ points to go"; the number is written in every cell, so the
chart reads without colour too. Unknown cells (nobody rated it) are grey, never a guessed
number; a gap that uses the lower of two diverging scores until self and manager calibrate
carries a star (never a silent average). A focus competency of that PM's plan gets a dark
outline. Like `charts.radar_svg` the output is a pure function of its input.
"""

from __future__ import annotations

from html import escape

from rung.core.team import Heatmap, MemberGaps

CELL_W = 64
CELL_H = 26
LABEL_W = 190
HEADER_H = 92
LEGEND_H = 40
LEGEND_W = 640
# (upper bound of the gap, fill, text colour): at target, < 1, < 2, 2 and more.
BANDS = (
    (0.0, "#e8f3ea", "#1f4d2b"),
    (0.95, "#fbe9c4", "#4a3500"),
    (1.95, "#f4b27c", "#4a2200"),
    (99.0, "#b5441f", "#ffffff"),  # white on it: 5.5:1 (WCAG AA asks 4.5:1)
)
UNKNOWN_FILL = "#e4e4e4"
FOCUS_STROKE = "#1b1b1b"


def _e(text: str) -> str:
    return escape(text, quote=True)


def band(gap: float) -> tuple[str, str]:
    for upper, fill, ink in BANDS:
        if gap <= upper:
            return fill, ink
    return BANDS[-1][1], BANDS[-1][2]


def _cell_text(member: MemberGaps, competency: str, gap: float | None) -> tuple[str, str]:
    """(text in the cell, tooltip)."""
    if gap is None:
        return "–", "not rated yet"
    calibrate = competency in member.awaiting_calibration
    mark = "*" if calibrate else ""
    why = ("; self and manager are 2+ points apart, so this uses the lower score until they "
           "calibrate" if calibrate else "")
    if gap == 0:
        return "✓" + mark, "at or above target" + why
    return f"{gap:.1f}{mark}", f"{gap:.1f} to target{why}"


def _summary(heatmap: Heatmap) -> str:
    """The chart in words: per PM, the competencies 2 or more points from their target."""
    parts = []
    for m in heatmap.members:
        big = [name for cid, name, _ in heatmap.competencies
               if (gap := heatmap.cell(m, cid)) is not None and gap >= 2]
        parts.append(f"{m.name}: " + (", ".join(big) if big else "no gap of 2 or more"))
    return (f"{len(heatmap.members)} PMs by {len(heatmap.competencies)} competencies; each "
            "cell gives the gap in points. Gaps of 2 or more: " + "; ".join(parts) + ".")


def heatmap_svg(heatmap: Heatmap, *, title: str = "") -> str:
    members = heatmap.members
    # Room on the right for the last rotated name, and never narrower than the legend.
    longest = max((len(m.name) for m in members), default=0)
    width = max(LABEL_W + CELL_W * max(1, len(members)) + CELL_W // 2 + int(longest * 5.6),
                LEGEND_W)
    height = HEADER_H + CELL_H * len(heatmap.competencies) + LEGEND_H
    label = title or "Gap to each PM's own target, per competency"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="system-ui, sans-serif" font-size="12" aria-label="{_e(label)}">',
        f"<title>{_e(label)}</title>",
        f"<desc>{_e(_summary(heatmap))}</desc>",
    ]
    for j, m in enumerate(members):
        x = LABEL_W + CELL_W * j + CELL_W // 2
        out.append(
            f'<text x="{x}" y="{HEADER_H - 8}" transform="rotate(-35 {x} {HEADER_H - 8})" '
            f'font-weight="600">{_e(m.name)}</text>'
        )
    previous_quadrant = ""
    for i, (cid, name, quadrant) in enumerate(heatmap.competencies):
        y = HEADER_H + CELL_H * i
        if quadrant != previous_quadrant and i:
            grid_end = LABEL_W + CELL_W * len(members)
            out.append(f'<line x1="0" x2="{grid_end}" y1="{y}" y2="{y}" stroke="#9a9a9a"/>')
        previous_quadrant = quadrant
        out.append(f'<text x="4" y="{y + CELL_H - 9}">{_e(name)}</text>')
        for j, m in enumerate(members):
            gap = heatmap.cell(m, cid)
            text, tip = _cell_text(m, cid, gap)
            fill, ink = band(gap) if gap is not None else (UNKNOWN_FILL, "#555555")
            x = LABEL_W + CELL_W * j
            focus = cid in m.focus
            stroke = (f' stroke="{FOCUS_STROKE}" stroke-width="2.5"' if focus
                      else ' stroke="#ffffff"')
            if focus:
                tip += "; a focus area of this cycle"
            out.append(
                f'<g><title>{_e(m.name)} · {_e(name)}: {_e(tip)}</title>'
                f'<rect x="{x + 1}" y="{y + 1}" width="{CELL_W - 2}" height="{CELL_H - 2}" '
                f'rx="3" fill="{fill}"{stroke}/>'
                f'<text x="{x + CELL_W // 2}" y="{y + CELL_H - 9}" text-anchor="middle" '
                f'fill="{ink}">{_e(text)}</text></g>'
            )
    y = HEADER_H + CELL_H * len(heatmap.competencies) + 14
    legend = (("✓ at target", BANDS[0][1]), ("under 1", BANDS[1][1]), ("1 to 2", BANDS[2][1]),
              ("2 or more", BANDS[3][1]), ("not rated", UNKNOWN_FILL))
    x = 4
    for text, fill in legend:
        out.append(f'<rect x="{x}" y="{y}" width="14" height="14" rx="2" fill="{fill}"/>'
                   f'<text x="{x + 19}" y="{y + 11}">{_e(text)}</text>')
        x += 24 + 7 * len(text)
    out.append(f'<rect x="{x}" y="{y}" width="14" height="14" rx="2" fill="#ffffff" '
               f'stroke="{FOCUS_STROKE}" stroke-width="2.5"/>'
               f'<text x="{x + 19}" y="{y + 11}">focus area</text>'
               f'<text x="{x + 100}" y="{y + 11}">* calibrate first</text>')
    out.append("</svg>")
    return "".join(out)
