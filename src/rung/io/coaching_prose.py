"""The coaching prose every PM Coaching Pack shares, from `content/coaching.yaml`, checked and
kept in the content cache like the frameworks (`rung.io.content_cache`)."""

from __future__ import annotations

import functools
from typing import Annotated, Any

from pydantic import Field

from rung.core.bloom import BLOOM_IDS, BloomId, BloomLevel
from rung.core.coaching_pack_model import AgendaItem, CoachingProse, Workshop
from rung.core.errors import InputError, Problem

from . import builtin_content, content_cache
from ._types import Strict, Text
from .files import read_text
from .structured import parse_structured
from .validation import checked
from .wording import FILE

PROSE_FILE = "coaching.yaml"
PROSE_WHAT = "the coaching prose of the PM Coaching Pack"
CADENCE_KINDS = ("calibration", "first-action", "weekly-self-check", "biweekly-feedback",
                 "launch-check", "monthly-check-in", "cycle-review")


def load_coaching_prose() -> CoachingProse:
    """The built-in prose; a broken file is an InputError naming it (reinstall rung)."""
    return _builtin()


def clear_cache() -> None:
    _builtin.cache_clear()


@functools.cache
def _builtin() -> CoachingProse:
    return content_cache.cached("coaching-prose", _parse)


Minutes = Annotated[int, Field(ge=1, le=240)]


class BloomIn(Strict):
    id: BloomId
    title: Text
    looks_like: Text
    rep: Text


class CadenceIn(Strict):
    kind: Text
    what: Text
    how_often: Text


class AgendaIn(Strict):
    minutes: Minutes
    text: Text


class ColourIn(Strict):
    colour: Text
    meaning: Text


class StepIn(Strict):
    minutes: Minutes
    title: Text
    text: Text


class WorkshopIn(Strict):
    minutes: Minutes
    steps: list[StepIn]
    note: Text


class ProseIn(Strict):
    bloom: list[BloomIn]
    constraints_note: Text
    default_rep: Text
    milestone_record: Text
    cadence: list[CadenceIn]
    agenda: list[AgendaIn]
    questions: list[Text]
    directive_when: list[Text]
    colour_check: list[ColourIn]
    adjust_rules: list[Text]
    workshop: WorkshopIn


def _parse() -> CoachingProse:
    path = builtin_content.content_root() / PROSE_FILE
    source = builtin_content.content_source(PROSE_FILE)
    if not path.is_file():
        raise InputError([Problem(source, FILE, "built-in coaching prose is missing; "
                                  "reinstall rung")])
    data: Any = parse_structured(read_text(path, source, PROSE_WHAT), ".yaml", source,
                                 PROSE_WHAT)
    m, problems = checked(ProseIn, data, source)
    if m is None:
        raise InputError(problems)
    if tuple(b.id for b in m.bloom) != BLOOM_IDS:
        problems.append(Problem(source, "bloom", f"the depths are {', '.join(BLOOM_IDS)}, "
                                "once each and in this order"))
    unknown = [c.kind for c in m.cadence if c.kind not in CADENCE_KINDS]
    if unknown:
        problems.append(Problem(source, "cadence", f"unknown kinds {', '.join(unknown)}; "
                                f"the kinds are {', '.join(CADENCE_KINDS)}"))
    if problems:
        raise InputError(problems)
    return CoachingProse(
        bloom=tuple(BloomLevel(b.id, b.title, b.looks_like, b.rep) for b in m.bloom),
        constraints_note=m.constraints_note,
        default_rep=m.default_rep,
        milestone_record=m.milestone_record,
        cadence=tuple((c.kind, c.what, c.how_often) for c in m.cadence),
        agenda=tuple(AgendaItem(a.minutes, a.text) for a in m.agenda),
        questions=tuple(m.questions),
        directive_when=tuple(m.directive_when),
        colour_check=tuple((c.colour, c.meaning) for c in m.colour_check),
        adjust_rules=tuple(m.adjust_rules),
        workshop=Workshop(m.workshop.minutes,
                          tuple((s.minutes, s.title, s.text) for s in m.workshop.steps),
                          m.workshop.note),
    )
