"""Invariants that hold for every plan, over random frameworks, scores and start dates."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rung.core.builder import build_plan
from rung.core.focus import MAX_FOCUS_AREAS
from rung.core.plan import Plan

from factories import library
from strategies import assessments, frameworks, starts

LIB = library(with_own=False)  # fallback variants only: any competency id works


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    fw = draw(frameworks())
    a = draw(assessments(fw))
    start: date = draw(starts)
    holidays = frozenset(draw(st.lists(st.dates(start, start + timedelta(days=365)),
                                       max_size=8)))
    return build_plan(a, fw, LIB, start=start, holidays=holidays)


SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(plans())
def test_never_more_than_three_focus_areas_and_each_has_four_components(plan: Plan) -> None:
    assert len(plan.focus_areas) <= MAX_FOCUS_AREAS
    for fa in plan.focus_areas:
        assert fa.stretch_assignment.text
        assert fa.stretch_assignment.output
        assert fa.learning_resource.title
        assert fa.learning_resource.scope
        assert fa.feedback.provider
        assert fa.feedback.interval_days > 0
        assert fa.coaching_touchpoint.text
        assert fa.coaching_touchpoint.interval_days > 0
        assert 1 <= len(fa.milestones) <= 2


@SETTINGS
@given(plans())
def test_all_dates_are_inside_the_cycle_and_ordered(plan: Plan) -> None:
    s, e = plan.cycle_start, plan.cycle_end
    assert [ev.date for ev in plan.cadence] == sorted(ev.date for ev in plan.cadence)
    assert all(s <= ev.date <= e for ev in plan.cadence)
    for fa in plan.focus_areas:
        dues = [m.due for m in fa.milestones]
        assert dues == sorted(dues)
        assert all(s <= d <= e for d in [*dues, fa.stretch_assignment.due])
    assert s <= plan.first_action.due <= e


@SETTINGS
@given(plans())
def test_focus_and_backlog_partition_the_gaps(plan: Plan) -> None:
    focus = [fa.competency for fa in plan.focus_areas]
    assert len(set(focus)) == len(focus)
    assert sorted([*focus, *plan.backlog]) == sorted(g.competency for g in plan.gaps)
    assert all(g.gap > 0 for g in plan.gaps)


@SETTINGS
@given(plans())
def test_every_divergence_of_two_points_is_calibrated_or_scheduled(plan: Plan) -> None:
    scheduled = {c.competency for c in plan.calibration}
    for c in plan.consensus:
        if c.divergence is not None and c.divergence >= 2 and not c.calibrated:
            assert c.consensus is None
            assert c.id in scheduled


@SETTINGS
@given(plans())
def test_every_generated_plan_lints_without_errors_as_json_and_as_markdown(plan: Plan) -> None:
    from rung.core.lint import has_errors, lint, plan_doc_from_json
    from rung.core.serialize import plan_to_dict
    from rung.io.plan_markdown import parse_markdown_plan
    from rung.render.markdown_plan import render_markdown

    if not plan.focus_areas:
        return  # nothing to develop: R017 rightly says so; covered by its own test
    as_json = lint(plan_doc_from_json(plan_to_dict(plan), "plan.json"))
    assert not has_errors(as_json), as_json
    as_md = lint(parse_markdown_plan(render_markdown(plan), "plan.md"))
    assert not has_errors(as_md), as_md


@SETTINGS
@given(plans())
def test_the_json_round_trip_loses_nothing(plan: Plan) -> None:
    import json

    from rung.core.serialize import plan_from_dict, plan_to_dict

    assert plan_from_dict(json.loads(json.dumps(plan_to_dict(plan)))) == plan


@SETTINGS
@given(plans())
def test_linting_a_plan_directly_judges_it_like_its_json(plan: Plan) -> None:
    from rung.core.lint import lint, plan_doc_from_json, plan_doc_from_plan
    from rung.core.serialize import plan_to_dict

    direct = [(f.code, f.where) for f in lint(plan_doc_from_plan(plan, "p"))]
    via_json = [(f.code, f.where) for f in lint(plan_doc_from_json(plan_to_dict(plan), "p"))]
    assert direct == via_json
