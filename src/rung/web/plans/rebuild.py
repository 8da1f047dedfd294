"""A rebuild as a proposal: what the engine would make of the plan now, with people's edits kept.

Pure functions on plan documents (no Django). People edit the focus areas the engine wrote; a
rebuild from a newer assessment must not throw those words away. A field counts as edited when
it differs from what the engine last wrote for that competency (found in the version
history), and an edited field of a focus area that stays is carried into the rebuilt plan.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rung.core.serialize import FocusAreaJSON
from rung.web.plans.documents import FOCUS_FIELDS, Doc, diff_lines, get_at, readable, set_at

# Version kinds whose focus areas the engine wrote (a swap writes only the area it brings in).
BUILT = ("created", "rebuilt")
SWAPPED = "replaced"
MILESTONES = "milestones"


def engine_focus_areas(versions: Iterable[tuple[str, Doc]]) -> dict[str, FocusAreaJSON]:
    """Per competency, the focus area as the engine last wrote it; `versions` oldest first."""
    refs: dict[str, FocusAreaJSON] = {}
    for kind, doc in versions:
        if kind in BUILT:
            refs = {fa["competency"]: fa for fa in doc["focus_areas"]}
        elif kind == SWAPPED:
            for fa in doc["focus_areas"]:
                refs.setdefault(fa["competency"], fa)
    return refs


def edited_fields(fa: FocusAreaJSON, engine: FocusAreaJSON | None
                  ) -> list[tuple[tuple[str, ...], str]]:
    """(path, label) of each field people changed; everything when the engine's is unknown
    (keeping words nobody asked to lose is the safe side)."""
    out = [(path, label) for _, path, label in FOCUS_FIELDS
           if engine is None or get_at(fa, path) != get_at(engine, path)]
    if engine is None or fa["milestones"] != engine["milestones"]:
        out.append(((MILESTONES,), MILESTONES))
    return out


@dataclass(frozen=True)
class Proposal:
    """What a rebuild would do; `doc` is exactly what confirming stores (before the status)."""

    doc: Doc
    leaving: tuple[tuple[str, tuple[str, ...]], ...]  # (name, its edited fields that go too)
    arriving: tuple[str, ...]
    kept: tuple[tuple[str, tuple[str, ...]], ...]  # (name, edited fields carried over)
    old_start: str
    new_start: str
    old_assessed_on: str
    new_assessed_on: str
    diff: tuple[tuple[str, str], ...]
    voided: tuple[str, ...] = ()  # who agreed already and will have to agree again
    dropped_choice: str = ""  # the PM's swap, when the new assessment no longer allows it

    @property
    def lint_errors(self) -> int:
        return sum(f["severity"] == "error" for f in self.doc.get("lint", []))

    @property
    def changes_focus(self) -> bool:
        return bool(self.leaving or self.arriving)


def keep_edits(old: Doc, new: Doc, refs: Mapping[str, FocusAreaJSON]
               ) -> tuple[Doc, list[tuple[str, tuple[str, ...]]]]:
    """`new` with the edited fields of every focus area that stays copied from `old`; and,
    per focus area, the edits that differ from what the engine now writes."""
    merged = copy.deepcopy(new)
    before = {fa["competency"]: fa for fa in old["focus_areas"]}
    kept = []
    for fresh, target in zip(new["focus_areas"], merged["focus_areas"], strict=True):
        was = before.get(fresh["competency"])
        if was is None:
            continue
        labels = []
        for path, label in edited_fields(was, refs.get(fresh["competency"])):
            value = get_at(was, path)
            if get_at(fresh, path) != value:
                set_at(target, path, copy.deepcopy(value))
                labels.append(label)
        if labels:
            kept.append((fresh["name"], tuple(labels)))
    return merged, kept


def propose(old: Doc, new: Doc, refs: Mapping[str, FocusAreaJSON], *,
            voided: Iterable[str] = (), dropped_choice: str = "") -> Proposal:
    merged, kept = keep_edits(old, new, refs)
    old_ids = [fa["competency"] for fa in old["focus_areas"]]
    new_ids = {fa["competency"] for fa in merged["focus_areas"]}
    leaving = tuple(
        (fa["name"], tuple(label for _, label in edited_fields(fa, refs.get(fa["competency"]))))
        for fa in old["focus_areas"] if fa["competency"] not in new_ids)
    arriving = tuple(fa["name"] for fa in merged["focus_areas"]
                     if fa["competency"] not in old_ids)
    return Proposal(
        doc=merged, leaving=leaving, arriving=arriving, kept=tuple(kept),
        old_start=old["cycle"]["start"], new_start=merged["cycle"]["start"],
        old_assessed_on=old["assessment"]["assessed_on"],
        new_assessed_on=merged["assessment"]["assessed_on"],
        diff=tuple(diff_lines(readable(old), readable(merged), old_name="the plan now",
                              new_name="after the rebuild")),
        voided=tuple(voided), dropped_choice=dropped_choice,
    )
