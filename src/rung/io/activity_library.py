"""Activity library files (YAML/JSON) into `rung.core.activities.ActivityLibrary`.

The built-in library is `content/activities/fallback.yaml` (key `quadrants`: several activity
sets per quadrant) merged with `content/activities/<framework id>.yaml` (key `competencies`)
when it exists; a company's own file goes over both. File shape:

    framework: pm-quadrants            # optional; must match the plan's framework
    competencies:
      user-research:
        feedback_role: a design lead
        coaching: ...
        weekly_rep: ...                # optional
        bloom_target: apply            # optional; know|understand|apply|analyze|synthesize|evaluate
        stretch: [{text, output, requires: [event|product_area]}]
        learning: [{title, scope}]
        milestones: [{action, context, threshold}]
    quadrants:
      strategic-internal: [<activity set>, ...]
"""

from __future__ import annotations

import functools
import string
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, PlainValidator, ValidationError

from rung.core.activities import (
    PLACEHOLDERS,
    ActivityLibrary,
    ActivitySet,
    LearningTemplate,
    MilestoneTemplate,
    StretchTemplate,
)
from rung.core.errors import InputError, Problem

from . import _content
from ._common import (
    FILE,
    STRUCTURED_SUFFIXES,
    decode_utf8,
    describe,
    did_you_mean,
    listing,
    loc_to_where,
    parse_structured,
    placeholder_problems,
    read_text,
    rung_error,
    validation_problems,
)
from ._types import SLUG, OptText, QuadrantKey, Slug, Strict, Text, Version, non_empty
from .frameworks import BUILTIN_FRAMEWORKS, load_framework

BLOOM_LEVELS = ("know", "understand", "apply", "analyze", "synthesize", "evaluate")
# Context keys a stretch template may require; only such templates may use them.
CONTEXT_PLACEHOLDERS = ("event", "product_area")
LIBRARY_WHAT = "an activity library (competencies and/or quadrants)"
FALLBACK_FILE = "fallback.yaml"


# --- boundary models ------------------------------------------------------------------------


def _bloom(value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in BLOOM_LEVELS:
        return value.strip().lower()
    hint = did_you_mean(value.strip().lower(), BLOOM_LEVELS) if isinstance(value, str) else ""
    raise rung_error(
        f"{describe(value)} is not a Bloom level{hint}; use one of: {', '.join(BLOOM_LEVELS)}"
    )


def _has_digit(value: str) -> str:
    if not any(ch.isdigit() for ch in value):
        raise rung_error(
            f"threshold {describe(value)} has no number; make the bar countable, e.g. "
            "'approval for at least 1 initiative' or '3 of 4 reviews rated clear'"
        )
    return value


def _scope(value: str) -> str:
    if not value:
        raise rung_error(
            "scope is empty; name the bounded part, e.g. 'chapters 3-4' or 'one 40-minute talk'"
        )
    return value


class StretchIn(Strict):
    text: Text
    output: Text
    requires: list[Literal["event", "product_area"]] = Field(default_factory=list)


class LearningIn(Strict):
    title: Text
    scope: Annotated[OptText, AfterValidator(_scope)]


class MilestoneIn(Strict):
    action: Text
    context: Text
    threshold: Annotated[Text, AfterValidator(_has_digit)]


class ActivitySetIn(Strict):
    feedback_role: Text
    coaching: Text
    weekly_rep: OptText = ""
    bloom_target: Annotated[str, PlainValidator(_bloom)] = "apply"
    stretch: Annotated[list[StretchIn], non_empty("stretch template")]
    learning: Annotated[list[LearningIn], non_empty("learning resource")]
    milestones: Annotated[list[MilestoneIn], non_empty("milestone")]


class LibraryIn(Strict):
    framework: Slug | None = None
    version: Version | None = None
    description: OptText = ""
    source: OptText = ""
    license: OptText = ""
    competencies: dict[Slug, ActivitySetIn] = Field(default_factory=dict)
    quadrants: dict[QuadrantKey, Annotated[list[ActivitySetIn], non_empty("activity set")]] = Field(
        default_factory=dict
    )


# --- public API -----------------------------------------------------------------------------


def load_activity_library(framework_id: str, extra: Path | None = None) -> ActivityLibrary:
    """The built-in library for `framework_id`, with a company's `extra` file over it."""
    library = _builtin_library(framework_id)
    if extra is None:
        return library
    return library.merged(load_activity_file(extra, framework_id=framework_id))


def load_activity_file(path: Path, *, framework_id: str | None = None) -> ActivityLibrary:
    """One activity library file on its own (no built-in merged in)."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in STRUCTURED_SUFFIXES:
        raise InputError(
            [
                Problem(
                    source,
                    FILE,
                    f"unsupported file type {describe(suffix or path.name)}: an activity "
                    "library is .yaml, .yml or .json",
                )
            ]
        )
    text = read_text(path, source, LIBRARY_WHAT)
    return _from_text(text, suffix, source, framework_id)


def validate_activity_library(
    data: Any,
    source: str = "<input>",
    *,
    framework_id: str | None = None,
    competency_ids: list[str] | None = None,
) -> list[Problem]:
    """Every problem in parsed library data. With `competency_ids`, keys are checked too."""
    return _check(data, source, framework_id, competency_ids)[1]


def clear_cache() -> None:
    _builtin_library.cache_clear()


# --- loading --------------------------------------------------------------------------------


@functools.cache
def _builtin_library(framework_id: str) -> ActivityLibrary:
    folder = _content.content_root() / "activities"
    fallback = folder / FALLBACK_FILE
    source = _content.content_source("activities", FALLBACK_FILE)
    if not fallback.is_file():
        raise InputError(
            [Problem(source, FILE, "built-in activity library is missing; reinstall rung")]
        )
    library = _from_text(decode_utf8(fallback.read_bytes(), source), ".yaml", source, None)
    own = folder / f"{framework_id}.yaml"
    if SLUG.fullmatch(framework_id) and own.is_file():
        own_source = _content.content_source("activities", f"{framework_id}.yaml")
        text = decode_utf8(own.read_bytes(), own_source)
        library = library.merged(_from_text(text, ".yaml", own_source, framework_id))
    return library


def _from_text(text: str, suffix: str, source: str, framework_id: str | None) -> ActivityLibrary:
    data = parse_structured(text, suffix, source, LIBRARY_WHAT)
    competency_ids = None
    if framework_id in BUILTIN_FRAMEWORKS:
        competency_ids = [c.id for c in load_framework(framework_id).competencies]
    library, problems = _check(data, source, framework_id, competency_ids)
    if library is None:
        raise InputError(problems)
    return library


def _check(
    data: Any, source: str, framework_id: str | None, competency_ids: list[str] | None
) -> tuple[ActivityLibrary | None, list[Problem]]:
    if not isinstance(data, dict):
        return None, [
            Problem(
                source,
                "top level",
                f"expected key: value pairs (competencies, quadrants), got {describe(data)}",
            )
        ]
    problems: list[Problem] = []
    model: LibraryIn | None = None
    try:
        model = LibraryIn.model_validate(data)
    except ValidationError as exc:
        problems += validation_problems(exc, source, LibraryIn)
    problems += _cross_checks(data, source, framework_id, competency_ids)
    problems += placeholder_problems(data, source)
    if model is None or problems:
        return None, problems
    return _to_core(model), problems


def _to_set(key: str, m: ActivitySetIn) -> ActivitySet:
    return ActivitySet(
        competency=key,
        stretch=tuple(StretchTemplate(t.text, t.output, tuple(t.requires)) for t in m.stretch),
        learning=tuple(LearningTemplate(t.title, t.scope) for t in m.learning),
        feedback_role=m.feedback_role,
        coaching=m.coaching,
        milestones=tuple(MilestoneTemplate(t.action, t.context, t.threshold) for t in m.milestones),
        weekly_rep=m.weekly_rep,
        bloom_target=m.bloom_target,
    )


def _to_core(m: LibraryIn) -> ActivityLibrary:
    return ActivityLibrary(
        by_competency={cid: _to_set(cid, s) for cid, s in m.competencies.items()},
        by_quadrant={q: tuple(_to_set(q, s) for s in sets) for q, sets in m.quadrants.items()},
    )


# --- template checks on the raw data ---------------------------------------------------------

_SET_TEXT_FIELDS = ("feedback_role", "coaching", "weekly_rep")
_LIST_TEXT_FIELDS = {
    "stretch": ("text", "output"),
    "learning": ("title", "scope"),
    "milestones": ("action", "context", "threshold"),
}


def _cross_checks(
    data: dict[str, Any],
    source: str,
    framework_id: str | None,
    competency_ids: list[str] | None,
) -> list[Problem]:
    out: list[Problem] = []
    declared = data.get("framework")
    if framework_id and isinstance(declared, str) and declared.strip() != framework_id:
        out.append(
            Problem(
                source,
                "framework",
                f"this library is for framework '{declared.strip()}' but the plan uses "
                f"'{framework_id}'; use the library written for '{framework_id}'",
            )
        )
    competencies = data.get("competencies")
    if isinstance(competencies, dict):
        for cid, aset in competencies.items():
            if competency_ids is not None and isinstance(cid, str) and cid not in competency_ids:
                out.append(
                    Problem(
                        source,
                        f"competencies.{cid}",
                        f"unknown competency '{cid}' for framework {framework_id}"
                        f"{did_you_mean(cid, competency_ids)}; competencies: "
                        f"{listing(competency_ids)}",
                    )
                )
            out += _set_checks(aset, ("competencies", str(cid)), source)
    quadrants = data.get("quadrants")
    if isinstance(quadrants, dict):
        for key, sets in quadrants.items():
            if isinstance(sets, list):
                for i, aset in enumerate(sets):
                    out += _set_checks(aset, ("quadrants", str(key), i), source)
    return out


def _set_checks(aset: Any, path: tuple[str | int, ...], source: str) -> list[Problem]:
    if not isinstance(aset, dict):
        return []
    out: list[Problem] = []
    for name in _SET_TEXT_FIELDS:
        out += _template_checks(aset.get(name), (*path, name), source, requires=None)
    for list_name, fields in _LIST_TEXT_FIELDS.items():
        items = aset.get(list_name)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            requires: list[str] | None = None
            if list_name == "stretch":
                raw = item.get("requires", [])
                requires = [r for r in raw if isinstance(r, str)] if isinstance(raw, list) else []
            for name in fields:
                out += _template_checks(
                    item.get(name), (*path, list_name, i, name), source, requires=requires
                )
    stretch = aset.get("stretch")
    if (
        isinstance(stretch, list)
        and stretch
        and all(isinstance(t, dict) and t.get("requires") for t in stretch)
    ):
        out.append(
            Problem(
                source,
                loc_to_where((*path, "stretch")),
                "every stretch template requires context (an event or a product area); add "
                "one without `requires` so a plan can always be made",
            )
        )
    return out


def _template_checks(
    text: Any, path: tuple[str | int, ...], source: str, *, requires: list[str] | None
) -> list[Problem]:
    """Placeholders: only the allowed ones; {event}/{product_area} only where required."""
    if not isinstance(text, str):
        return []
    where = loc_to_where(path)
    try:
        names = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError as exc:
        return [
            Problem(
                source,
                where,
                f"unbalanced braces in {describe(text)} ({exc}); placeholders look like "
                "{competency}, and a literal brace is written {{ or }}",
            )
        ]
    out: list[Problem] = []
    allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    for name in names:
        if name not in PLACEHOLDERS:
            out.append(
                Problem(
                    source,
                    where,
                    f"unknown placeholder {{{name}}}{did_you_mean(name, PLACEHOLDERS)}; "
                    f"allowed: {allowed}",
                )
            )
        elif name in CONTEXT_PLACEHOLDERS:
            if requires is None:
                out.append(
                    Problem(
                        source,
                        where,
                        f"{{{name}}} is only allowed in stretch templates that list it in "
                        "`requires` (it is not always known); rephrase without it",
                    )
                )
            elif name not in requires:
                out.append(
                    Problem(
                        source,
                        where,
                        f"uses {{{name}}} but `requires` does not list it; add "
                        f"`requires: [{name}]` so the template is only used when the "
                        "assessment names one",
                    )
                )
    return out
