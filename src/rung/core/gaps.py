"""Gap = target - current, rated on magnitude, criticality and leverage, then ranked.

Criticality sorts first: a small gap in a must-have outranks a large gap in a nice-to-have.
At most five gaps become candidates for focus; the rest form the backlog.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from rung.core.consensus import CALIBRATION_THRESHOLD
from rung.core.framework import Framework
from rung.core.plan import CompetencyConsensus, Gap, Rating3, Tier
from rung.core.scores import rank, round1, step
from rung.core.targets import LEANS_AWAY, LEANS_TOWARD, TargetEntry

MAX_CANDIDATES = 5


def _magnitude(gap: float, span: float) -> Rating3:
    # On a 0-5 scale: 2+ points is High, 1+ Medium.
    if gap >= 0.4 * span:
        return "High"
    if gap >= 0.2 * span:
        return "Medium"
    return "Low"


def _criticality(entry: TargetEntry, span: float, scale_min: float) -> Rating3:
    if entry.must_have:
        return "High"
    rating: Rating3 = "Medium" if entry.score - scale_min >= 0.5 * span else "Low"
    if entry.weight >= LEANS_TOWARD:
        rating = step(rating, +1)
    elif entry.weight <= LEANS_AWAY:
        rating = step(rating, -1)
    return rating


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _unlocks(names: list[str]) -> str:
    if not names:
        return "no other open gap"
    if len(names) <= 2:
        return _and(names)
    return f"{names[0]}, {names[1]} and {len(names) - 2} more"


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def rank_gaps(
    framework: Framework,
    consensus: tuple[CompetencyConsensus, ...],
    profile: dict[str, TargetEntry],
    *,
    target_title: str,
    foundational_first: bool = False,
    unrated_as_zero: bool = False,
    evidenced: Container[str] = (),
) -> tuple[Gap, ...]:
    """All positive gaps, best first, with tiers assigned.

    `foundational_first` (career changers) ranks leverage before magnitude: the competencies
    that unlock the others are the ones to build first. A competency nobody rated is left out,
    since its gap is unknown, unless `unrated_as_zero` (someone new to the role: no evidence
    yet really means starting from zero). A competency with an evidence note (`evidenced`) is
    visible to decision-makers, which the method counts with criticality: a nice-to-have
    with documented evidence rates one step more critical.
    """
    span = framework.scale.max - framework.scale.min
    by_id = {c.id: c for c in consensus}
    current = {c.id: c.working for c in consensus}
    growing = {
        cid for cid, entry in profile.items() if entry.score - current.get(cid, 0.0) > 0
    }
    names = {c.id: c.name for c in framework.competencies}
    rated: list[tuple[tuple[float, ...], dict[str, Any]]] = []
    for comp in framework.competencies:
        row = by_id[comp.id]
        if not unrated_as_zero and not row.rated:
            continue
        entry = profile[comp.id]
        cur = current.get(comp.id, 0.0)
        gap = round1(entry.score - cur)
        if gap <= 0:
            continue
        magnitude = _magnitude(gap, span)
        criticality = _criticality(entry, span, framework.scale.min)
        visible = comp.id in evidenced
        if visible and not entry.must_have:
            criticality = step(criticality, +1)
        # Career changers: every edge counts, since nearly everything is still to grow.
        edges = [u for u in comp.unlocks if u in growing]
        leverage: Rating3 = "High" if len(edges) >= 2 else "Medium" if edges else "Low"
        blind_spot = by_id[comp.id].needs_calibration
        if blind_spot:
            leverage = step(leverage, +1)
        weighting = (
            ", weighted up by the specialization" if entry.weight >= LEANS_TOWARD
            else ", weighted down by the specialization" if entry.weight <= LEANS_AWAY
            else ""
        )
        lever = "unlocks " + _unlocks([names[u] for u in edges])
        if blind_spot:
            lever += "; " + _blind_spot(by_id[comp.id])
        seen = ", noted in the evidence" if visible else ""
        reasons = (
            f"a {'must-have' if entry.must_have else 'nice-to-have'} for {target_title}"
            f"{weighting}{seen}",
            f"a {_fmt(gap)}-point gap from {_fmt(cur)} to {_fmt(entry.score)}",
            lever,
        )
        highs = sum(r == "High" for r in (magnitude, criticality, leverage))
        if foundational_first:
            key = (rank(criticality), rank(leverage), int(visible), highs, rank(magnitude), gap)
        else:
            key = (rank(criticality), int(visible), highs, rank(magnitude), rank(leverage), gap)
        rated.append(
            (
                key,
                {
                    "competency": comp.id,
                    "name": comp.name,
                    "current": cur,
                    "target": entry.score,
                    "gap": gap,
                    "magnitude": magnitude,
                    "criticality": criticality,
                    "leverage": leverage,
                    "must_have": entry.must_have,
                    "quadrant": comp.quadrant.key,
                    "blind_spot": blind_spot,
                    "reasons": reasons,
                    "visible": visible,
                    "highs": highs,
                },
            )
        )
    # Stable sort on the key (descending) keeps framework order among exact ties.
    rated.sort(key=lambda kg: kg[0], reverse=True)
    ordered = []
    for i, (_key, fields) in enumerate(rated):
        highs = fields.pop("highs")
        tier: Tier = (
            "backlog" if i >= MAX_CANDIDATES else "priority" if highs >= 2 else "candidate"
        )
        ordered.append(Gap(tier=tier, **fields))
    return tuple(ordered)


def _blind_spot(row: CompetencyConsensus) -> str:
    parts = []
    if row.divergence is not None and row.divergence >= CALIBRATION_THRESHOLD:
        parts.append(f"self and manager differ by {_fmt(row.divergence)} points")
    if row.peer_divergence is not None and row.peer_divergence >= CALIBRATION_THRESHOLD:
        parts.append(f"self and peers differ by {_fmt(row.peer_divergence)} points")
    return _and(parts) + ", a possible blind spot"


def rank_key(g: Gap, foundational_first: bool = False) -> tuple[int, ...]:
    """The criteria part of the ranking key: two gaps tie when these are equal."""
    highs = sum(r == "High" for r in (g.magnitude, g.criticality, g.leverage))
    if foundational_first:
        return (rank(g.criticality), rank(g.leverage), int(g.visible), highs, rank(g.magnitude))
    return (rank(g.criticality), int(g.visible), highs, rank(g.magnitude), rank(g.leverage))
