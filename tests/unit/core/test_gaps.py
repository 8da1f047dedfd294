"""Gaps: rated on magnitude, criticality and leverage; criticality outweighs magnitude."""

from rung.core.consensus import build_consensus
from rung.core.gaps import MAX_CANDIDATES, rank_gaps
from rung.core.targets import target_profile

from factories import all_scores, assessment, framework


def ranked(fw, a, spec=None, foundational_first=False):
    profile = target_profile(fw, "senior", fw.specialization(spec) if spec else None)
    return rank_gaps(fw, build_consensus(a, fw), profile, target_title="Senior PM",
                     foundational_first=foundational_first)


def test_only_positive_gaps_are_listed():
    fw = framework()
    gaps = ranked(fw, assessment(all_scores(3, delivery=1), all_scores(3, delivery=1)))
    assert [g.competency for g in gaps] == ["delivery"]
    assert gaps[0].gap == 2.0
    assert gaps[0].magnitude == "High"


def test_a_small_must_have_gap_outranks_a_large_nice_to_have_gap():
    fw = framework({"delivery": (3.0, True), "market": (4.5, False)})
    scores = all_scores(3, delivery=1.5, market=1.5)
    gaps = ranked(fw, assessment(scores, scores))
    ids = [g.competency for g in gaps]
    assert ids.index("delivery") < ids.index("market")
    by = {g.competency: g for g in gaps}
    assert by["delivery"].criticality == "High"
    assert by["delivery"].magnitude == "Medium"
    assert by["market"].magnitude == "High"
    assert by["market"].criticality != "High"


def test_leverage_comes_from_unlocks_edges_to_other_open_gaps():
    fw = framework()
    scores = all_scores(2)  # every competency has a 1-point gap
    by = {g.competency: g for g in ranked(fw, assessment(scores, scores))}
    assert by["research"].leverage == "High"  # unlocks strategy and market
    assert by["analytics"].leverage == "Medium"  # unlocks roadmap
    assert by["delivery"].leverage == "Low"


def test_priority_tier_needs_high_on_two_criteria_and_candidates_are_capped_at_five():
    fw = framework({c: (4.0, True) for c in ("strategy", "market", "roadmap")})
    scores = all_scores(1)
    gaps = ranked(fw, assessment(scores, scores))
    assert sum(g.tier != "backlog" for g in gaps) == MAX_CANDIDATES
    for g in gaps:
        highs = [g.magnitude, g.criticality, g.leverage].count("High")
        if g.tier == "priority":
            assert highs >= 2
        if g.tier == "candidate":
            assert highs < 2


def test_a_divergent_competency_is_a_blind_spot_that_raises_its_leverage():
    fw = framework()
    self_s = all_scores(2, delivery=4)
    mgr_s = all_scores(2, delivery=1)
    by = {g.competency: g for g in ranked(fw, assessment(self_s, mgr_s))}
    assert by["delivery"].blind_spot
    assert by["delivery"].leverage == "Medium"  # Low by edges, one step up as a blind spot
    assert "blind spot" in by["delivery"].reasons[2]


def test_a_specialization_weight_raises_targets_and_criticality_in_its_quadrant():
    fw = framework(weights={"tactical-external": 1.3})
    scores = all_scores(2)
    by = {g.competency: g for g in ranked(fw, assessment(scores, scores), spec="special")}
    assert by["research"].target == 3.5  # 3.0 + 0.5
    assert by["research"].criticality == "High"
    assert by["delivery"].target == 3.0
    assert by["delivery"].criticality == "Medium"


def test_every_gap_explains_its_three_ratings():
    fw = framework({"delivery": (3.0, True)})
    scores = all_scores(2)
    g = ranked(fw, assessment(scores, scores))[0]
    assert len(g.reasons) == 3
    assert "must-have for Senior PM" in g.reasons[0]
    assert "1.0-point gap from 2.0 to 3.0" in g.reasons[1]
