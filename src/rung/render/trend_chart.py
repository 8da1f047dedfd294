"""Per-competency trend across assessments as an inline SVG line chart: pure, deterministic,
escaped, no JavaScript. One polyline (and a dot per point) per competency; the x axis is the
assessment date, the y axis the score from 0 to `scale_max`."""

from __future__ import annotations

from datetime import date
from html import escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 180, 16, 36
# Dark enough for the legend's text on white: each at least 5:1 (WCAG AA asks 4.5:1).
PALETTE = ("#1f5fa8", "#b34700", "#2a7d2e", "#c0262d", "#6a3d9a", "#8c4a2f", "#b1267a",
           "#555555", "#6b6b00", "#00707f")


def _n(x: float) -> str:
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def trend_svg(series: dict[str, list[tuple[date, float]]], *, scale_max: float = 5.0) -> str:
    """An SVG line chart of `series` (label → [(date, score)]). Scores are clamped to
    [0, scale_max]; labels are escaped; the same input gives byte-identical output."""
    if scale_max <= 0:
        raise ValueError("scale_max must be positive")
    dates = sorted({d for points in series.values() for d, _ in points})
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(d: date) -> float:
        if len(dates) < 2:
            return LEFT + plot_w / 2
        span = (dates[-1] - dates[0]).days
        return LEFT + plot_w * (d - dates[0]).days / span

    def y_of(v: float) -> float:
        v = min(max(float(v), 0.0), scale_max)
        return TOP + plot_h * (1 - v / scale_max)

    latest = "; ".join(f"{label}: {_n(float(sorted(series[label])[-1][1]))}"
                       for label in sorted(series) if series[label])
    span = (f"{len(dates)} assessment{'s' if len(dates) != 1 else ''}"
            + (f" from {dates[0].isoformat()} to {dates[-1].isoformat()}" if dates else ""))
    desc = f"{span}. Latest score per competency: {latest or 'none'}."
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" role="img" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
           f'aria-label="Score per competency across assessments. {escape(desc, quote=True)}">',
           "<title>Score per competency across assessments</title>",
           f"<desc>{escape(desc, quote=False)}</desc>"]
    for tick in range(int(scale_max) + 1):
        y = _n(y_of(tick))
        out.append(f'<line class="grid" x1="{LEFT}" y1="{y}" x2="{LEFT + plot_w}" y2="{y}" '
                   f'stroke="#ddd"/>')
        out.append(f'<text class="tick" x="{LEFT - 6}" y="{y}" text-anchor="end" '
                   f'font-size="10">{tick}</text>')
    for d in dates:
        x = _n(x_of(d))
        out.append(f'<text class="date" x="{x}" y="{HEIGHT - BOTTOM + 16}" '
                   f'text-anchor="middle" font-size="10">{d.isoformat()}</text>')
    for i, label in enumerate(sorted(series)):
        points = sorted(series[label])
        if not points:
            continue
        colour = PALETTE[i % len(PALETTE)]
        name = escape(label, quote=True)
        coords = " ".join(f"{_n(x_of(d))},{_n(y_of(v))}" for d, v in points)
        out.append(f'<g class="series" data-label="{name}">')
        out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                   f'stroke-width="2"/>')
        for d, v in points:
            out.append(f'<circle cx="{_n(x_of(d))}" cy="{_n(y_of(v))}" r="3" fill="{colour}">'
                       f"<title>{escape(label, quote=False)} {d.isoformat()}: "
                       f"{_n(float(v))}</title></circle>")
        ly = TOP + 14 * i + 8
        out.append(f'<text class="legend" x="{LEFT + plot_w + 12}" y="{ly}" font-size="11" '
                   f'fill="{colour}">{escape(label, quote=False)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
