"""A team at a glance: gaps to each PM's own target, shared focus, staggered conversations."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rung.core.assessment import Assessment, Person
from rung.core.builder import build_plan
from rung.core.dates import is_business_day
from rung.core.team import (
    SLOT_TIMES,
    PlanningNeed,
    heatmaps,
    member_gaps,
    shared_patterns,
    stagger,
)
from rung.core.tracking.timeline import Timeline, timeline_of
from rung.render.heatmap import heatmap_svg

import factories as f

TODAY = date(2026, 11, 23)


def pm(pid: str, name: str, **scores: float) -> Assessment:
    a = f.assessment(f.all_scores(2.0, **scores), f.all_scores(2.0, **scores))
    return replace(a, person=Person(pid, name, "junior", "senior", None))


def test_gaps_are_measured_against_the_pms_own_target_and_match_the_plan() -> None:
    fw, lib = f.framework(targets={"strategy": (4.0, True)}), f.library()
    a = pm("pat", "Pat", strategy=1.0, delivery=3.5)
    gaps = member_gaps(a, fw, today=TODAY)
    plan = build_plan(a, fw, lib, start=date(2026, 11, 30))
    assert gaps.gaps["strategy"] == 3.0
    assert gaps.gaps["delivery"] == 0.0  # above target: at target, never negative
    assert {g.competency: g.gap for g in plan.gaps} == {
        k: v for k, v in gaps.gaps.items() if v}
    assert gaps.focus == tuple(fa.competency for fa in plan.focus_areas)
    assert not gaps.focus_from_plan


def test_an_unrated_competency_is_unknown_and_a_plans_focus_wins() -> None:
    fw = f.framework()
    a = f.assessment({"strategy": 1.0}, {"strategy": 1.5})
    gaps = member_gaps(a, fw, today=TODAY, plan_focus=["market"])
    assert gaps.gaps["delivery"] is None
    assert gaps.focus == ("market",)
    assert gaps.focus_from_plan


def test_stale_is_flagged_after_three_months() -> None:
    fw = f.framework()
    old = replace(f.assessment(f.all_scores(2.0), f.all_scores(2.0)),
                  assessed_on=date(2026, 8, 1))
    assert member_gaps(old, fw, today=TODAY).stale
    assert not member_gaps(replace(old, assessed_on=date(2026, 11, 1)), fw, today=TODAY).stale


def test_the_heatmap_lists_people_by_name_whatever_their_gaps() -> None:
    fw = f.framework()
    members = [member_gaps(pm(pid, name, strategy=s), fw, today=TODAY)
               for pid, name, s in (("z", "Zoe", 0.5), ("a", "adam", 3.0), ("m", "Mo", 1.0))]
    (grid,) = heatmaps(members, {fw.id: fw})
    assert [m.name for m in grid.members] == ["adam", "Mo", "Zoe"]
    assert [c[0] for c in grid.competencies] == [c.id for c in fw.competencies]


def test_the_heatmap_svg_is_byte_stable_and_escapes_names() -> None:
    fw = f.framework()
    members = [member_gaps(pm("x", "<Ann & Bo>", strategy=1.0), fw, today=TODAY)]
    (grid,) = heatmaps(members, {fw.id: fw})
    svg = heatmap_svg(grid)
    assert svg == heatmap_svg(grid)
    assert "&lt;Ann &amp; Bo&gt;" in svg
    assert "<Ann" not in svg
    assert svg.count("<rect") == len(fw.competencies) + 6  # cells + legend swatches
    assert "2.0 to target" in svg  # strategy: 3.0 target - 1.0


def test_shared_patterns_need_two_pms_and_keep_plans_individual() -> None:
    fw, lib = f.framework(), f.library()
    a = member_gaps(pm("a", "Ann"), fw, today=TODAY, plan_focus=["strategy", "market"])
    b = member_gaps(pm("b", "Bo"), fw, today=TODAY, plan_focus=["strategy", "delivery"])
    c = member_gaps(pm("c", "Cy"), fw, today=TODAY, plan_focus=["strategy", "market"])
    patterns = shared_patterns([a, b, c], {fw.id: fw}, {fw.id: lib})
    assert [(p.competency, p.people) for p in patterns] == [
        ("strategy", ("Ann", "Bo", "Cy")), ("market", ("Ann", "Cy"))]
    strategy = patterns[0]
    assert strategy.resource == lib.by_competency["strategy"].bands["senior"].learning[0]
    assert "stay individual" in strategy.workshop
    assert shared_patterns([a], {fw.id: fw}, {fw.id: lib}) == ()


def needs(n: int) -> list[PlanningNeed]:
    return [PlanningNeed(f"p{i}", f"PM {i:02d}", i % 3, "why") for i in range(n)]


def test_six_conversations_are_spread_across_the_two_weeks_not_crammed() -> None:
    start = date(2026, 11, 30)  # a Monday
    schedule = stagger(needs(6), start=start)
    days = [c.day for c in schedule]
    assert len(set(days)) == 6
    assert max(days) >= start + timedelta(days=9)  # reaches into the second week
    assert [c.person_id for c in schedule][:2] == ["p0", "p3"]  # most urgent first


def test_holidays_and_weekends_get_no_conversation() -> None:
    start = date(2026, 12, 21)
    holidays = frozenset({date(2026, 12, 25), date(2026, 12, 28)})
    schedule = stagger(needs(10), start=start, holidays=holidays)
    assert all(is_business_day(c.day, holidays) for c in schedule)


@given(st.integers(min_value=1, max_value=130))
def test_no_day_holds_more_than_its_share_and_no_two_share_a_slot(n: int) -> None:
    schedule = stagger(needs(n), start=date(2026, 11, 30))
    assert len(schedule) == n
    per_day: dict[date, list[str]] = {}
    for c in schedule:
        per_day.setdefault(c.day, []).append(c.start.isoformat())
    assert max(len(v) for v in per_day.values()) <= min(len(SLOT_TIMES), -(-n // 10))
    assert all(len(set(v)) == len(v) for v in per_day.values())


def test_nobody_to_plan_gives_an_empty_schedule() -> None:
    assert stagger([], start=date(2026, 11, 30)) == ()


def test_a_timeline_keeps_exactly_the_dates_health_needs() -> None:
    fw, lib = f.framework(), f.library()
    plan = build_plan(pm("p", "P", strategy=1.0), fw, lib, start=date(2026, 11, 30))
    timeline = timeline_of(plan)
    assert Timeline.from_dict(timeline.to_dict()) == timeline
    assert timeline.first_action_due == plan.first_action.due
    kinds = {k for k, _ in timeline.reviews}
    assert kinds >= {"monthly-check-in", "launch-check", "cycle-review"}
    assert "weekly-self-check" not in kinds
