"""Framework files (YAML/JSON) and the built-in frameworks, into `rung.core.framework.Framework`.

The file shape is the contract of DESIGN.md section 4 and is exactly what `framework_to_dict`
writes, so `load(dump(fw)) == fw`. Two shorthands are accepted when reading: a quadrant as
`strategic-internal` instead of `{altitude, facing}`, and a target as a bare score instead of
`{score, must_have}` (must_have then false).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from rung.core.errors import InputError, Problem
from rung.core.framework import Framework

from . import builtin_content, content_cache
from .files import STRUCTURED_SUFFIXES, decode_utf8, exists, read_text, unsupported_type
from .wording import FILE, WARNING, describe, did_you_mean

BUILTIN_FRAMEWORKS = ("pm-quadrants", "pm-ladder", "pmwheel")
DEFAULT_FRAMEWORK = "pm-quadrants"
FRAMEWORK_WHAT = "a framework (id, name, version, scale, competencies, levels, targets)"


# --- public API -----------------------------------------------------------------------------


def load_framework(ref: str | Path) -> Framework:
    """A built-in framework by id, or a framework file (.yaml/.yml/.json) by path."""
    if isinstance(ref, str) and ref in BUILTIN_FRAMEWORKS:
        return _load_builtin(ref)
    path = Path(ref)
    if not exists(path):
        raise InputError([Problem("<input>", "framework", unknown_framework_message(str(ref)))])
    return _load_file(path, str(ref))


def list_frameworks() -> list[Framework]:
    """The built-in frameworks, in the order of BUILTIN_FRAMEWORKS."""
    return [load_framework(fid) for fid in BUILTIN_FRAMEWORKS]


def validate_framework(data: Any, source: str = "<input>") -> list[Problem]:
    """Every problem in parsed framework data; warnings start with 'warning: '."""
    from .framework_checks import check_framework

    return check_framework(data, source)[1]


def validate_framework_file(path: Path) -> list[Problem]:
    """Every problem in a framework file, from unreadable bytes to cross-references.

    Warnings (messages starting 'warning: ') are included; `is_warning` tells them apart.
    """
    from .structured import parse_structured

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
    return content_cache.cached(f"framework-{framework_id}",
                                lambda: _parse_builtin(framework_id))


def _parse_builtin(framework_id: str) -> Framework:
    resource = builtin_content.content_root() / "frameworks" / f"{framework_id}.yaml"
    source = builtin_content.content_source("frameworks", f"{framework_id}.yaml")
    if not resource.is_file():
        raise InputError(
            [Problem(source, FILE, "built-in framework file is missing; reinstall rung")]
        )
    text = decode_utf8(resource.read_bytes(), source)
    return _from_text(text, ".yaml", source)


def _load_file(path: Path, source: str) -> Framework:
    suffix = path.suffix.lower()
    if suffix not in STRUCTURED_SUFFIXES:
        raise unsupported_type(path, source, "a framework file is .yaml, .yml or .json")
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
    # Parsing and checking are loaded here: a framework from the cache needs neither.
    from .framework_checks import check_framework
    from .structured import parse_structured

    data = parse_structured(text, suffix, source, FRAMEWORK_WHAT)
    framework, problems = check_framework(data, source)
    if framework is None:
        raise InputError(problems)
    return framework


def _plain(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x
