"""Choose at most three focus areas from the ranked candidates, each with a one-sentence rationale.

Ties on the ranking criteria go to the candidate closest in the quadrant model to what is
already chosen (same quadrant, then a shared axis), because related competencies can be
practised through one piece of work.
"""

from __future__ import annotations

from dataclasses import dataclass

from rung.core.assessment import PmChoice
from rung.core.errors import InputError, Problem
from rung.core.framework import Framework
from rung.core.gaps import rank_key
from rung.core.plan import Gap

MAX_FOCUS_AREAS = 3


@dataclass(frozen=True)
class Selection:
    gap: Gap
    rationale: str
    chosen_by: str  # "rung" | "pm"


def _adjacency(framework: Framework, a: str, b: str) -> int:
    return framework.competency(a).quadrant.adjacency(framework.competency(b).quadrant)


def select_focus(
    framework: Framework, gaps: tuple[Gap, ...], *, foundational_first: bool = False
) -> list[Selection]:
    candidates = [g for g in gaps if g.tier != "backlog"]
    keys = {g.competency: rank_key(g, foundational_first) for g in candidates}
    chosen: list[Gap] = []
    tie_note: dict[str, str] = {}
    while candidates and len(chosen) < MAX_FOCUS_AREAS:
        best = max(keys[g.competency] for g in candidates)
        tied = [g for g in candidates if keys[g.competency] == best]
        if len(tied) > 1:
            anchors = chosen or tied

            def closeness(g: Gap, anchors: list[Gap] = anchors) -> int:
                return sum(_adjacency(framework, g.competency, a.competency) for a in anchors
                           if a.competency != g.competency)

            top = max(closeness(g) for g in tied)
            closest = [g for g in tied if closeness(g) == top]
            pick = closest[0]  # gaps arrive ranked: larger gap first among equals
            if chosen and top > 0:
                partner = max(chosen, key=lambda a: _adjacency(framework, pick.competency,
                                                               a.competency))
                shared = ("the same quadrant as"
                          if _adjacency(framework, pick.competency, partner.competency) == 2
                          else "an axis with")
                rest = [g.name for g in tied if g is not pick]
                others = rest[0] if len(rest) == 1 else f"{rest[0]} and {len(rest) - 1} more"
                tie_note[pick.competency] = (
                    f"; level with {others}, it shares {shared} {partner.name}"
                )
        else:
            pick = tied[0]
        chosen.append(pick)
        candidates.remove(pick)
    return [Selection(g, _rationale(g) + tie_note.get(g.competency, "") + ".", "rung")
            for g in chosen]


def _rationale(g: Gap) -> str:
    """Criticality, magnitude and leverage in one short sentence; a blind spot is left to the
    calibration section, which says it with the scores."""
    crit, _, lev = g.reasons
    unlocks = lev.split("; ")[0]
    return (f"{crit[:1].upper()}{crit[1:]}; a {g.gap:.1f}-point gap ({g.current:.1f} → "
            f"{g.target:.1f}); {unlocks}")


def apply_pm_choice(
    framework: Framework,
    selections: list[Selection],
    gaps: tuple[Gap, ...],
    choice: PmChoice,
    *,
    source: str,
) -> list[Selection]:
    """Replace exactly one proposed focus area with the PM's own pick, recorded as theirs."""
    problems = []
    chosen_ids = [s.gap.competency for s in selections]
    by_id = {g.competency: g for g in gaps}
    if choice.replace not in chosen_ids:
        problems.append(Problem(
            source, "pm_choice.replace",
            f"'{choice.replace}' is not one of the proposed focus areas; "
            f"choose one of: {', '.join(chosen_ids) or '(none proposed)'}",
        ))
    if choice.with_ in chosen_ids:
        problems.append(Problem(
            source, "pm_choice.with",
            f"'{choice.with_}' is already a focus area; pick a competency from the backlog",
        ))
    elif choice.with_ not in by_id:
        has = framework.has_competency(choice.with_)
        problems.append(Problem(
            source, "pm_choice.with",
            f"'{choice.with_}' "
            + ("already meets its target, so there is no gap to work on"
               if has else "is not a competency of this framework")
            + "; pick one of: " + ", ".join(g.competency for g in gaps if g.competency
                                             not in chosen_ids),
        ))
    if problems:
        raise InputError(problems)
    new = by_id[choice.with_]
    replaced = next(s.gap for s in selections if s.gap.competency == choice.replace)
    why = f" ({choice.reason.rstrip('.')})" if choice.reason else ""
    rationale = (
        f"The PM's choice{why}, in place of {replaced.name}: a {new.gap:.1f}-point gap with "
        f"criticality {new.criticality}, magnitude {new.magnitude} and leverage {new.leverage}."
    )
    return [
        Selection(new, rationale, "pm") if s.gap.competency == choice.replace else s
        for s in selections
    ]
