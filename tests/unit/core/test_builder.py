"""The whole plan: four components per focus area, context used, milestones dated, backlog kept."""

from datetime import date

from rung.core.assessment import Context, FeedbackPerson, UpcomingEvent
from rung.core.builder import build_plan

from factories import all_scores, assessment, framework, library

START = date(2027, 1, 4)
CTX = Context(
    product_area="Checkout",
    upcoming=(UpcomingEvent("Q1 planning", date(2027, 2, 15), "planning"),),
    feedback_people=(FeedbackPerson("Priya Shah"), FeedbackPerson("Sam Lee")),
)


def make(context=CTX, lib=None, **kw):
    a = assessment(all_scores(1), all_scores(1), context=context, **kw)
    return build_plan(a, framework(), lib or library(), start=START)


def test_each_focus_area_has_exactly_the_four_components_and_one_or_two_milestones():
    p = make()
    assert len(p.focus_areas) == 3
    for fa in p.focus_areas:
        assert fa.stretch_assignment.text
        assert fa.stretch_assignment.output
        assert fa.learning_resource.scope
        assert fa.feedback.provider
        assert fa.feedback.interval_days == 14
        assert fa.coaching_touchpoint.text
        assert fa.coaching_touchpoint.interval_days == 30
        assert 1 <= len(fa.milestones) <= 2


def test_a_named_upcoming_event_becomes_a_stretch_deadline_once():
    p = make()
    with_event = [fa for fa in p.focus_areas if "Q1 planning" in fa.stretch_assignment.text]
    owners = [fa for fa in with_event if fa.shared_with is None]
    assert len(owners) == 1
    assert len(with_event) <= 2
    assert all(fa.stretch_assignment.due == date(2027, 2, 15) for fa in with_event)
    fw = framework()
    for fa in with_event:  # a second area shares the event only as one project with the first
        if fa.shared_with:
            assert (fw.competency(fa.shared_with).quadrant
                    == fw.competency(fa.competency).quadrant)


def test_named_feedback_people_listed_for_anything_give_feedback_on_two_areas_at_most():
    providers = [fa.feedback.provider for fa in make().focus_areas]
    assert providers == ["Priya Shah", "Sam Lee", "Priya Shah"]  # the load is spread


def test_the_product_area_appears_in_the_work():
    assert any("Checkout" in fa.stretch_assignment.text for fa in make().focus_areas)


def test_without_context_the_generic_templates_still_give_dated_work():
    p = make(context=Context())
    for fa in p.focus_areas:
        assert "{" not in fa.stretch_assignment.text
        assert START < fa.stretch_assignment.due <= p.cycle_end


def test_milestones_are_a_checkpoint_then_the_delivery_with_the_stretch_inside_the_cycle():
    for fa in make().focus_areas:
        dues = [m.due for m in fa.milestones]
        assert dues[-1] == fa.stretch_assignment.due
        assert dues == sorted(dues)
        assert len(set(dues)) == len(dues)
        if len(dues) == 2:
            assert (dues[1] - dues[0]).days >= 10
        assert all(START <= d <= date(2027, 4, 3) for d in dues)
        assert all(any(ch.isdigit() for ch in m.threshold) for m in fa.milestones)


def test_fallback_variants_keep_three_focus_areas_from_reading_alike():
    p = make(context=Context(), lib=library(with_own=False))
    texts = [fa.stretch_assignment.text for fa in p.focus_areas]
    assert {t.split(":")[0] for t in texts} == {"Alpha", "Beta", "Gamma"}


def test_everything_not_in_focus_is_in_the_backlog():
    p = make()
    assert set(p.backlog) | {fa.competency for fa in p.focus_areas} == {
        g.competency for g in p.gaps}
    assert not set(p.backlog) & {fa.competency for fa in p.focus_areas}


def test_a_career_changer_targets_the_entry_level_and_is_told_it_takes_two_cycles():
    a = assessment({"research": 1, "delivery": 2}, None, level=None, target=None)
    p = build_plan(a, framework(), library(), start=START)
    assert p.target_level == "junior"
    assert p.current_level is None
    assert any("two 90-day cycles" in n for n in p.notes)


def test_a_career_changer_plan_favours_foundational_competencies():
    fw = framework({cid: (1.0, False) for cid in ("strategy", "roadmap", "delivery")})
    a = assessment({}, None, level=None, target="junior")
    p = build_plan(a, fw, library(), start=START)
    chosen = [fa.competency for fa in p.focus_areas]
    assert chosen[0] == "research"  # unlocks the most other open gaps
    assert "communication" in chosen


def test_the_first_action_is_the_pms_own_words_when_given():
    from dataclasses import replace
    a = replace(assessment(all_scores(1), all_scores(1)), first_action="Book Priya for Friday")
    p = build_plan(a, framework(), library(), start=START)
    assert p.first_action.text == "Book Priya for Friday"
    assert p.first_action.due == date(2027, 1, 8)


def test_same_input_and_start_give_an_identical_plan():
    assert make() == make()


def test_a_pm_with_unrated_competencies_gets_no_gap_for_them_and_a_note():
    a = assessment({"delivery": 1, "research": 1}, {"delivery": 1, "research": 1})
    p = build_plan(a, framework(), library(), start=START)
    assert {g.competency for g in p.gaps} == {"delivery", "research"}
    assert any("left out of the gaps" in n and "Strategy" in n for n in p.notes)


def test_a_competency_only_one_peer_rated_is_left_out_and_the_note_says_why():
    a = assessment({"delivery": 1}, {"delivery": 1}, [{"strategy": 4}])
    p = build_plan(a, framework(), library(), start=START)
    assert "strategy" not in {g.competency for g in p.gaps}
    [note] = [n for n in p.notes if "left out of the gaps" in n]
    assert note.startswith("Not rated by the PM, the manager or two peers")
    assert "Strategy" in note
    assert any("Only one peer rated Strategy" in n for n in p.notes)


def test_a_career_changer_s_unrated_competencies_count_as_zero():
    a = assessment({"delivery": 1}, None, level=None, target="junior")
    p = build_plan(a, framework(), library(), start=START)
    unrated = {c.id for c in p.consensus} - {"delivery"}
    assert {g.competency for g in p.gaps} == unrated  # each from 0 to the 1.0 target
    assert any("counted from 0" in n for n in p.notes)


def test_two_events_of_one_name_and_day_are_still_matched_to_focus_areas():
    twice = UpcomingEvent("Q1 planning", date(2027, 2, 15), "planning")
    p = make(context=Context(upcoming=(twice, twice)))
    assert [fa.event for fa in p.focus_areas].count("Q1 planning") >= 1
