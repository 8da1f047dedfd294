"""Consensus: self, manager and peers combine; a 2+ point divergence is never averaged."""

from rung.core.consensus import build_consensus

from factories import all_scores, assessment, framework


def row(consensus, cid):
    return next(c for c in consensus if c.id == cid)


def test_agreeing_sources_are_averaged_with_the_peer_aggregate():
    a = assessment(all_scores(3), all_scores(2), [all_scores(4), all_scores(3)])
    r = row(build_consensus(a, framework()), "strategy")
    assert (r.self, r.manager, r.peers, r.peer_count) == (3.0, 2.0, 3.5, 2)
    assert r.consensus == 2.8  # mean of 3, 2 and 3.5, rounded half up
    assert not r.needs_calibration


def test_a_two_point_divergence_is_not_averaged_and_needs_calibration():
    a = assessment(all_scores(2, strategy=4), all_scores(2, strategy=2))
    r = row(build_consensus(a, framework()), "strategy")
    assert r.divergence == 2.0
    assert r.needs_calibration
    assert r.consensus is None
    assert r.working == 2.0  # the lower score stands in until calibrated


def test_a_divergence_just_under_two_points_is_averaged():
    a = assessment(all_scores(2, strategy=3.9), all_scores(2))
    r = row(build_consensus(a, framework()), "strategy")
    assert not r.needs_calibration
    assert r.consensus == 3.0  # (3.9 + 2) / 2 = 2.95 → 3.0 half up


def test_a_calibrated_score_resolves_the_divergence():
    a = assessment(all_scores(2, strategy=4.5), all_scores(2, strategy=1.5),
                   calibrated={"strategy": 2.5})
    r = row(build_consensus(a, framework()), "strategy")
    assert not r.needs_calibration
    assert r.calibrated
    assert r.consensus == 2.5
    assert r.working == 2.5


def test_an_unrated_competency_has_no_consensus_and_works_from_zero():
    a = assessment({"strategy": 1}, None)
    r = row(build_consensus(a, framework()), "delivery")
    assert r.consensus is None
    assert r.working == 0.0


def test_a_lone_peer_counts_in_no_consensus_whatever_they_score():
    rows = [row(build_consensus(assessment(all_scores(3), all_scores(2), [all_scores(p)]),
                                framework()), "strategy") for p in (0, 5)]
    assert {(r.consensus, r.working, r.peer_divergence) for r in rows} == {(2.5, 2.5, None)}
    assert [(r.peers, r.counted_peers, r.rated) for r in rows] == [(0.0, None, True),
                                                                  (5.0, None, True)]


def test_a_competency_only_a_lone_peer_rated_counts_as_unrated():
    a = assessment({}, {}, [all_scores(4)])
    r = row(build_consensus(a, framework()), "strategy")
    assert (r.consensus, r.rated) == (None, False)
