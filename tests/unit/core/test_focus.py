"""Focus: at most three, ties to adjacent competencies, a one-sentence rationale, PM override."""

import pytest

from rung.core.assessment import PmChoice
from rung.core.consensus import build_consensus
from rung.core.errors import InputError
from rung.core.focus import apply_pm_choice, select_focus
from rung.core.gaps import rank_gaps
from rung.core.targets import target_profile

from factories import all_scores, assessment, framework


def setup(fw, scores):
    a = assessment(scores, scores)
    gaps = rank_gaps(fw, build_consensus(a, fw), target_profile(fw, "senior", None),
                     target_title="Senior PM")
    return gaps, select_focus(fw, gaps)


def test_never_more_than_three_focus_areas():
    _, sel = setup(framework(), all_scores(0))
    assert len(sel) == 3


def test_each_rationale_is_one_sentence_giving_criticality_magnitude_and_leverage():
    _, sel = setup(framework({"delivery": (4, True)}), all_scores(1))
    for s in sel:
        assert s.rationale.count(". ") == 0
        assert s.rationale.endswith(".")
        assert "must-have" in s.rationale or "nice-to-have" in s.rationale  # criticality
        assert "-point gap (" in s.rationale  # magnitude
        assert "unlocks" in s.rationale  # leverage


def test_ties_go_to_the_competency_in_the_same_quadrant_as_one_already_chosen():
    # influence (strategic-internal) is a must-have and chosen first; roadmap (same quadrant)
    # and delivery (tactical-internal: one shared axis) tie on every criterion.
    fw = framework({"influence": (4.0, True)})
    scores = all_scores(3, influence=2, roadmap=2, delivery=2)
    _, sel = setup(fw, scores)
    ids = [s.gap.competency for s in sel]
    assert ids == ["influence", "roadmap", "delivery"]
    assert "same quadrant as Influence" in sel[1].rationale


def test_a_shared_axis_beats_no_shared_axis_on_a_tie():
    # strategy (strategic-external) first; roadmap shares 'strategic', delivery shares nothing.
    fw = framework({"strategy": (4.0, True), "market": (1.0, False)})
    scores = all_scores(3, strategy=2, roadmap=2, delivery=2)
    _, sel = setup(fw, scores)
    assert [s.gap.competency for s in sel] == ["strategy", "roadmap", "delivery"]
    assert "shares an axis with Strategy" in sel[1].rationale


def test_the_rest_of_the_gaps_are_not_selected():
    gaps, sel = setup(framework(), all_scores(0))
    chosen = {s.gap.competency for s in sel}
    assert len([g for g in gaps if g.competency not in chosen]) == len(gaps) - 3


def test_the_pm_may_replace_exactly_one_focus_area_and_it_is_recorded_as_theirs():
    fw = framework()
    gaps, sel = setup(fw, all_scores(1))
    replaced = sel[1].gap.competency
    backlog_id = next(g.competency for g in gaps if g.competency not in
                      {s.gap.competency for s in sel})
    new = apply_pm_choice(fw, sel, gaps, PmChoice(replaced, backlog_id, "a launch is coming"),
                          source="a.yaml")
    assert [s.gap.competency for s in new] == [sel[0].gap.competency, backlog_id,
                                               sel[2].gap.competency]
    assert new[1].chosen_by == "pm"
    assert "The PM's choice (a launch is coming)" in new[1].rationale
    assert new[0] == sel[0]
    assert new[2] == sel[2]


def test_a_pm_choice_of_something_not_proposed_is_rejected_with_the_allowed_values():
    fw = framework()
    gaps, sel = setup(fw, all_scores(1))
    with pytest.raises(InputError) as e:
        apply_pm_choice(fw, sel, gaps, PmChoice("nope", sel[0].gap.competency), source="a.yaml")
    messages = " ".join(p.message for p in e.value.problems)
    assert "'nope' is not one of the proposed focus areas" in messages
    assert "already a focus area" in messages
