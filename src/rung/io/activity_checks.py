"""An activity library's data checked: its shape by pydantic models, then what the models
cannot see (the first format, unknown competencies, passive or vague wording, unbounded
learning, placeholders), every problem at once, into `rung.core.activities.ActivityLibrary`.

Only a library read from a file needs this module; `rung plan` takes the built-in library from
the content cache and never loads pydantic for it.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PlainValidator

from rung.core.activities import (
    BANDS,
    PLACEHOLDERS,
    ActivityLibrary,
    ActivitySet,
    CompetencyContent,
    LearningTemplate,
    MilestoneTemplate,
    Observer,
    StretchTemplate,
)
from rung.core.errors import Problem
from rung.core.lint.rules_vocabulary import (
    has_number,
    is_bounded_learning,
    is_passive,
    is_vague_state,
)

from ._types import (
    EventKind,
    OptText,
    QuadrantKey,
    Slug,
    Strict,
    Text,
    Version,
    non_empty,
)
from .placeholders import placeholder_problems
from .validation import checked, rung_error
from .wording import describe, did_you_mean, listing, loc_to_where

BLOOM_LEVELS = ("know", "understand", "apply", "analyze", "synthesize", "evaluate")
MAX_MILESTONES = 2


# --- boundary models ------------------------------------------------------------------------


def _bloom(value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in BLOOM_LEVELS:
        return value.strip().lower()
    hint = did_you_mean(value.strip().lower(), BLOOM_LEVELS) if isinstance(value, str) else ""
    raise rung_error(
        f"{describe(value)} is not a Bloom level{hint}; use one of: {', '.join(BLOOM_LEVELS)}"
    )


def _has_digit(value: str) -> str:
    # The linter's own test: a duration ("4 weeks") or a date is not a bar anyone can count.
    if not has_number(value):
        raise rung_error(
            f"threshold {describe(value)} has no number (durations and dates do not count); "
            "make the bar countable, e.g. 'approval for at least 1 initiative' or '3 of 4 "
            "reviews rated clear'"
        )
    return value


def _minutes(low: int, high: int, what: str) -> Any:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise rung_error(
                f"{describe(value)} is not a whole number of minutes from {low} to {high}; "
                f"give the {what}, e.g. {low * 3}"
            )
        return value

    return PlainValidator(check)


class MilestoneIn(Strict):
    action: Text
    context: Text
    threshold: Annotated[Text, AfterValidator(_has_digit)]


class StretchIn(Strict):
    text: Text
    output: Text
    artifact: Text
    requires: list[Literal["product_area"]] = Field(default_factory=list)
    events: list[EventKind] = Field(default_factory=list)
    # Due this many days after its event: a readout after a launch cannot be due on launch day.
    follow_up_days: Annotated[int, Field(ge=0, le=45)] = 0
    milestones: Annotated[list[MilestoneIn], non_empty("milestone"), Field(max_length=2)]


class LearningIn(Strict):
    title: Text
    scope: Text
    minutes: Annotated[int, _minutes(5, 600, "reading or viewing time")]


class WeeklyRepIn(Strict):
    text: Text
    minutes: Annotated[int, _minutes(5, 60, "time the rep takes each week")]


class ObserverIn(Strict):
    prompt: Text
    roles: list[Text] = Field(default_factory=list)


def _one_or_more(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


WeeklyReps = Annotated[list[WeeklyRepIn], BeforeValidator(_one_or_more), non_empty("weekly rep"),
                       Field(max_length=3)]


class BandIn(Strict):
    bloom_target: Annotated[str, PlainValidator(_bloom)] = "apply"
    coaching: Text
    weekly_rep: WeeklyReps
    learning: Annotated[list[LearningIn], non_empty("learning resource")]
    stretch: Annotated[list[StretchIn], non_empty("stretch template")]


class BandPatchIn(Strict):
    """A specialization's changes to a band: only what its wording needs."""

    observer: ObserverIn | None = None
    bloom_target: Annotated[str, PlainValidator(_bloom)] | None = None
    coaching: Text | None = None
    weekly_rep: WeeklyReps | None = None
    learning: Annotated[list[LearningIn], non_empty("learning resource")] | None = None
    stretch: Annotated[list[StretchIn], non_empty("stretch template")] | None = None


Band = Literal["entering", "senior", "leading"]
BandOrAll = Literal["all", "entering", "senior", "leading"]


class CompetencyIn(Strict):
    competency: Slug | None = None
    observer: ObserverIn
    lever: Text
    bands: Annotated[dict[Band, BandIn], non_empty("band")]
    scaffold: StretchIn | None = None
    specializations: dict[Slug, dict[BandOrAll, BandPatchIn]] = Field(default_factory=dict)


class FallbackSetIn(BandIn):
    observer: ObserverIn
    lever: OptText = ""


class LibraryIn(Strict):
    framework: Slug | None = None
    version: Version | None = None
    description: OptText = ""
    source: OptText = ""
    license: OptText = ""
    competencies: dict[Slug, CompetencyIn] = Field(default_factory=dict)
    quadrants: dict[QuadrantKey, Annotated[list[FallbackSetIn], non_empty("activity set")]] = (
        Field(default_factory=dict)
    )


def check_library(
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
    legacy = _legacy_entries(data)
    problems = [_legacy_problem(path, source) for path in legacy]
    prefixes = tuple(loc_to_where(path) for path in legacy)
    model, shape = checked(LibraryIn, data, source)
    problems += [p for p in shape if not prefixes or not p.where.startswith(prefixes)]
    problems += [p for p in (*_cross_checks(data, source, framework_id, competency_ids),
                             *placeholder_problems(data, source))
                 if not prefixes or not p.where.startswith(prefixes)]
    if model is None or problems:
        return None, problems
    return _to_core(model), problems


# --- to the core ----------------------------------------------------------------------------


def _stretch(t: StretchIn) -> StretchTemplate:
    return StretchTemplate(
        text=t.text,
        output=t.output,
        requires=tuple(t.requires),
        events=tuple(t.events),
        artifact=t.artifact,
        follow_up_days=t.follow_up_days,
        milestones=tuple(MilestoneTemplate(m.action, m.context, m.threshold)
                         for m in t.milestones),
    )


def _observer(o: ObserverIn) -> Observer:
    return Observer(o.prompt, tuple(r.lower() for r in o.roles))


def _set(key: str, band: BandIn, observer: Observer, lever: str,
         scaffold: StretchTemplate | None) -> ActivitySet:
    return ActivitySet(
        competency=key,
        stretch=tuple(_stretch(t) for t in band.stretch),
        learning=tuple(LearningTemplate(t.title, t.scope, t.minutes) for t in band.learning),
        observer=observer,
        coaching=band.coaching,
        weekly_rep=band.weekly_rep[0].text,
        rep_minutes=band.weekly_rep[0].minutes,
        more_reps=tuple((r.text, r.minutes) for r in band.weekly_rep[1:]),
        bloom_target=band.bloom_target,
        lever=lever,
        scaffold=scaffold,
    )


def _nearest_band(bands: dict[str, BandIn], band: str) -> BandIn:
    """A company library may write one band only; the others borrow the closest one."""
    order = sorted(bands, key=lambda b: (abs(BANDS.index(b) - BANDS.index(band)),
                                         BANDS.index(b)))
    return bands[order[0]]


def _patched(band: BandIn, observer: ObserverIn, patches: list[BandPatchIn]
             ) -> tuple[BandIn, ObserverIn]:
    for patch in patches:
        changes = {k: v for k, v in patch.model_dump(exclude_unset=True).items()
                   if k != "observer" and v is not None}
        band = band.model_validate({**band.model_dump(), **changes})
        if patch.observer is not None:
            observer = patch.observer
    return band, observer


def _content_of(cid: str, m: CompetencyIn) -> CompetencyContent:
    scaffold = _stretch(m.scaffold) if m.scaffold else None
    bands: dict[str, BandIn] = {str(b): band for b, band in m.bands.items()}
    resolved = {
        b: _set(cid, _nearest_band(bands, b), _observer(m.observer), m.lever, scaffold)
        for b in BANDS
    }
    specs: dict[str, dict[str, ActivitySet]] = {}
    for spec, by_band in m.specializations.items():
        specs[spec] = {}
        named: dict[str, BandPatchIn] = {str(k): v for k, v in by_band.items()}
        for b in BANDS:
            patches = [p for key in ("all", b) if (p := named.get(key)) is not None]
            band, observer = _patched(_nearest_band(bands, b), m.observer, patches)
            specs[spec][b] = _set(cid, band, _observer(observer), m.lever, scaffold)
    return CompetencyContent(cid, resolved, specs)


def _to_core(m: LibraryIn) -> ActivityLibrary:
    return ActivityLibrary(
        by_competency={cid: _content_of(cid, c) for cid, c in m.competencies.items()},
        by_quadrant={
            q: tuple(_set(q, s, _observer(s.observer), s.lever, None) for s in sets)
            for q, sets in m.quadrants.items()
        },
    )


# --- checks on the raw data -------------------------------------------------------------------


def _legacy_entries(data: dict[str, Any]) -> list[tuple[str | int, ...]]:
    """Entries written in the first library format (a flat set with `feedback_role`)."""
    found: list[tuple[str | int, ...]] = []
    competencies = data.get("competencies")
    if isinstance(competencies, dict):
        found += [("competencies", str(cid)) for cid, entry in competencies.items()
                  if isinstance(entry, dict) and "bands" not in entry
                  and ("feedback_role" in entry or "stretch" in entry)]
    quadrants = data.get("quadrants")
    if isinstance(quadrants, dict):
        found += [("quadrants", str(q), i) for q, sets in quadrants.items()
                  for i, s in enumerate(sets if isinstance(sets, list) else [])
                  if isinstance(s, dict) and "feedback_role" in s]
    return found


def _legacy_problem(path: tuple[str | int, ...], source: str) -> Problem:
    where = loc_to_where(path)
    if path[0] == "quadrants":
        fix = ("replace `feedback_role` with `observer: {prompt: 'someone who ...', roles: "
               "[...]}`, give `weekly_rep` as {text, minutes} and learning `minutes`, and move "
               "`milestones` into each stretch template with its `artifact`")
    else:
        fix = ("move coaching, weekly_rep ({text, minutes}), learning (with minutes) and "
               "stretch under `bands: {entering: ..., senior: ..., leading: ...}`, replace "
               "`feedback_role` with `observer: {prompt: 'someone who ...', roles: [...]}`, add "
               "`lever`, and move `milestones` into each stretch template with its `artifact`")
    return Problem(source, where,
                   f"written in the first library format; {fix} (docs/activity-library.md)")


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
        for cid, entry in competencies.items():
            out += _competency_checks(cid, entry, source, framework_id, competency_ids)
    quadrants = data.get("quadrants")
    if isinstance(quadrants, dict):
        for key, sets in quadrants.items():
            for i, aset in enumerate(sets if isinstance(sets, list) else []):
                if isinstance(aset, dict):
                    out += _band_checks(aset, ("quadrants", str(key), i), source)
                    out += _text_checks(aset, ("quadrants", str(key), i), source)
    return out


def _competency_checks(cid: Any, entry: Any, source: str, framework_id: str | None,
                       competency_ids: list[str] | None) -> list[Problem]:
    out: list[Problem] = []
    path: tuple[str | int, ...] = ("competencies", str(cid))
    if competency_ids is not None and isinstance(cid, str) and cid not in competency_ids:
        out.append(
            Problem(
                source,
                loc_to_where(path),
                f"unknown competency '{cid}' for framework {framework_id}"
                f"{did_you_mean(cid, competency_ids)}; competencies: "
                f"{listing(competency_ids)}",
            )
        )
    if isinstance(entry, dict):
        out += _entry_checks(entry, path, source)
    return out


def _entry_checks(entry: dict[str, Any], path: tuple[str | int, ...], source: str
                  ) -> list[Problem]:
    out = _text_checks(entry, path, source)
    bands = entry.get("bands")
    if isinstance(bands, dict):
        for b, band in bands.items():
            if isinstance(band, dict):
                out += _band_checks(band, (*path, "bands", str(b)), source)
                out += _text_checks(band, (*path, "bands", str(b)), source)
    scaffold = entry.get("scaffold")
    if isinstance(scaffold, dict):
        out += _stretch_checks(scaffold, (*path, "scaffold"), source)
    specs = entry.get("specializations")
    if isinstance(specs, dict):
        for spec, by_band in specs.items():
            if isinstance(by_band, dict):
                for b, patch in by_band.items():
                    if isinstance(patch, dict):
                        where = (*path, "specializations", str(spec), str(b))
                        out += _band_checks(patch, where, source, patch_only=True)
                        out += _text_checks(patch, where, source)
    return out


def _text_checks(node: dict[str, Any], path: tuple[str | int, ...], source: str
                 ) -> list[Problem]:
    """Texts outside stretch templates may not use {event} or {product_area}."""
    out = _plain_texts(node, ("lever", "coaching"), path, source)
    reps = node.get("weekly_rep")
    if isinstance(reps, dict):
        out += _placeholder_checks(reps.get("text"), (*path, "weekly_rep", "text"), source,
                                   allowed=())
    elif isinstance(reps, list):
        for i, rep in enumerate(reps):
            if isinstance(rep, dict):
                out += _placeholder_checks(rep.get("text"), (*path, "weekly_rep", i, "text"),
                                           source, allowed=())
    observer = node.get("observer")
    if isinstance(observer, dict):
        out += _placeholder_checks(observer.get("prompt"), (*path, "observer", "prompt"),
                                   source, allowed=())
    learning = node.get("learning")
    for i, item in enumerate(learning if isinstance(learning, list) else []):
        if isinstance(item, dict):
            out += _learning_checks(item, (*path, "learning", i), source)
    return out


def _plain_texts(node: dict[str, Any], names: tuple[str, ...], path: tuple[str | int, ...],
                 source: str) -> list[Problem]:
    """Texts that may hold no {event} or {product_area}."""
    return [p for name in names
            for p in _placeholder_checks(node.get(name), (*path, name), source, allowed=())]


def _learning_checks(item: dict[str, Any], path: tuple[str | int, ...], source: str
                     ) -> list[Problem]:
    out = _plain_texts(item, ("title", "scope"), path, source)
    title, scope = item.get("title"), item.get("scope")
    if (isinstance(title, str) and isinstance(scope, str) and scope.strip()
            and not is_bounded_learning(f"{title} — {scope}")):
        out.append(Problem(
            source, loc_to_where((*path, "scope")),
            f"{describe(scope)} does not bound the resource (the linter's R005 would "
            "flag it); name chapters, pages, sections, lessons or one talk",
        ))
    return out


def _band_checks(band: dict[str, Any], path: tuple[str | int, ...], source: str,
                 *, patch_only: bool = False) -> list[Problem]:
    stretch = band.get("stretch")
    if not isinstance(stretch, list):
        return []
    out: list[Problem] = []
    for i, item in enumerate(stretch):
        if isinstance(item, dict):
            out += _stretch_checks(item, (*path, "stretch", i), source)
    if stretch and not any(isinstance(t, dict) and not t.get("requires") and not t.get("events")
                           for t in stretch):
        out.append(
            Problem(
                source,
                loc_to_where((*path, "stretch")),
                "every stretch template needs an event or a product area; add one with "
                "neither `events` nor `requires` so a plan can always be made"
                + (" (a specialization's stretch list replaces the band's)" if patch_only
                   else ""),
            )
        )
    return out


def _stretch_checks(item: dict[str, Any], path: tuple[str | int, ...], source: str
                    ) -> list[Problem]:
    """Placeholders match what the template needs; every milestone names the artifact."""
    raw_requires = item.get("requires", [])
    allowed = [r for r in raw_requires if isinstance(r, str)] if isinstance(
        raw_requires, list) else []
    if item.get("events"):
        allowed.append("event")
    out: list[Problem] = []
    for name in ("text", "output", "artifact"):
        out += _placeholder_checks(item.get(name), (*path, name), source, allowed=allowed)
    text = item.get("text")
    if isinstance(text, str) and is_passive(text):
        out.append(Problem(
            source, loc_to_where((*path, "text")),
            f"{describe(text)} reads as learning, not real work (the linter's R004 would "
            "flag it); make the PM own the work: 'Write …', 'Run …', 'Lead …' (and 'readout' "
            "rather than 'read out')",
        ))
    if item.get("follow_up_days") and not item.get("events"):
        out.append(Problem(
            source, loc_to_where((*path, "follow_up_days")),
            "follow_up_days counts from the template's event; add `events` or remove it",
        ))
    milestones = item.get("milestones")
    milestones = milestones if isinstance(milestones, list) else []
    for i, m in enumerate(milestones):
        if isinstance(m, dict):
            out += _milestone_checks(m, (*path, "milestones", i), source, allowed)
    artifact = item.get("artifact")
    if isinstance(artifact, str) and artifact.strip():
        out += _artifact_checks(artifact.strip(), item.get("output"), milestones, path, source)
    return out


def _milestone_checks(m: dict[str, Any], path: tuple[str | int, ...], source: str,
                      allowed: list[str]) -> list[Problem]:
    out: list[Problem] = []
    for name in ("action", "context", "threshold"):
        out += _placeholder_checks(m.get(name), (*path, name), source, allowed=allowed)
    said = f"{m.get('action', '')} {m.get('context', '')}"
    if is_vague_state(said):
        out.append(Problem(
            source, loc_to_where(path),
            f"{describe(said.strip())} describes a state (the linter's R013 would flag "
            "it); write something two people could watch happen",
        ))
    return out


def _artifact_checks(artifact: str, output: Any, milestones: list[Any],
                     path: tuple[str | int, ...], source: str) -> list[Problem]:
    """The output and every milestone name the stretch's artifact in the same words."""
    out: list[Problem] = []
    needle = artifact.lower()
    if isinstance(output, str) and needle not in output.lower():
        out.append(Problem(
            source, loc_to_where((*path, "output")),
            f"the output does not name the artifact '{artifact}'; say what the "
            "visible output is in the same words, e.g. 'a market brief with ...'",
        ))
    for i, m in enumerate(milestones):
        if not isinstance(m, dict):
            continue
        said = f"{m.get('action', '')} {m.get('context', '')}".lower()
        if needle not in said:
            out.append(Problem(
                source, loc_to_where((*path, "milestones", i)),
                f"the milestone does not name the stretch's output '{artifact}'; "
                "derive it from the stretch, e.g. 'Take the "
                f"{artifact} to ...'",
            ))
    return out


def _placeholder_checks(
    text: Any, path: tuple[str | int, ...], source: str, *, allowed: Iterable[str]
) -> list[Problem]:
    """Only known placeholders; {event}/{product_area} only where the template needs them."""
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
    known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    contextual = {"event": "`events: [kind, ...]`", "product_area": "`requires: [product_area]`"}
    for name in names:
        if name not in PLACEHOLDERS:
            out.append(
                Problem(
                    source,
                    where,
                    f"unknown placeholder {{{name}}}{did_you_mean(name, PLACEHOLDERS)}; "
                    f"allowed: {known}",
                )
            )
        elif name in contextual and name not in allowed:
            out.append(
                Problem(
                    source,
                    where,
                    f"{{{name}}} is only known in a stretch template that declares "
                    f"{contextual[name]} (and in its milestones); add that to the template or "
                    "rephrase without it",
                )
            )
    return out
