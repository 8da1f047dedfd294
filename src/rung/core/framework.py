"""Competency frameworks: competencies on the quadrant model, levels, targets, specializations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

Altitude = Literal["strategic", "tactical"]
Facing = Literal["internal", "external"]
ALTITUDES: tuple[Altitude, ...] = ("strategic", "tactical")
FACINGS: tuple[Facing, ...] = ("internal", "external")
QUADRANT_KEYS: tuple[str, ...] = tuple(f"{a}-{f}" for a in ALTITUDES for f in FACINGS)


@dataclass(frozen=True)
class Quadrant:
    altitude: Altitude
    facing: Facing

    @property
    def key(self) -> str:
        return f"{self.altitude}-{self.facing}"

    def adjacency(self, other: Quadrant) -> int:
        """2 = same quadrant, 1 = one shared axis, 0 = diagonal opposite."""
        return int(self.altitude == other.altitude) + int(self.facing == other.facing)


@dataclass(frozen=True)
class Competency:
    id: str
    name: str
    description: str
    quadrant: Quadrant
    group: str | None = None
    unlocks: tuple[str, ...] = ()
    # Observable behaviour expected at each level, keyed by level id.
    anchors: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Level:
    id: str
    rank: int
    title: str
    scope: str = ""
    impact: str = ""
    behaviours: tuple[str, ...] = ()
    # Which band of activity content fits someone aiming at this level (entering, senior,
    # leading); None lets the framework infer it from the level's rank.
    band: str | None = None


@dataclass(frozen=True)
class Target:
    score: float
    must_have: bool


@dataclass(frozen=True)
class Specialization:
    id: str
    name: str
    quadrant_weights: Mapping[str, float]
    description: str = ""

    def weight(self, quadrant: Quadrant) -> float:
        return self.quadrant_weights.get(quadrant.key, 1.0)


@dataclass(frozen=True)
class Scale:
    min: float
    max: float
    labels: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    version: str
    scale: Scale
    competencies: tuple[Competency, ...]
    levels: tuple[Level, ...]
    targets: Mapping[str, Mapping[str, Target]]
    specializations: tuple[Specialization, ...] = ()
    description: str = ""

    @cached_property
    def _competency_index(self) -> dict[str, Competency]:
        # Plans look competencies up by id many times; frameworks never change once loaded.
        return {c.id: c for c in self.competencies}

    def competency(self, competency_id: str) -> Competency:
        return self._competency_index[competency_id]

    def has_competency(self, competency_id: str) -> bool:
        return competency_id in self._competency_index

    def level(self, level_id: str) -> Level:
        for lv in self.levels:
            if lv.id == level_id:
                return lv
        raise KeyError(level_id)

    def has_level(self, level_id: str) -> bool:
        return any(lv.id == level_id for lv in self.levels)

    def levels_by_rank(self) -> tuple[Level, ...]:
        return tuple(sorted(self.levels, key=lambda lv: lv.rank))

    def entry_level(self) -> Level:
        return self.levels_by_rank()[0]

    def next_level(self, level_id: str) -> Level | None:
        ranked = self.levels_by_rank()
        for i, lv in enumerate(ranked):
            if lv.id == level_id:
                return ranked[i + 1] if i + 1 < len(ranked) else None
        raise KeyError(level_id)

    def band(self, level_id: str) -> str:
        """The activity band for someone aiming at `level_id`: the lower two fifths of the
        ladder enter the role, the middle is senior, the top leads (APM/PM, Senior PM,
        Principal/Director on a five-level ladder)."""
        level = self.level(level_id)
        if level.band:
            return level.band
        ranked = self.levels_by_rank()
        if len(ranked) == 1:
            return "senior"
        position = ranked.index(level) / (len(ranked) - 1)
        return "entering" if position < 0.4 else "senior" if position < 0.7 else "leading"

    def specialization(self, spec_id: str) -> Specialization:
        for s in self.specializations:
            if s.id == spec_id:
                return s
        raise KeyError(spec_id)

    def has_specialization(self, spec_id: str) -> bool:
        return any(s.id == spec_id for s in self.specializations)
