"""Bloom's depth ladder (seed 003): how deep a PM's skill goes, from knowing the terms to
judging other people's work, and the depth a score suggests. What each depth looks like, and a
rep for it, is coaching prose: `content/coaching.yaml`, read into `BloomLevel`s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BloomId = Literal["know", "understand", "apply", "analyze", "synthesize", "evaluate"]


@dataclass(frozen=True)
class BloomLevel:
    id: BloomId
    title: str
    looks_like: str  # what the PM does at this depth, in observable terms
    rep: str  # a practice that exercises this depth


BLOOM_IDS: tuple[BloomId, ...] = (
    "know", "understand", "apply", "analyze", "synthesize", "evaluate",
)
# Share of the scale at which each depth starts. On rung's 0-5 scale: know above 0,
# understand from 1 ("aware"), apply from 2 ("with guidance") through 3 ("independently"),
# analyze from 3.5, synthesize from 4.25 ("leads it across teams"), evaluate from 4.75.
_BLOOM_BANDS = (0.0, 0.2, 0.4, 0.7, 0.85, 0.95)


def bloom_from_score(score: float, scale_min: float, scale_max: float) -> str | None:
    """An estimate of depth from a score: None means no experience yet. Confirm with evidence."""
    if score <= scale_min or scale_max <= scale_min:
        return None
    share = (score - scale_min) / (scale_max - scale_min)
    depth = 0
    for i, band in enumerate(_BLOOM_BANDS):
        if share >= band:
            depth = i
    return BLOOM_IDS[depth]


def bloom_path(start: str | None, end: str) -> tuple[str, ...]:
    """The depths from `start` (today's estimate; None = nothing yet) up to `end`, inclusive.

    A target at or below today's depth gives just the target: consolidate there.
    """
    if end not in BLOOM_IDS:
        return (end,)
    hi = BLOOM_IDS.index(end)
    lo = BLOOM_IDS.index(start) if start in BLOOM_IDS else 0
    return BLOOM_IDS[lo : hi + 1] if lo < hi else (end,)
