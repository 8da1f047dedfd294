"""The radar chart: pure, deterministic, escaped, no JavaScript, the same for every output."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from rung.io.assessments import load_assessment
from rung.planning import make_plan
from rung.render.charts import plan_radar_data, plan_radar_svg, radar_svg

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
SVG = "{http://www.w3.org/2000/svg}"
LABELS = ["Strategy", "Research", "Delivery", "Influence", "Analytics"]


def _points(svg: str, cls: str) -> list[tuple[float, float]]:
    root = ET.fromstring(svg)
    poly = next(p for p in root.iter(f"{SVG}polygon") if p.get("class") == cls)
    pairs = (pair.split(",") for pair in (poly.get("points") or "").split())
    return [(float(x), float(y)) for x, y in pairs]


def test_radar_is_well_formed_svg_without_script_and_deterministic() -> None:
    svg = radar_svg(LABELS, [1, 2, 3, 4, 5], [3, 3, 3, 3, 3])
    root = ET.fromstring(svg)  # parses as XML: valid inline SVG
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert "<script" not in svg
    assert "javascript:" not in svg.lower()
    assert " id=" not in svg  # no ids: the chart can appear twice on one page
    assert svg == radar_svg(LABELS, [1, 2, 3, 4, 5], [3, 3, 3, 3, 3])


def test_points_sit_at_the_scored_radius_and_values_are_clamped() -> None:
    svg = radar_svg(LABELS, [0, 5, 2.5, 7, -1], [5, 5, 5, 5, 5], size=300)
    current, target = _points(svg, "current"), _points(svg, "target")
    axis = next(ET.fromstring(svg).iter(f"{SVG}line"))
    cx, cy = float(axis.get("x1") or 0), float(axis.get("y1") or 0)
    outer = math.dist((cx, cy), target[0])
    dists = [math.dist((cx, cy), p) / outer for p in current]
    assert dists[0] == pytest.approx(0, abs=0.02)
    assert dists[1] == pytest.approx(1, abs=0.02)
    assert dists[2] == pytest.approx(0.5, abs=0.02)
    assert dists[3] == pytest.approx(1, abs=0.02)  # 7 clamped to 5
    assert dists[4] == pytest.approx(0, abs=0.02)  # -1 clamped to 0


def test_labels_and_title_are_escaped() -> None:
    evil = ['<script>alert("x")</script>', "R&D \"quotes\" & 'apostrophes'", "Plain"]
    svg = radar_svg(evil, [1, 2, 3], [2, 2, 2], title='Chart <b>"x"</b>')
    assert "<script>" not in svg
    assert "<b>" not in svg
    root = ET.fromstring(svg)
    text = " ".join(t.text or "" for t in root.iter(f"{SVG}tspan"))
    assert '<script>alert("x")</script>' in text.replace("\n", " ") or "<script>alert" in text
    assert root.get("aria-label") == 'Chart <b>"x"</b>'


def test_desc_lists_every_value_for_screen_readers() -> None:
    svg = radar_svg(["A", "B", "C"], [1, 2, 3], [2, 2, 4])
    desc = ET.fromstring(svg).find(f"{SVG}desc")
    assert desc is not None
    assert desc.text == (
        "A: current 1.0, target 2.0; B: current 2.0, target 2.0; C: current 3.0, target 4.0"
    )


@pytest.mark.parametrize(
    ("labels", "current", "target"),
    [(["A", "B"], [1], [1, 2]), (["A"], [1], [math.nan]), (["A"], [math.inf], [1])],
)
def test_bad_input_is_a_clear_value_error(labels, current, target) -> None:
    with pytest.raises(ValueError, match="radar_svg"):
        radar_svg(labels, current, target)


def test_no_competencies_gives_a_chart_that_says_so() -> None:
    svg = radar_svg([], [], [])
    assert "No competencies to chart" in svg
    ET.fromstring(svg)


def test_long_labels_wrap_into_at_most_three_lines() -> None:
    svg = radar_svg(["Market & competitive analysis and positioning strategy", "B", "C"],
                    [1, 1, 1], [2, 2, 2])
    first_label = next(t for t in ET.fromstring(svg).iter(f"{SVG}text")
                       if any(True for _ in t.iter(f"{SVG}tspan")))
    assert 2 <= len(list(first_label.iter(f"{SVG}tspan"))) <= 3


def test_plan_radar_uses_every_framework_target_and_the_plan_s_gaps() -> None:
    assessment, framework = load_assessment(EXAMPLES / "tactical-to-strategic.yaml")
    plan = make_plan(assessment, framework, start=date(2026, 11, 30))
    data = plan_radar_data(plan, framework)
    assert len(data.labels) == len(framework.competencies)
    by_name = dict(zip(data.labels, data.target, strict=True))
    for g in plan.gaps:
        assert by_name[g.name] == g.target
    met = [c for c in plan.consensus if c.id not in {g.competency for g in plan.gaps}]
    assert any(by_name[c.name] < c.working for c in met)  # real targets, not "= current"
    svg = plan_radar_svg(plan, framework)
    assert "Pat Morgan" in svg
    assert len(re.findall("<circle", svg)) == len(data.labels)


def test_without_the_framework_met_competencies_are_drawn_at_their_score() -> None:
    assessment, framework = load_assessment(EXAMPLES / "apm-b2b-saas.yaml")
    plan = make_plan(assessment, framework, start=date(2026, 11, 30))
    data = plan_radar_data(plan, None)
    gap_names = {g.name for g in plan.gaps}
    for name, cur, tgt in zip(data.labels, data.current, data.target, strict=True):
        if name not in gap_names:
            assert tgt == cur
