"""Per-competency consensus of self, manager and peer scores.

A divergence of two points or more between the PM's own score and their manager's, or the
mean of two or more peers, is never averaged away: the consensus stays empty until a
calibration conversation agrees a score, and the gap meanwhile uses the lower of the scores
that disagree, so a possible blind spot is not hidden. One peer alone never triggers this: a
lone peer's view is not shown to the PM, so it cannot be what they are asked to discuss.

A lone peer's score counts in nothing computed here (the consensus, the working score, hence
gaps, focus, charts and the history) until a second peer rates: otherwise anyone holding self,
manager and consensus could recover it as 3 x consensus - self - manager. This is the one place
that rule lives, so every page, download and API answer built from the consensus follows it.
The row still carries the lone score in `peers` for the manager, who reads each peer's named
rating anyway; what reaches the PM leaves `peers` out below two peers (`counted_peers`).
"""

from __future__ import annotations

from rung.core.assessment import Assessment
from rung.core.framework import Framework
from rung.core.plan import MIN_PEERS_COUNTED, CompetencyConsensus
from rung.core.scores import mean, round1

CALIBRATION_THRESHOLD = 2.0


def _role_scores(assessment: Assessment, role: str) -> dict[str, float]:
    for rating in assessment.ratings:
        if rating.rater == role:
            return {k: float(v) for k, v in rating.scores.items()}
    return {}


def build_consensus(
    assessment: Assessment, framework: Framework
) -> tuple[CompetencyConsensus, ...]:
    own_scores = _role_scores(assessment, "self")
    mgr_scores = _role_scores(assessment, "manager")
    peer_ratings = [r.scores for r in assessment.ratings if r.rater == "peer"]
    rows = []
    for comp in framework.competencies:
        own = own_scores.get(comp.id)
        mgr = mgr_scores.get(comp.id)
        peer_scores = [float(p[comp.id]) for p in peer_ratings if comp.id in p]
        peers = mean(peer_scores)
        counted = peers if len(peer_scores) >= MIN_PEERS_COUNTED else None
        divergence = round1(abs(own - mgr)) if own is not None and mgr is not None else None
        peer_divergence = (
            # From the peers' mean as shown (one decimal), so the gap reads as it is computed.
            round1(abs(own - round1(counted)))
            if own is not None and counted is not None
            else None
        )
        disputed = [
            other for other, gap in ((mgr, divergence), (counted, peer_divergence))
            if other is not None and gap is not None and gap >= CALIBRATION_THRESHOLD
        ]
        agreed = assessment.calibrated.get(comp.id)
        consensus: float | None
        if agreed is not None:
            consensus = round1(float(agreed))
        elif disputed:
            consensus = None
        else:
            sources = [s for s in (own, mgr, counted) if s is not None]
            avg = mean(sources)
            consensus = round1(avg) if avg is not None else None
        if consensus is not None:
            working = consensus
        elif disputed and own is not None:
            working = min(own, *disputed)
        else:
            working = 0.0  # nobody rated it: no evidence of the competency yet
        rows.append(
            CompetencyConsensus(
                id=comp.id,
                name=comp.name,
                self=own,
                manager=mgr,
                peers=round1(peers) if peers is not None else None,
                peer_count=len(peer_scores),
                consensus=consensus,
                divergence=divergence,
                needs_calibration=bool(disputed) and agreed is None,
                calibrated=agreed is not None,
                working=round1(working),
                peer_divergence=peer_divergence,
            )
        )
    return tuple(rows)


def unrated(consensus: tuple[CompetencyConsensus, ...]) -> tuple[CompetencyConsensus, ...]:
    return tuple(c for c in consensus if not c.rated)
