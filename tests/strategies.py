"""Hypothesis strategies: random frameworks, assessments and start dates."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from rung.core.assessment import Assessment, Context, FeedbackPerson, Person, Rating, UpcomingEvent
from rung.core.events import EVENT_KINDS
from rung.core.framework import (
    ALTITUDES,
    FACINGS,
    Competency,
    Framework,
    Level,
    Quadrant,
    Scale,
    Target,
)

score = st.integers(0, 10).map(lambda x: x / 2)


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    n = draw(st.integers(1, 10))
    ids = [f"c{i}" for i in range(n)]
    comps = []
    for cid in ids:
        q = Quadrant(draw(st.sampled_from(ALTITUDES)), draw(st.sampled_from(FACINGS)))
        unlocks = draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
        comps.append(Competency(cid, f"Competency {cid}", "", q, None,
                                tuple(u for u in unlocks if u != cid)))
    n_levels = draw(st.integers(1, 4))
    levels = tuple(Level(f"l{r}", r, f"Level {r}") for r in range(1, n_levels + 1))
    targets: dict[str, dict[str, Target]] = {}
    floor = {cid: 0.0 for cid in ids}
    for lv in levels:
        row = {}
        for cid in ids:
            s = min(5.0, floor[cid] + draw(st.integers(0, 4)) / 2)
            floor[cid] = s
            row[cid] = Target(s, draw(st.booleans()))
        targets[lv.id] = row
    return Framework("random", "Random", "1", Scale(0, 5), tuple(comps), levels, targets)


@st.composite
def assessments(draw: st.DrawFn, fw: Framework) -> Assessment:
    ids = [c.id for c in fw.competencies]

    def scores() -> dict[str, float]:
        chosen = draw(st.lists(st.sampled_from(ids), unique=True))
        return {cid: draw(score) for cid in chosen}

    ratings = [Rating("self", scores())]
    if draw(st.booleans()):
        ratings.append(Rating("manager", scores(), "Morgan"))
    for i in range(draw(st.integers(0, 3))):
        ratings.append(Rating("peer", scores(), f"peer{i}"))
    ranked = fw.levels_by_rank()
    level = draw(st.sampled_from([None, *[lv.id for lv in ranked]]))
    target = draw(st.sampled_from([lv.id for lv in ranked]))
    start_offset = draw(st.integers(-20, 200))
    events = tuple(
        UpcomingEvent(f"event {i}", date(2027, 1, 1) + timedelta(days=draw(st.integers(-30, 150))),
                      draw(st.sampled_from([None, *EVENT_KINDS])))
        for i in range(draw(st.integers(0, 3)))
    )
    people = tuple(FeedbackPerson(f"Person {i}", draw(st.sampled_from([None, "Lead"])),
                                  tuple(draw(st.lists(st.sampled_from(ids), max_size=2))))
                   for i in range(draw(st.integers(0, 3))))
    ctx = Context(product_area=draw(st.sampled_from([None, "Search"])), upcoming=events,
                  feedback_people=people)
    return Assessment(
        person=Person("p", "Pat", level, target),
        framework=fw.id,
        assessed_on=date(2027, 1, 1) - timedelta(days=start_offset),
        ratings=tuple(ratings),
        context=ctx,
        calibrated={cid: draw(score) for cid in draw(st.lists(st.sampled_from(ids), max_size=2,
                                                               unique=True))},
    )


starts = st.dates(date(2026, 1, 1), date(2030, 12, 31))
