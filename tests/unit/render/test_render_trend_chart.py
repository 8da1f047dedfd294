"""The trend chart: pure, deterministic, escaped, no JavaScript."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from rung.render.trend_chart import trend_svg

SVG = "{http://www.w3.org/2000/svg}"
D1, D2, D3 = date(2026, 1, 10), date(2026, 4, 10), date(2026, 7, 10)


def _polylines(svg: str) -> dict[str, list[tuple[float, float]]]:
    root = ET.fromstring(svg)
    out = {}
    for g in root.iter(f"{SVG}g"):
        line = g.find(f"{SVG}polyline")
        assert line is not None
        pairs = (p.split(",") for p in (line.get("points") or "").split())
        out[g.get("data-label") or ""] = [(float(x), float(y)) for x, y in pairs]
    return out


def test_the_chart_is_well_formed_svg_without_script_and_deterministic() -> None:
    series = {"Strategy": [(D1, 2.0), (D2, 3.0)], "Research": [(D1, 4.0)]}
    svg = trend_svg(series)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert "<script" not in svg
    assert "javascript:" not in svg.lower()
    assert " id=" not in svg
    assert svg == trend_svg(dict(reversed(series.items())))
    assert set(_polylines(svg)) == {"Strategy", "Research"}


def test_higher_scores_sit_higher_and_later_dates_further_right_with_clamping() -> None:
    lines = _polylines(trend_svg({"A": [(D3, 9.0), (D1, 1.0), (D2, 3.0)]}, scale_max=5.0))
    (x1, y1), (x2, y2), (x3, y3) = lines["A"]
    assert x1 < x2 < x3
    assert y1 > y2 > y3  # SVG y grows downwards
    top = trend_svg({"B": [(D1, 5.0)]})
    assert _polylines(top)["B"][0][1] == y3  # 9 is clamped to the scale's top


def test_labels_are_escaped() -> None:
    svg = trend_svg({'<b>"x"&y</b>': [(D1, 2.0), (D2, 2.5)]})
    assert "<b>" not in svg
    assert "&lt;b&gt;" in svg
    assert list(_polylines(svg)) == ['<b>"x"&y</b>']


def test_an_empty_chart_and_a_bad_scale() -> None:
    assert ET.fromstring(trend_svg({})).tag == f"{SVG}svg"
    with pytest.raises(ValueError, match="scale_max must be positive"):
        trend_svg({"A": [(D1, 1.0)]}, scale_max=0)
