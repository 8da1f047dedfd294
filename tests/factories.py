"""Small frameworks, libraries and assessments built in code, for tests of the core."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from rung.core.activities import (
    BANDS,
    ActivityLibrary,
    ActivitySet,
    CompetencyContent,
    LearningTemplate,
    MilestoneTemplate,
    Observer,
    StretchTemplate,
)
from rung.core.assessment import Assessment, Context, Person, PmChoice, Rating
from rung.core.coaching_pack_model import CoachingPack
from rung.core.framework import (
    Competency,
    Framework,
    Level,
    Quadrant,
    Scale,
    Specialization,
    Target,
)
from rung.core.plan import Plan

EXTERNAL = Path(__file__).resolve().parent / "fixtures" / "external"
# Files written by others, copied into the repository with their licenses (see its README).
SEED_004 = EXTERNAL / "agent-role-atlas" / "seed-004.txt"
ATLAS = tuple(EXTERNAL / "agent-role-atlas" / f"career_product-manager_{name}.md"
              for name in ("senior-to-staff_ladder", "senior_development"))
MONZO = EXTERNAL / "monzo-progression-framework" / "frameworks"


Q = {
    "si": Quadrant("strategic", "internal"),
    "se": Quadrant("strategic", "external"),
    "ti": Quadrant("tactical", "internal"),
    "te": Quadrant("tactical", "external"),
}

# id, quadrant, unlocks
COMPETENCIES = [
    ("strategy", "se", ("roadmap",)),
    ("market", "se", ("strategy",)),
    ("roadmap", "si", ()),
    ("influence", "si", ()),
    ("research", "te", ("strategy", "market")),
    ("analytics", "te", ("roadmap",)),
    ("communication", "ti", ("influence", "roadmap")),
    ("delivery", "ti", ()),
]


def framework(
    targets: Mapping[str, tuple[float, bool]] | None = None,
    weights: Mapping[str, float] | None = None,
) -> Framework:
    """Two levels (junior → senior); senior targets default to 3.0, nothing must-have."""
    comps = tuple(
        Competency(cid, cid.capitalize(), f"{cid} skill", Q[q], None, unlocks)
        for cid, q, unlocks in COMPETENCIES
    )
    senior = {cid: Target(3.0, False) for cid, _, _ in COMPETENCIES}
    for cid, (score, must) in (targets or {}).items():
        senior[cid] = Target(score, must)
    junior = {cid: Target(1.0, False) for cid, _, _ in COMPETENCIES}
    specs = (Specialization("special", "Special PM", dict(weights or {})),)
    return Framework(
        id="test-fw",
        name="Test framework",
        version="1",
        scale=Scale(0, 5),
        competencies=comps,
        levels=(Level("junior", 1, "Junior PM"), Level("senior", 2, "Senior PM")),
        targets={"junior": junior, "senior": senior},
        specializations=specs,
    )


def library(with_own: bool = True) -> ActivityLibrary:
    """Per-competency sets for every competency (the same for every band), plus three
    fallback variants per quadrant."""

    def milestones(artifact: str, where: str) -> tuple[MilestoneTemplate, ...]:
        return (
            MilestoneTemplate(f"Review the {artifact} draft", "with {provider}",
                              "at most 3 open comments"),
            MilestoneTemplate(f"Present the {artifact}", where,
                              "approval from at least 2 of 3 leads"),
        )

    def aset(key: str) -> ActivitySet:
        return ActivitySet(
            competency=key,
            stretch=(
                StretchTemplate(f"Lead the {{event}} session on {key} for {{manager}}",
                                f"the {key} deck for {{event}}", events=("planning",),
                                artifact=f"{key} deck",
                                milestones=milestones(f"{key} deck", "at the {event}")),
                StretchTemplate(f"Own the {key} review for {{product_area}}",
                                f"a {key} review document", ("product_area",),
                                artifact=f"{key} review document",
                                milestones=milestones(f"{key} review document",
                                                      "to the product team")),
                StretchTemplate(f"Write the {key} brief for the next release",
                                f"the {key} brief", artifact=f"{key} brief",
                                milestones=milestones(f"{key} brief", "to the product team")),
            ),
            learning=(LearningTemplate(f"The {key} handbook", "chapters 2-3", 90),),
            observer=Observer(f"someone who sees your {key} work, for example a {key} lead",
                              (key,)),
            coaching=f"Discuss {key} progress and obstacles",
            weekly_rep=f"Spend 15 minutes on a {key} note",
            rep_minutes=15,
            lever=f"bring {key} into the work",
        )

    def content(key: str) -> CompetencyContent:
        one = aset(key)
        return CompetencyContent(key, {band: one for band in BANDS})

    own = {cid: content(cid) for cid, _, _ in COMPETENCIES} if with_own else {}
    # Variants differ in wording, not only in a number: the linter ignores digits when it
    # looks for one template repeated across focus areas.
    words = {
        "Alpha": ("run a {competency} exercise", "reader on framing", "the framing essay",
                  "share the write-up"),
        "Beta": ("map the {competency} landscape", "casebook on trade-offs", "the second case",
                 "walk the team through the map"),
        "Gamma": ("draft a {competency} proposal", "talk on decisions", "one recorded talk",
                  "get the proposal reviewed"),
    }
    fallback = {
        qkey: tuple(
            ActivitySet(
                competency=qkey,
                stretch=(StretchTemplate(
                    f"{v}: {work}", f"{v} output about {{competency}}",
                    artifact=f"{v} output",
                    milestones=(MilestoneTemplate(f"{v}: {share} ({v} output)", "with the team",
                                                  "3 comments addressed"),)),),
                learning=(LearningTemplate(f"{v} {reader}", scope, 60),),
                observer=Observer("someone senior who sees this work, for example a senior PM"),
                coaching=f"{v} coaching conversation on {{competency}}",
            )
            for v, (work, reader, scope, share) in words.items()
        )
        for qkey in ("strategic-internal", "strategic-external", "tactical-internal",
                     "tactical-external")
    }
    return ActivityLibrary(own, fallback)


def assessment(
    self_scores: Mapping[str, float] | None = None,
    manager_scores: Mapping[str, float] | None = None,
    peers: list[Mapping[str, float]] | None = None,
    *,
    level: str | None = "junior",
    target: str | None = "senior",
    specialization: str | None = None,
    assessed_on: date = date(2026, 11, 2),
    context: Context | None = None,
    calibrated: Mapping[str, float] | None = None,
    pm_choice: PmChoice | None = None,
) -> Assessment:
    ratings = []
    if self_scores is not None:
        ratings.append(Rating("self", dict(self_scores)))
    if manager_scores is not None:
        ratings.append(Rating("manager", dict(manager_scores), "Morgan Manager"))
    for i, p in enumerate(peers or []):
        ratings.append(Rating("peer", dict(p), f"Peer {i + 1}"))
    return Assessment(
        person=Person("pat", "Pat Example", level, target, specialization),
        framework="test-fw",
        assessed_on=assessed_on,
        ratings=tuple(ratings),
        context=context or Context(),
        calibrated=dict(calibrated or {}),
        pm_choice=pm_choice,
    )


def all_scores(value: float, **overrides: float) -> dict[str, float]:
    scores = {cid: value for cid, _, _ in COMPETENCIES}
    scores.update(overrides)
    return scores


def coaching_pack(plan: Plan, assessment: Assessment, framework: Framework,
                  **options: Any) -> CoachingPack:
    """The PM Coaching Pack in the built-in prose (as `rung pack` builds it)."""
    from rung.core.coaching_pack import build_coaching_pack
    from rung.io.coaching_prose import load_coaching_prose

    return build_coaching_pack(plan, assessment, framework, prose=load_coaching_prose(),
                               **options)
