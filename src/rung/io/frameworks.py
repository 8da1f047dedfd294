"""Framework files (YAML/JSON) and the built-in frameworks, into `rung.core.framework.Framework`.

The file shape is the contract of DESIGN.md section 4 and is exactly what `framework_to_dict`
writes, so `load(dump(fw)) == fw`. Two shorthands are accepted when reading: a quadrant as
`strategic-internal` instead of `{altitude, facing}`, and a target as a bare score instead of
`{score, must_have}` (must_have then false).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationError

from rung.core.errors import InputError, Problem
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

from . import _content
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
from .files import decode_utf8, read_text
from .placeholders import placeholder_problems
from .structured import STRUCTURED_SUFFIXES, parse_structured
from .validation import rung_error, validation_problems
from .wording import FILE, as_float, describe, did_you_mean, listing, num

BUILTIN_FRAMEWORKS = ("pm-quadrants", "pm-ladder", "pmwheel")
DEFAULT_FRAMEWORK = "pm-quadrants"
WARNING = "warning: "  # message prefix of problems that do not stop a load
FRAMEWORK_WHAT = "a framework (id, name, version, scale, competencies, levels, targets)"


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


# --- public API -----------------------------------------------------------------------------


def load_framework(ref: str | Path) -> Framework:
    """A built-in framework by id, or a framework file (.yaml/.yml/.json) by path."""
    if isinstance(ref, str) and ref in BUILTIN_FRAMEWORKS:
        return _load_builtin(ref)
    path = Path(ref)
    if not path.exists():
        raise InputError([Problem("<input>", "framework", unknown_framework_message(str(ref)))])
    return _load_file(path, str(ref))


def list_frameworks() -> list[Framework]:
    """The built-in frameworks, in the order of BUILTIN_FRAMEWORKS."""
    return [load_framework(fid) for fid in BUILTIN_FRAMEWORKS]


def validate_framework(data: Any, source: str = "<input>") -> list[Problem]:
    """Every problem in parsed framework data; warnings start with 'warning: '."""
    return _check(data, source)[1]


def validate_framework_file(path: Path) -> list[Problem]:
    """Every problem in a framework file, from unreadable bytes to cross-references.

    Warnings (messages starting 'warning: ') are included; `is_warning` tells them apart.
    """
    source = str(path)
    try:
        if path.suffix.lower() not in STRUCTURED_SUFFIXES:
            _load_file(path, source)  # raises the unsupported-type problem
        data = parse_structured(
            read_text(path, source, FRAMEWORK_WHAT), path.suffix.lower(), source, FRAMEWORK_WHAT
        )
    except InputError as exc:
        return exc.problems
    return validate_framework(data, source)


def is_warning(problem: Problem) -> bool:
    """Warnings are reported but do not stop a load (e.g. a target that drops with the level)."""
    return problem.message.startswith(WARNING)


def framework_to_dict(fw: Framework) -> dict[str, Any]:
    """The framework-file shape; `rung frameworks show --format json` prints this."""
    return {
        "id": fw.id,
        "name": fw.name,
        "version": fw.version,
        "description": fw.description,
        "scale": {
            "min": _plain(fw.scale.min),
            "max": _plain(fw.scale.max),
            "labels": {int(k): v for k, v in fw.scale.labels.items()},
        },
        "competencies": [
            {
                "id": c.id,
                "name": c.name,
                "description": c.description,
                "quadrant": {"altitude": c.quadrant.altitude, "facing": c.quadrant.facing},
                "group": c.group,
                "unlocks": list(c.unlocks),
                "anchors": dict(c.anchors),
            }
            for c in fw.competencies
        ],
        "levels": [
            {
                "id": lv.id,
                "rank": lv.rank,
                "title": lv.title,
                "scope": lv.scope,
                "impact": lv.impact,
                "behaviours": list(lv.behaviours),
                **({"band": lv.band} if lv.band else {}),
            }
            for lv in fw.levels
        ],
        "targets": {
            level_id: {
                cid: {"score": _plain(t.score), "must_have": t.must_have}
                for cid, t in per_level.items()
            }
            for level_id, per_level in fw.targets.items()
        },
        "specializations": [
            {
                "id": s.id,
                "name": s.name,
                "description": s.description,
                "quadrant_weights": {k: _plain(w) for k, w in s.quadrant_weights.items()},
            }
            for s in fw.specializations
        ],
    }


def unknown_framework_message(ref: str) -> str:
    builtins = ", ".join(BUILTIN_FRAMEWORKS)
    if "/" in ref or "\\" in ref or Path(ref).suffix:
        return (
            f"framework file not found: {describe(ref)}; give the path of an existing .yaml, "
            f".yml or .json framework file, or a built-in id: {builtins}"
        )
    return (
        f"unknown framework {describe(ref)}{did_you_mean(ref, BUILTIN_FRAMEWORKS)}; built-in "
        f"frameworks: {builtins}, or give the path of a framework file (.yaml, .yml or .json)"
    )


def clear_cache() -> None:
    _load_builtin.cache_clear()
    _load_file_cached.cache_clear()


# --- loading --------------------------------------------------------------------------------


@functools.cache
def _load_builtin(framework_id: str) -> Framework:
    resource = _content.content_root() / "frameworks" / f"{framework_id}.yaml"
    source = _content.content_source("frameworks", f"{framework_id}.yaml")
    if not resource.is_file():
        raise InputError(
            [Problem(source, FILE, "built-in framework file is missing; reinstall rung")]
        )
    text = decode_utf8(resource.read_bytes(), source)
    return _from_text(text, ".yaml", source)


def _load_file(path: Path, source: str) -> Framework:
    suffix = path.suffix.lower()
    if suffix not in STRUCTURED_SUFFIXES:
        raise InputError(
            [
                Problem(
                    source,
                    FILE,
                    f"unsupported file type {describe(suffix or path.name)}: a framework file "
                    "is .yaml, .yml or .json",
                )
            ]
        )
    try:
        stat = path.stat()
    except OSError:
        return _from_text(read_text(path, source, FRAMEWORK_WHAT), suffix, source)
    return _load_file_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size, source)


@functools.lru_cache(maxsize=64)
def _load_file_cached(resolved: str, mtime_ns: int, size: int, source: str) -> Framework:
    """A framework file, parsed once per version of the file (batches name one file often)."""
    path = Path(resolved)
    return _from_text(read_text(path, source, FRAMEWORK_WHAT), path.suffix.lower(), source)


def _from_text(text: str, suffix: str, source: str) -> Framework:
    data = parse_structured(text, suffix, source, FRAMEWORK_WHAT)
    framework, problems = _check(data, source)
    if framework is None:
        raise InputError(problems)
    return framework


def _check(data: Any, source: str) -> tuple[Framework | None, list[Problem]]:
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
    problems: list[Problem] = []
    model: FrameworkIn | None = None
    try:
        model = FrameworkIn.model_validate(data)
    except ValidationError as exc:
        problems += validation_problems(exc, source, FrameworkIn)
    problems += _FrameworkChecks(data, source).run()
    placeholders = placeholder_problems(data, source)
    # A placeholder left to fill in is also "not a number" to the model: say it once.
    filled_in_later = {p.where for p in placeholders}
    problems = [p for p in problems if p.where not in filled_in_later] + placeholders
    if model is None or any(not is_warning(p) for p in problems):
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


def _plain(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


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
