"""Plans from the built-in library, over random people: short enough to scan, and clean.

The invariants in test_plan_invariants.py run on random frameworks with a tiny library; these
run the real frameworks and the real content, where length and wording actually come from.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rung.core.assessment import Assessment, Context, FeedbackPerson, Person, Rating, UpcomingEvent
from rung.core.events import EVENT_KINDS
from rung.core.lint import has_errors
from rung.core.plan import Plan
from rung.io.frameworks import BUILTIN_FRAMEWORKS, load_framework
from rung.planning import make_plan
from rung.render.markdown_plan import render_markdown

MAX_WORDS = 1100
ROLES = ["VP Product", "Director of Product", "Staff engineer", "Engineering manager",
         "Data science lead", "UX research lead", "Head of Sales", "Finance business partner",
         "Product marketing manager", "Senior PM", None]
EVIDENCE = ["The last roadmap was a list of 40 features with no cut line and no owner for any "
            "of the open risks raised by engineering in the quarterly review",
            "Skipped the launch review", "Great customer notes"]
score = st.integers(0, 10).map(lambda x: x / 2)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    fw = load_framework(draw(st.sampled_from(BUILTIN_FRAMEWORKS)))
    ids = [c.id for c in fw.competencies]
    ranked = [lv.id for lv in fw.levels_by_rank()]
    level = draw(st.sampled_from([None, *ranked[:-1]]))
    above = ranked[ranked.index(level) + 1:] if level else ranked[:1]
    target = draw(st.sampled_from(above))
    self_scores = {cid: draw(score) for cid in ids}
    manager = {cid: min(5.0, max(0.0, v + draw(st.sampled_from([-2, -0.5, 0, 0.5]))))
               for cid, v in self_scores.items()}
    peers = [Rating("peer", {cid: draw(score) for cid in ids}, f"Peer {i}")
             for i in range(draw(st.integers(0, 3)))]
    start = date(2027, 1, 4)
    events = tuple(
        UpcomingEvent(f"Event number {i} of the quarter", start + timedelta(days=draw(
            st.integers(0, 95))), draw(st.sampled_from(EVENT_KINDS)))
        for i in range(draw(st.integers(0, 5)))
    )
    people = tuple(FeedbackPerson(f"Person Number{i}", draw(st.sampled_from(ROLES)))
                   for i in range(draw(st.integers(0, 5))))
    specs = [None, *(s.id for s in fw.specializations)]
    assessment = Assessment(
        person=Person("p", "Pat Example", level, target, draw(st.sampled_from(specs)),
                      country=draw(st.sampled_from([None, "GB", "DE", "US"]))),
        framework=fw.id,
        assessed_on=date(2026, 12, 1),
        ratings=(Rating("self", self_scores), Rating("manager", manager, "Morgan Lee"), *peers),
        evidence={cid: (draw(st.sampled_from(EVIDENCE)),)
                  for cid in draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))},
        context=Context(product_area=draw(st.sampled_from([None, "Payments and disputes"])),
                        upcoming=events, feedback_people=people),
    )
    return make_plan(assessment, fw, start=start)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_every_plan_from_the_builtin_library_is_at_most_1100_words_and_lints_clean(plan: Plan):
    md = render_markdown(plan)
    words = sum(1 for token in md.split() if re.search(r"[A-Za-z0-9]", token))
    assert words <= MAX_WORDS, words
    if plan.gaps:
        assert not has_errors(plan.lint), plan.lint
    else:
        # Someone at target everywhere gets a plan that says so and has no focus area, which
        # the linter flags (R017): engine and linter disagree there (docs/decisions.md, issue
        # 15). Pinned so a change to either shows, instead of failing at random.
        assert any(n.startswith("Every competency meets the target profile") for n in plan.notes)
        assert [f.code for f in plan.lint if f.severity == "error"] == ["R017"]
