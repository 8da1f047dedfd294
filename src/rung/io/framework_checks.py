"""A framework's data checked: its shape by pydantic models, then the cross-references
(unknown ids, ranks, targets on the scale and rising with the level), every problem at once,
into a `rung.core.framework.Framework`.

Imported only when a framework is read from YAML or JSON: the built-in ones come from the
content cache (`rung.io.content_cache`) without it.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from rung.core.errors import Problem
from rung.core.framework import (
    QUADRANT_KEYS,
    Altitude,
    Competency,
    Facing,
    Framework,
    Level,
    Quadrant,
    Scale,
    Specialization,
    Target,
)

from ._types import (
    LabelKey,
    Number,
    OptText,
    QuadrantKey,
    Slug,
    Strict,
    Text,
    Version,
    Weight,
    non_empty,
)
from .placeholders import placeholder_problems
from .validation import checked, rung_error
from .wording import WARNING, as_float, describe, did_you_mean, listing, num

# --- boundary models ------------------------------------------------------------------------


def _quadrant_shorthand(value: Any) -> Any:
    if isinstance(value, str):
        if value.strip() in QUADRANT_KEYS:
            altitude, facing = value.strip().split("-")
            return {"altitude": altitude, "facing": facing}
        raise rung_error(
            f"{describe(value)} is not a quadrant{did_you_mean(value, QUADRANT_KEYS)}; use one "
            f"of {', '.join(QUADRANT_KEYS)} or {{altitude: strategic|tactical, "
            "facing: internal|external}"
        )
    return value


def _target_shorthand(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"score": value}
    if not isinstance(value, dict):
        raise rung_error(
            "expected a target such as {score: 3, must_have: true} or a bare score, "
            f"got {describe(value)}"
        )
    return value


class QuadrantIn(Strict):
    altitude: Altitude
    facing: Facing


class CompetencyIn(Strict):
    id: Slug
    name: Text
    description: Text
    quadrant: Annotated[QuadrantIn, BeforeValidator(_quadrant_shorthand)]
    group: Text | None = None
    unlocks: list[Slug] = Field(default_factory=list)
    anchors: dict[Text, Text] = Field(default_factory=dict)


class LevelIn(Strict):
    id: Slug
    rank: int
    title: Text
    scope: OptText = ""
    impact: OptText = ""
    behaviours: list[Text] = Field(default_factory=list)
    band: Literal["entering", "senior", "leading"] | None = None


class TargetIn(Strict):
    score: Number
    must_have: bool = False


class SpecializationIn(Strict):
    id: Slug
    name: Text
    description: OptText = ""
    quadrant_weights: dict[QuadrantKey, Weight] = Field(default_factory=dict)


class ScaleIn(Strict):
    min: Number
    max: Number
    labels: dict[LabelKey, Text] = Field(default_factory=dict)


class FrameworkIn(Strict):
    id: Slug
    name: Text
    version: Version
    description: OptText = ""
    scale: ScaleIn
    competencies: Annotated[list[CompetencyIn], non_empty("competency")]
    levels: Annotated[list[LevelIn], non_empty("level")]
    targets: dict[Text, dict[Text, Annotated[TargetIn, BeforeValidator(_target_shorthand)]]]
    specializations: list[SpecializationIn] = Field(default_factory=list)


def check_framework(data: Any, source: str) -> tuple[Framework | None, list[Problem]]:
    """(the framework if it has no errors, every problem including warnings)."""
    if not isinstance(data, dict):
        return None, [
            Problem(
                source,
                "top level",
                f"expected key: value pairs (id, name, version, scale, competencies, levels, "
                f"targets), got {describe(data)}",
            )
        ]
    model, shape = checked(FrameworkIn, data, source)
    problems = shape + _FrameworkChecks(data, source).run()
    placeholders = placeholder_problems(data, source)
    # A placeholder left to fill in is also "not a number" to the model: say it once.
    filled_in_later = {p.where for p in placeholders}
    problems = [p for p in problems if p.where not in filled_in_later] + placeholders
    if model is None or any(not p.message.startswith(WARNING) for p in problems):
        return None, problems
    return _to_core(model), problems


def _to_core(m: FrameworkIn) -> Framework:
    return Framework(
        id=m.id,
        name=m.name,
        version=m.version,
        description=m.description,
        scale=Scale(m.scale.min, m.scale.max, dict(m.scale.labels)),
        competencies=tuple(
            Competency(
                id=c.id,
                name=c.name,
                description=c.description,
                quadrant=Quadrant(c.quadrant.altitude, c.quadrant.facing),
                group=c.group,
                unlocks=tuple(c.unlocks),
                anchors=dict(c.anchors),
            )
            for c in m.competencies
        ),
        levels=tuple(
            Level(lv.id, lv.rank, lv.title, lv.scope, lv.impact, tuple(lv.behaviours), lv.band)
            for lv in m.levels
        ),
        targets={
            level_id: {cid: Target(t.score, t.must_have) for cid, t in per_level.items()}
            for level_id, per_level in m.targets.items()
        },
        specializations=tuple(
            Specialization(s.id, s.name, dict(s.quadrant_weights), s.description)
            for s in m.specializations
        ),
    )


# --- cross-reference checks on the raw data --------------------------------------------------
# They run even when the shape has errors, skipping whatever pydantic already reported, so one
# pass shows every problem.


_number_or_none = as_float


def _str_or_none(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


class _FrameworkChecks:
    def __init__(self, data: dict[str, Any], source: str) -> None:
        self.data = data
        self.source = source
        self.problems: list[Problem] = []
        self.comps = self.entries("competencies")
        levels = self.entries("levels")
        self.comp_ids = self.unique_ids("competencies", "competency", self.comps)
        self.level_ids = self.unique_ids("levels", "level", levels)
        self.unique_ids("specializations", "specialization", self.entries("specializations"))
        self.ranks = self.level_ranks(levels)
        self.lo, self.hi = self.scale()

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.source, where, message))

    def run(self) -> list[Problem]:
        for i, comp in self.comps:
            self.competency(i, comp)
        self.targets()
        return self.problems

    def entries(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        value = self.data.get(key)
        if not isinstance(value, list):
            return []
        return [(i, e) for i, e in enumerate(value) if isinstance(e, dict)]

    def unique_ids(
        self, key: str, what: str, entries: list[tuple[int, dict[str, Any]]]
    ) -> dict[str, int]:
        first: dict[str, int] = {}
        for i, entry in entries:
            ident = _str_or_none(entry.get("id"))
            if ident is None:
                continue
            if ident in first:
                self.add(
                    f"{key}[{i}].id",
                    f"duplicate {what} id '{ident}' (also {key}[{first[ident]}]); "
                    "ids must be unique",
                )
            else:
                first[ident] = i
        return first

    def level_ranks(self, levels: list[tuple[int, dict[str, Any]]]) -> dict[str, int]:
        ranks: dict[str, int] = {}
        by_rank: dict[int, str] = {}
        for i, level in levels:
            ident = _str_or_none(level.get("id"))
            rank = level.get("rank")
            if ident is None or not isinstance(rank, int) or isinstance(rank, bool):
                continue
            if rank in by_rank and by_rank[rank] != ident:
                self.add(
                    f"levels[{i}].rank",
                    f"rank {rank} is also the rank of level '{by_rank[rank]}'; each level "
                    "needs its own rank (1 = entry level)",
                )
            by_rank.setdefault(rank, ident)
            ranks.setdefault(ident, rank)
        return ranks

    def scale(self) -> tuple[float | None, float | None]:
        scale = self.data.get("scale")
        if not isinstance(scale, dict):
            return None, None
        lo, hi = _number_or_none(scale.get("min")), _number_or_none(scale.get("max"))
        if lo is None or hi is None:
            return None, None
        if lo >= hi:
            self.add(
                "scale",
                f"min ({num(lo)}) must be below max ({num(hi)}); for example min: 0, max: 5",
            )
            return None, None
        labels = scale.get("labels")
        if isinstance(labels, dict):
            for key in labels:
                value = key if isinstance(key, int) else _int_text(key)
                if value is not None and not lo <= value <= hi:
                    self.add(
                        f"scale.labels.{key}",
                        f"label for score {value} is outside the scale {num(lo)}–{num(hi)}",
                    )
        return lo, hi

    def competency(self, i: int, comp: dict[str, Any]) -> None:
        own = _str_or_none(comp.get("id"))
        unlocks = comp.get("unlocks")
        if isinstance(unlocks, list):
            for j, target in enumerate(unlocks):
                if not isinstance(target, str):
                    continue
                where = f"competencies[{i}].unlocks[{j}]"
                if target == own:
                    self.add(where, f"'{target}' unlocks itself; list other competencies only")
                elif target not in self.comp_ids:
                    self.add(where, self.unknown_comp(target))
        anchors = comp.get("anchors")
        if isinstance(anchors, dict) and self.level_ids:
            for level_id in anchors:
                if isinstance(level_id, str) and level_id not in self.level_ids:
                    self.add(f"competencies[{i}].anchors.{level_id}", self.unknown_level(level_id))

    def unknown_comp(self, cid: str) -> str:
        ids = list(self.comp_ids)
        return f"unknown competency '{cid}'{did_you_mean(cid, ids)}; competencies: {listing(ids)}"

    def unknown_level(self, level_id: str) -> str:
        ids = list(self.level_ids)
        return f"unknown level '{level_id}'{did_you_mean(level_id, ids)}; levels: {', '.join(ids)}"

    def targets(self) -> None:
        targets = self.data.get("targets")
        if not isinstance(targets, dict):
            return
        scores: dict[str, dict[str, float]] = {}
        for level_id, per_level in targets.items():
            where = f"targets.{level_id}"
            if self.level_ids and level_id not in self.level_ids:
                self.add(where, self.unknown_level(str(level_id)))
            if not isinstance(per_level, dict):
                continue
            for cid, target in per_level.items():
                self.target(level_id, cid, target, scores)
        for level_id in self.level_ids:
            per_level = targets.get(level_id)
            if not isinstance(per_level, dict):
                self.add(
                    "targets",
                    f"no targets for level '{level_id}'; every level needs a target for every "
                    "competency, e.g. {score: 3, must_have: true}",
                )
                continue
            missing = [cid for cid in self.comp_ids if cid not in per_level]
            if missing:
                self.add(
                    f"targets.{level_id}",
                    f"no target for {listing(missing)}; every level needs a target for every "
                    "competency, e.g. {score: 3, must_have: true}",
                )
        self.rising(scores)

    def target(
        self, level_id: str, cid: Any, target: Any, scores: dict[str, dict[str, float]]
    ) -> None:
        where = f"targets.{level_id}.{cid}"
        if self.comp_ids and cid not in self.comp_ids:
            self.add(where, self.unknown_comp(str(cid)))
            return
        score = _number_or_none(target.get("score") if isinstance(target, dict) else target)
        if score is None:
            return
        if self.lo is not None and self.hi is not None and not self.lo <= score <= self.hi:
            self.add(
                f"{where}.score" if isinstance(target, dict) else where,
                f"target {num(score)} is outside the scale; use a number from {num(self.lo)} "
                f"to {num(self.hi)}",
            )
        scores.setdefault(str(cid), {})[str(level_id)] = score

    def rising(self, scores: dict[str, dict[str, float]]) -> None:
        ordered = sorted(self.ranks, key=lambda level_id: self.ranks[level_id])
        for cid, by_level in scores.items():
            previous: tuple[str, float] | None = None
            for level_id in ordered:
                if level_id not in by_level:
                    continue
                score = by_level[level_id]
                if previous is not None and score < previous[1]:
                    self.add(
                        f"targets.{level_id}.{cid}",
                        f"{WARNING}target {num(score)} at level '{level_id}' is below "
                        f"{num(previous[1])} at '{previous[0]}', a lower level; targets "
                        "usually rise with the level, so check for a typo",
                    )
                previous = (level_id, score)


def _int_text(value: Any) -> int | None:
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,9}", value.strip()):
        return int(value)
    return None
