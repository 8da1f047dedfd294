"""Activity library files (YAML/JSON) into `rung.core.activities.ActivityLibrary`.

The built-in library is `content/activities/fallback.yaml` (key `quadrants`: several activity
sets per quadrant) merged with the framework's own content: the folder
`content/activities/<framework id>/` holds one file per competency. A company's own file goes
over both. The format is described in docs/activity-library.md; in short:

    competencies:
      user-research:
        observer: {prompt: "someone who ...", roles: [research, design]}
        lever: "bring what customers said into the argument"
        bands:
          entering|senior|leading:
            bloom_target: apply
            coaching: ...
            weekly_rep: {text: ..., minutes: 15}   # or a list of up to 3: one per kind of stretch
            learning: [{title, scope, minutes}]
            stretch: [{text, output, artifact, events: [kind], requires: [product_area],
                       milestones: [{action, context, threshold}, ...]}]
        scaffold: {text, output, artifact, milestones}      # optional, career changers
        specializations: {platform: {all|<band>: {<band fields>, observer}}}
    quadrants:
      strategic-internal: [<band fields plus observer>, ...]
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rung.core.activities import ActivityLibrary
from rung.core.errors import InputError, Problem

from . import builtin_content, content_cache
from ._types import SLUG
from .files import STRUCTURED_SUFFIXES, decode_utf8, read_text, unsupported_type
from .frameworks import BUILTIN_FRAMEWORKS, load_framework
from .wording import FILE, describe

LIBRARY_WHAT = "an activity library (competencies and/or quadrants)"
FALLBACK_FILE = "fallback.yaml"


# --- public API -----------------------------------------------------------------------------


def load_activity_library(framework_id: str, extra: Path | None = None) -> ActivityLibrary:
    """The built-in library for `framework_id`, with a company's `extra` file over it."""
    library = _builtin_library(framework_id)
    if extra is None:
        return library
    return library.merged(load_activity_file(extra, framework_id=framework_id))


def load_activity_file(path: Path, *, framework_id: str | None = None) -> ActivityLibrary:
    """One activity library file, or a folder of per-competency files, on its own."""
    if path.is_dir():
        return _from_folder(path, str(path), framework_id)
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in STRUCTURED_SUFFIXES:
        raise unsupported_type(path, source, "an activity library is .yaml, .yml or .json (or "
                               "a folder of them)")
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
    from .activity_checks import check_library

    return check_library(data, source, framework_id, competency_ids)[1]


def validate_activity_path(path: Path, *, framework_id: str | None = None) -> list[Problem]:
    """Every problem in a library file or folder (what `rung frameworks validate-activities`
    reports); empty when it loads."""
    try:
        load_activity_file(path, framework_id=framework_id)
    except InputError as exc:
        return list(exc.problems)
    return []


def clear_cache() -> None:
    _builtin_library.cache_clear()


# --- loading --------------------------------------------------------------------------------


@functools.cache
def _builtin_library(framework_id: str) -> ActivityLibrary:
    folder = builtin_content.content_root() / "activities"
    # A framework without a folder of its own (a company's) gets the fallback sets alone.
    own = framework_id if SLUG.fullmatch(framework_id) and (folder / framework_id).is_dir() else ""
    return content_cache.cached(f"activities-{own or 'fallback'}",
                                lambda: _parse_builtin(folder, own))


def _parse_builtin(folder: Path, framework_id: str) -> ActivityLibrary:
    fallback = folder / FALLBACK_FILE
    source = builtin_content.content_source("activities", FALLBACK_FILE)
    if not fallback.is_file():
        raise InputError(
            [Problem(source, FILE, "built-in activity library is missing; reinstall rung")]
        )
    library = _from_text(decode_utf8(fallback.read_bytes(), source), ".yaml", source, None)
    if not framework_id:
        return library
    files = sorted((f for f in (folder / framework_id).iterdir() if f.name.endswith(".yaml")),
                   key=lambda f: f.name)
    texts = [
        (decode_utf8(f.read_bytes(),
                     builtin_content.content_source("activities", framework_id, f.name)), f.name)
        for f in files
    ]
    own_source = builtin_content.content_source("activities", framework_id)
    return library.merged(_from_competency_files(texts, own_source, framework_id))


def _from_folder(path: Path, source: str, framework_id: str | None) -> ActivityLibrary:
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in STRUCTURED_SUFFIXES)
    if not files:
        raise InputError([Problem(source, FILE, "no .yaml, .yml or .json files in this folder; "
                                  "put one file per competency in it")])
    texts = [(read_text(p, str(p), LIBRARY_WHAT), p.name) for p in files]
    return _from_competency_files(texts, source, framework_id)


def _from_competency_files(
    texts: Iterable[tuple[str, str]], folder_source: str, framework_id: str | None
) -> ActivityLibrary:
    """Per-competency files: each holds one competency entry, named after its file."""
    problems: list[Problem] = []
    entries: dict[str, Any] = {}
    for text, name in texts:
        stem, _, suffix = name.rpartition(".")
        try:
            library = _from_text(text, "." + suffix.lower(), f"{folder_source}/{name}",
                                 framework_id, stem=stem)
        except InputError as exc:
            problems += exc.problems
            continue
        entries.update(library.by_competency)
    if problems:
        raise InputError(problems)
    return ActivityLibrary(entries)


def _single_entry(data: Any, stem: str | None, source: str
                  ) -> tuple[Any, list[Problem]]:
    """A per-competency file (top-level `competency:`) as a one-entry library."""
    if not isinstance(data, dict) or "competencies" in data or "quadrants" in data:
        return data, []
    if "competency" not in data and stem is None:
        return data, []
    declared = data.get("competency", stem)
    if stem is not None and declared != stem:
        return None, [Problem(
            source, "competency",
            f"this file is named '{stem}' but describes '{declared}'; name the file after "
            "the competency id",
        )]
    if not isinstance(declared, str):
        return None, [Problem(source, "competency",
                              f"expected a competency id, got {describe(declared)}")]
    return {"competencies": {declared: data}}, []


def _from_text(text: str, suffix: str, source: str, framework_id: str | None,
               *, stem: str | None = None) -> ActivityLibrary:
    # Parsing and checking are loaded here: the built-in library from the cache needs neither.
    from .activity_checks import check_library
    from .structured import parse_structured

    data = parse_structured(text, suffix, source, LIBRARY_WHAT)
    data, problems = _single_entry(data, stem, source)
    if problems:
        raise InputError(problems)
    library, problems = check_library(data, source, framework_id, _competency_ids(framework_id))
    if library is None:
        raise InputError(problems)
    return library


def _competency_ids(framework_id: str | None) -> list[str] | None:
    if framework_id in BUILTIN_FRAMEWORKS:
        return [c.id for c in load_framework(framework_id).competencies]
    return None
