"""The neutral plan document the linter judges, and the adapters from rung's own plan.

Every plan the linter sees — rung's JSON (`rung.plan/1`), rung's `Plan` object, rung's Markdown
or somebody else's Markdown — is first turned into a `PlanDoc`. The rules only ever look at a
`PlanDoc`, so one rule judges every format the same way.

`where` fields name the place a finding points at: a JSON path such as
`focus_areas[1].milestones[0]` for JSON and `Plan` objects, `line 42` for Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal

from rung.core.errors import InputError, Problem
from rung.core.plan import SCHEMA_ID, Plan
from rung.core.serialize import plan_to_dict

ActivityKind = Literal["stretch", "learning", "feedback", "coaching", "other"]


@dataclass(frozen=True)
class DocActivity:
    kind: ActivityKind
    text: str
    due: date | None
    output: str | None  # the visible output of a stretch assignment
    provider: str | None  # who gives feedback
    interval_days: int | None  # how often feedback / coaching happens
    where: str


@dataclass(frozen=True)
class DocMilestone:
    text: str
    due: date | None
    due_text: str | None  # the date words as written: "2027-01-15", "Month 3", "12-18 months"
    threshold: str | None
    where: str


@dataclass(frozen=True)
class DocFocusArea:
    name: str
    rationale: str | None
    activities: tuple[DocActivity, ...]
    milestones: tuple[DocMilestone, ...]
    where: str
    priority: str | None = None  # "High", "P1", "Medium" as written
    timeline: str | None = None  # the focus area's own horizon as written: "12-18 months"


@dataclass(frozen=True)
class DocEvent:
    # weekly-self-check | biweekly-feedback | monthly-check-in | cycle-review | calibration |
    # launch-check | first-action | None (a review of unknown kind)
    kind: str | None
    date: date | None
    date_text: str | None
    where: str
    minutes: int | None = None


@dataclass(frozen=True)
class DocCalibrationNeed:
    """A competency whose self and manager scores diverge by 2+ points."""

    competency: str
    where: str


@dataclass(frozen=True)
class DocScore:
    """One competency's self and manager scores, and the score the plan went on with."""

    competency: str
    self_score: float | None
    manager: float | None
    consensus: float | None
    averaged: bool  # the plan says (or shows) that the consensus is the two scores' average
    where: str

    @property
    def divergence(self) -> float | None:
        if self.self_score is None or self.manager is None:
            return None
        return abs(self.self_score - self.manager)


# What a document is: a plan, or one of rung's documents that carries a plan inside.
# "coaching-plan" is rung's non-HR coaching plan: it leaves the assessment out on purpose.
DocumentKind = Literal["plan", "coaching-pack", "coaching-plan", "ladder"]


@dataclass(frozen=True)
class DocAnchors:
    """Where to point a finding about something the plan lacks altogether."""

    focus_areas: str = "focus_areas"
    cadence: str = "cadence"
    assessment: str = "assessment.assessed_on"
    cycle: str = "cycle"
    first_action: str = "first_action"


@dataclass(frozen=True)
class PlanDoc:
    source: str
    cycle_start: date | None
    cycle_end: date | None
    assessed_on: date | None
    stale: bool | None
    focus_areas: tuple[DocFocusArea, ...]
    milestones: tuple[DocMilestone, ...]  # plan-level milestones, not under a focus area
    events: tuple[DocEvent, ...]
    needs_calibration: tuple[DocCalibrationNeed, ...]
    calibration_scheduled: tuple[str, ...]  # competencies with a dated calibration talk
    first_action: str | None
    first_action_due: date | None = None
    anchors: DocAnchors = field(default_factory=DocAnchors)
    scores: tuple[DocScore, ...] = ()
    # Scores, a dated assessment or a pointer to one, anywhere in the plan; rung's own plans
    # always have them.
    assessment_found: bool = False
    kind: DocumentKind = "plan"


@lru_cache(maxsize=8192)
def competency_key(name: str) -> str:
    """Compare competency names and ids alike: `product-strategy` ~ `Product strategy`."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.lower()).split())


_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CALIBRATION_POINTS = 2.0  # self and manager this far apart need a calibration talk (seed 000)
AVERAGE_TOLERANCE = 0.051  # a consensus rounded to one decimal still reads as the average


# --- JSON (`rung.plan/1`) -------------------------------------------------------------------


class _Reader:
    """Typed access to untrusted JSON that records every problem instead of raising."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.source, where, message))

    def obj(self, value: object, where: str, *, required: bool) -> Mapping[str, object] | None:
        if value is None:
            if required:
                self.fail(where, "missing; expected an object")
            return None
        if not isinstance(value, dict):
            self.fail(where, f"expected an object, got {_type_name(value)}")
            return None
        return value

    def items(self, value: object, where: str) -> list[Mapping[str, object]]:
        """A list of objects; None counts as empty. Bad entries are reported and skipped."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(where, f"expected a list, got {_type_name(value)}")
            return []
        out: list[Mapping[str, object]] = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append(item)
            else:
                self.obj(item, f"{where}[{i}]", required=True)  # reports it
        return out

    def text(self, value: object, where: str, *, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.fail(where, "missing; expected text")
            return None
        if not isinstance(value, str):
            self.fail(where, f"expected text, got {_type_name(value)}")
            return None
        return value.strip() or None

    def integer(self, value: object, where: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"expected a whole number, got {_type_name(value)}")
            return None
        return value

    def number(self, value: object, where: str) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, f"expected a number, got {_type_name(value)}")
            return None
        return float(value)

    def flag(self, value: object, where: str) -> bool | None:
        if value is None:
            return None
        if not isinstance(value, bool):
            self.fail(where, f"expected true or false, got {_type_name(value)}")
            return None
        return value

    def iso_date(self, value: object, where: str) -> date | None:
        """A date that must be ISO `YYYY-MM-DD` (or null)."""
        raw = self.text(value, where)
        if raw is None:
            return None
        parsed = _parse_iso(raw)
        if parsed is None:
            self.fail(where, f"expected a date as YYYY-MM-DD, got {raw!r}")
        return parsed

    def loose_date(self, value: object, where: str) -> tuple[date | None, str | None]:
        """A due date in the plan body: an ISO date, or date words the linter will flag."""
        raw = self.text(value, where)
        if raw is None:
            return None, None
        parsed = _parse_iso(raw)
        if parsed is None and _ISO_RE.match(raw):
            self.fail(where, f"{raw!r} is not a real calendar date")
        return parsed, raw


@lru_cache(maxsize=4096)  # a plan repeats its dates; a batch repeats the same few hundred
def _parse_iso(raw: str) -> date | None:
    if not _ISO_RE.match(raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _type_name(value: object) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }
    return names.get(type(value), type(value).__name__)


def plan_doc_from_json(data: object, source: str) -> PlanDoc:
    """Read a `rung.plan/1` JSON document (already decoded) into a `PlanDoc`.

    Raises `InputError` naming `source` and every bad key when the data is not that schema.
    Missing plan parts (no stretch assignment, no cadence, ...) are not input errors: the
    linter reports them as findings.
    """
    r = _Reader(source)
    top = r.obj(data, "(top level)", required=True)
    if top is None:
        raise InputError(r.problems)
    schema = top.get("schema")
    if schema != SCHEMA_ID:
        r.fail(
            "schema",
            f"expected {SCHEMA_ID!r}, got {schema!r}: this is not a rung plan "
            "(plans from elsewhere can be linted as Markdown)",
        )
        raise InputError(r.problems)

    cycle = r.obj(top.get("cycle"), "cycle", required=True)
    cycle_start = r.iso_date(cycle.get("start"), "cycle.start") if cycle else None
    cycle_end = r.iso_date(cycle.get("end"), "cycle.end") if cycle else None
    assessment = _assessment_from_json(r, top.get("assessment"))

    if "focus_areas" not in top:
        r.fail("focus_areas", "missing; expected a list of focus areas")
    focus_areas = tuple(
        _focus_area_from_json(r, fa, f"focus_areas[{i}]")
        for i, fa in enumerate(r.items(top.get("focus_areas"), "focus_areas"))
    )

    events = tuple(_event_from_json(r, ev, f"cadence[{i}]")
                   for i, ev in enumerate(r.items(top.get("cadence"), "cadence")))
    scheduled: list[str] = []
    for i, cal in enumerate(r.items(top.get("calibration"), "calibration")):
        where = f"calibration[{i}]"
        comp_id = r.text(cal.get("competency"), f"{where}.competency", required=True)
        when = r.iso_date(cal.get("date"), f"{where}.date")
        if comp_id and when:
            scheduled.append(comp_id)
    first_text, first_due = _first_action_from_json(r, top.get("first_action"))

    if r.problems:
        raise InputError(r.problems)
    return PlanDoc(
        source=source,
        cycle_start=cycle_start,
        cycle_end=cycle_end,
        assessed_on=assessment.assessed_on,
        stale=assessment.stale,
        focus_areas=focus_areas,
        milestones=(),
        events=events,
        needs_calibration=assessment.needs,
        calibration_scheduled=tuple(scheduled),
        first_action=first_text,
        first_action_due=first_due,
        scores=assessment.scores,
        assessment_found=assessment.found,
    )


@dataclass(frozen=True)
class _AssessmentRead:
    assessed_on: date | None = None
    stale: bool | None = None
    needs: tuple[DocCalibrationNeed, ...] = ()
    scores: tuple[DocScore, ...] = ()
    found: bool = False  # a dated assessment or scores


def _assessment_from_json(r: _Reader, value: object) -> _AssessmentRead:
    assessment = r.obj(value, "assessment", required=False)
    if assessment is None:
        return _AssessmentRead()
    assessed_on = r.iso_date(assessment.get("assessed_on"), "assessment.assessed_on")
    stale = r.flag(assessment.get("stale"), "assessment.stale")
    needs: list[DocCalibrationNeed] = []
    scores: list[DocScore] = []
    path = "assessment.competencies"
    for i, comp in enumerate(r.items(assessment.get("competencies"), path)):
        where = f"{path}[{i}]"
        comp_id = r.text(comp.get("id"), f"{where}.id", required=True)
        need = r.flag(comp.get("needs_calibration"), f"{where}.needs_calibration")
        calibrated = r.flag(comp.get("calibrated"), f"{where}.calibrated")
        if comp_id and need and not calibrated:
            needs.append(DocCalibrationNeed(comp_id, where))
        if comp_id:
            scores.append(_score_from_json(r, comp, comp_id, where, need or calibrated))
    return _AssessmentRead(assessed_on, stale, tuple(needs), tuple(scores),
                           assessed_on is not None or bool(scores))


def _event_from_json(r: _Reader, ev: Mapping[str, object], where: str) -> DocEvent:
    when, when_text = r.loose_date(ev.get("date"), f"{where}.date")
    return DocEvent(
        kind=r.text(ev.get("kind"), f"{where}.kind", required=True),
        date=when,
        date_text=when_text,
        where=where,
        minutes=r.integer(ev.get("minutes"), f"{where}.minutes"),
    )


def _first_action_from_json(r: _Reader, value: object) -> tuple[str | None, date | None]:
    """The first action's text and due date: an object {text, due}, or text alone."""
    if isinstance(value, dict):
        return (r.text(value.get("text"), "first_action.text"),
                r.iso_date(value.get("due"), "first_action.due"))
    return r.text(value, "first_action"), None


def _score_from_json(
    r: _Reader, comp: Mapping[str, object], comp_id: str, where: str, handled: bool | None
) -> DocScore:
    """A competency's scores; a 2+ point divergence whose consensus sits on the average of the
    two, with no calibration flagged, was averaged away."""
    self_score = r.number(comp.get("self"), f"{where}.self")
    manager = r.number(comp.get("manager"), f"{where}.manager")
    consensus = r.number(comp.get("consensus"), f"{where}.consensus")
    averaged = (
        not handled
        and self_score is not None
        and manager is not None
        and consensus is not None
        and abs(self_score - manager) >= CALIBRATION_POINTS
        and abs(consensus - (self_score + manager) / 2) <= AVERAGE_TOLERANCE
    )
    return DocScore(comp_id, self_score, manager, consensus, averaged, where)


def _focus_area_from_json(r: _Reader, fa: Mapping[str, object], where: str) -> DocFocusArea:
    competency = r.text(fa.get("competency"), f"{where}.competency", required=True) or "?"
    name = r.text(fa.get("name"), f"{where}.name") or competency
    activities: list[DocActivity] = []

    stretch = r.obj(fa.get("stretch_assignment"), f"{where}.stretch_assignment", required=False)
    if stretch is not None:
        at = f"{where}.stretch_assignment"
        due, _ = r.loose_date(stretch.get("due"), f"{at}.due")
        activities.append(
            DocActivity(
                "stretch",
                r.text(stretch.get("text"), f"{at}.text") or "",
                due,
                r.text(stretch.get("output"), f"{at}.output"),
                None,
                None,
                at,
            )
        )

    learning = r.obj(fa.get("learning_resource"), f"{where}.learning_resource", required=False)
    if learning is not None:
        at = f"{where}.learning_resource"
        title = r.text(learning.get("title"), f"{at}.title") or ""
        scope = r.text(learning.get("scope"), f"{at}.scope")
        text = f"{title} — {scope}" if scope else title
        activities.append(DocActivity("learning", text, None, None, None, None, at))

    feedback = r.obj(fa.get("feedback"), f"{where}.feedback", required=False)
    if feedback is not None:
        at = f"{where}.feedback"
        provider = r.text(feedback.get("provider"), f"{at}.provider")
        interval = r.integer(feedback.get("interval_days"), f"{at}.interval_days")
        activities.append(
            DocActivity("feedback", provider or "", None, None, provider, interval, at)
        )

    coaching = r.obj(fa.get("coaching_touchpoint"), f"{where}.coaching_touchpoint", required=False)
    if coaching is not None:
        at = f"{where}.coaching_touchpoint"
        activities.append(
            DocActivity(
                "coaching",
                r.text(coaching.get("text"), f"{at}.text") or "",
                None,
                None,
                None,
                r.integer(coaching.get("interval_days"), f"{at}.interval_days"),
                at,
            )
        )

    rep = r.text(fa.get("weekly_rep"), f"{where}.weekly_rep")
    if rep:
        activities.append(DocActivity("other", rep, None, None, None, 7, f"{where}.weekly_rep"))

    milestones: list[DocMilestone] = []
    for j, ms in enumerate(r.items(fa.get("milestones"), f"{where}.milestones")):
        at = f"{where}.milestones[{j}]"
        due, due_text = r.loose_date(ms.get("due"), f"{at}.due")
        milestones.append(
            DocMilestone(
                r.text(ms.get("text"), f"{at}.text") or "",
                due,
                due_text,
                r.text(ms.get("threshold"), f"{at}.threshold"),
                at,
            )
        )

    return DocFocusArea(
        name=name,
        rationale=r.text(fa.get("rationale"), f"{where}.rationale"),
        activities=tuple(activities),
        milestones=tuple(milestones),
        where=where,
    )


# --- rung's own Plan object ------------------------------------------------------------------


def plan_doc_from_plan(plan: Plan, source: str = "<plan>") -> PlanDoc:
    """The `PlanDoc` of a plan rung built, so every generated plan can be linted before output.

    Read through the plan's JSON (`rung.core.serialize`), the one mapping of its shape: a plan
    is linted exactly as its `rung.plan/1` file would be, and `where` paths are the JSON's
    (`focus_areas[0].milestones[1]`, `cadence[3]`).
    """
    return plan_doc_from_json(plan_to_dict(plan), source)
