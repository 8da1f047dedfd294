"""Plan ⇄ plain data in the `rung.plan/1` contract (DESIGN.md section 4): the one mapping of
the plan's shape, typed.

`PlanJSON` and the TypedDicts under it are the contract, key by key: `plan_to_dict` writes it,
`plan_from_dict` reads it back, the linter reads a plan through it (`rung.core.lint.document`)
and the web app edits stored plans as it, so mypy checks every key on every one of those paths.
Users' scripts rely on the contract's keys: change them only with a new schema id. Keys beyond
the contract (names, titles, reasons, notes) are additive and make the round trip lossless, so a
stored or edited plan can be rendered again in every format; `NotRequired` marks the keys plans
written by earlier versions may lack, which reading fills in.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NotRequired, TypedDict, cast

from rung.core.findings import LintFinding, Severity
from rung.core.plan import (
    SCHEMA_ID,
    CadenceEvent,
    CadenceKind,
    Calibration,
    CoachingTouchpoint,
    CompetencyConsensus,
    FeedbackMechanism,
    FirstAction,
    FocusArea,
    Gap,
    LearningResource,
    Milestone,
    Plan,
    PlanStatus,
    Rating3,
    StretchAssignment,
    Tier,
    TimeBudget,
)

Iso = str  # a date as YYYY-MM-DD


class PersonJSON(TypedDict):
    id: str
    name: str
    specialization: str | None
    manager: NotRequired[str | None]


class CycleJSON(TypedDict):
    start: Iso
    end: Iso


class CompetencyJSON(TypedDict):
    id: str
    self: float | None
    manager: float | None
    peers: float | None
    consensus: float | None
    divergence: float | None
    needs_calibration: bool
    name: NotRequired[str]
    peer_count: NotRequired[int]
    calibrated: NotRequired[bool]
    working: NotRequired[float]
    peer_divergence: NotRequired[float | None]


class AssessmentJSON(TypedDict):
    assessed_on: Iso
    stale: bool
    competencies: list[CompetencyJSON]


class GapJSON(TypedDict):
    competency: str
    current: float
    target: float
    gap: float
    magnitude: Rating3
    criticality: Rating3
    leverage: Rating3
    must_have: bool
    quadrant: str
    tier: Tier
    name: NotRequired[str]
    blind_spot: NotRequired[bool]
    reasons: NotRequired[list[str]]
    visible: NotRequired[bool]


class StretchJSON(TypedDict):
    text: str
    due: Iso
    output: str


class LearningJSON(TypedDict):
    title: str
    scope: str
    minutes: NotRequired[int]


class FeedbackJSON(TypedDict):
    provider: str
    interval_days: int
    on: NotRequired[str]


class CoachingJSON(TypedDict):
    text: str
    interval_days: int


class MilestoneJSON(TypedDict):
    text: str
    due: Iso
    threshold: str


class FocusAreaJSON(TypedDict):
    competency: str
    name: NotRequired[str]
    rationale: str
    chosen_by: NotRequired[Literal["rung", "pm"]]
    stretch_assignment: StretchJSON
    learning_resource: LearningJSON
    feedback: FeedbackJSON
    coaching_touchpoint: CoachingJSON
    milestones: list[MilestoneJSON]
    weekly_rep: NotRequired[str]
    bloom_target: NotRequired[str]
    rep_minutes: NotRequired[int]
    event: NotRequired[str | None]
    event_date: NotRequired[Iso | None]
    shared_with: NotRequired[str | None]
    lever: NotRequired[str | None]


class CadenceJSON(TypedDict):
    kind: CadenceKind
    date: Iso
    minutes: int
    participants: list[str]
    title: NotRequired[str]
    competency: NotRequired[str | None]


class FirstActionJSON(TypedDict):
    text: str
    due: Iso


class CalibrationJSON(TypedDict):
    competency: str
    self: float
    manager: float | None
    prompt: str
    date: Iso
    name: NotRequired[str]
    peers: NotRequired[float | None]


class TimeBudgetJSON(TypedDict):
    total: int  # written for readers; reading adds the parts up again
    reps: int
    reading: int
    feedback: int
    self_check: int
    check_ins: int


class FindingJSON(TypedDict):
    code: str
    severity: Severity
    message: str
    where: str


class PlanJSON(TypedDict):
    """A plan file: what `plan_to_dict` writes (key order included) and `plan_from_dict` reads."""

    schema: str
    person: PersonJSON
    framework: str
    current_level: str | None
    target_level: str
    cycle: CycleJSON
    assessment: AssessmentJSON
    gaps: list[GapJSON]
    focus_areas: list[FocusAreaJSON]
    backlog: list[str]
    cadence: list[CadenceJSON]
    first_action: FirstActionJSON
    calibration: list[CalibrationJSON]
    notes: NotRequired[list[str]]
    label: NotRequired[str | None]  # written for readers, derived again on reading
    flags: NotRequired[list[str]]
    country: NotRequired[str | None]
    time_budget: NotRequired[TimeBudgetJSON | None]
    framework_name: NotRequired[str]
    current_level_title: NotRequired[str]
    target_level_title: NotRequired[str]
    status: NotRequired[str]  # a PlanStatus; the web app writes its own Status choices
    lint: NotRequired[list[FindingJSON]]
    recorded: NotRequired[bool]  # only present (true) for a cycle written down afterwards


def plan_to_dict(plan: Plan) -> PlanJSON:
    data: PlanJSON = {
        "schema": SCHEMA_ID,
        "person": {"id": plan.person_id, "name": plan.person_name,
                   "specialization": plan.specialization, "manager": plan.manager_name},
        "framework": plan.framework_id,
        "current_level": plan.current_level,
        "target_level": plan.target_level,
        "cycle": {"start": plan.cycle_start.isoformat(), "end": plan.cycle_end.isoformat()},
        "assessment": {
            "assessed_on": plan.assessed_on.isoformat(),
            "stale": plan.stale,
            "competencies": [
                {
                    "id": c.id,
                    "self": c.self,
                    "manager": c.manager,
                    "peers": c.peers,
                    "consensus": c.consensus,
                    "divergence": c.divergence,
                    "needs_calibration": c.needs_calibration,
                    "name": c.name,
                    "peer_count": c.peer_count,
                    "calibrated": c.calibrated,
                    "working": c.working,
                    "peer_divergence": c.peer_divergence,
                }
                for c in plan.consensus
            ],
        },
        "gaps": [
            {
                "competency": g.competency,
                "current": g.current,
                "target": g.target,
                "gap": g.gap,
                "magnitude": g.magnitude,
                "criticality": g.criticality,
                "leverage": g.leverage,
                "must_have": g.must_have,
                "quadrant": g.quadrant,
                "tier": g.tier,
                "name": g.name,
                "blind_spot": g.blind_spot,
                "reasons": list(g.reasons),
                "visible": g.visible,
            }
            for g in plan.gaps
        ],
        "focus_areas": [
            {
                "competency": fa.competency,
                "name": fa.name,
                "rationale": fa.rationale,
                "chosen_by": fa.chosen_by,
                "stretch_assignment": {
                    "text": fa.stretch_assignment.text,
                    "due": fa.stretch_assignment.due.isoformat(),
                    "output": fa.stretch_assignment.output,
                },
                "learning_resource": {"title": fa.learning_resource.title,
                                      "scope": fa.learning_resource.scope,
                                      "minutes": fa.learning_resource.minutes},
                "feedback": {"provider": fa.feedback.provider,
                             "interval_days": fa.feedback.interval_days,
                             "on": fa.feedback.on},
                "coaching_touchpoint": {"text": fa.coaching_touchpoint.text,
                                        "interval_days": fa.coaching_touchpoint.interval_days},
                "milestones": [
                    {"text": m.text, "due": m.due.isoformat(), "threshold": m.threshold}
                    for m in fa.milestones
                ],
                "weekly_rep": fa.weekly_rep,
                "bloom_target": fa.bloom_target,
                "rep_minutes": fa.rep_minutes,
                "event": fa.event,
                "event_date": fa.event_date.isoformat() if fa.event_date else None,
                "shared_with": fa.shared_with,
                "lever": fa.lever,
            }
            for fa in plan.focus_areas
        ],
        "backlog": list(plan.backlog),
        "cadence": [
            {"kind": e.kind, "date": e.date.isoformat(), "minutes": e.minutes,
             "participants": list(e.participants), "title": e.title,
             "competency": e.competency}
            for e in plan.cadence
        ],
        "first_action": {"text": plan.first_action.text,
                         "due": plan.first_action.due.isoformat()},
        "calibration": [
            {"competency": c.competency, "self": c.self, "manager": c.manager,
             "prompt": c.prompt, "date": c.date.isoformat(), "name": c.name, "peers": c.peers}
            for c in plan.calibration
        ],
        "notes": list(plan.notes),
        "label": plan.label,
        "flags": list(plan.flags),
        "country": plan.country,
        "time_budget": _budget_to_dict(plan.time_budget),
        "framework_name": plan.framework_name,
        "current_level_title": plan.current_level_title,
        "target_level_title": plan.target_level_title,
        "status": plan.status,
        "lint": [
            {"code": f.code, "severity": f.severity, "message": f.message, "where": f.where}
            for f in plan.lint
        ],
    }
    if plan.recorded:  # additive and only when set: every other plan's JSON stays the same
        data["recorded"] = True
    return data


def _budget_to_dict(budget: TimeBudget | None) -> TimeBudgetJSON | None:
    if budget is None:
        return None
    return {"total": budget.total, "reps": budget.reps, "reading": budget.reading,
            "feedback": budget.feedback, "self_check": budget.self_check,
            "check_ins": budget.check_ins}


def _budget_from_dict(d: TimeBudgetJSON | None) -> TimeBudget | None:
    if not d:
        return None
    return TimeBudget(int(d["reps"]), int(d["reading"]), int(d["feedback"]),
                      int(d["self_check"]), int(d["check_ins"]))


def _d(text: str) -> date:
    return date.fromisoformat(text)


def plan_from_dict(d: PlanJSON) -> Plan:
    """The inverse of `plan_to_dict` for plans rung wrote (raises KeyError/ValueError otherwise)."""
    person = d["person"]
    names = {c["id"]: c.get("name", c["id"]) for c in d["assessment"]["competencies"]}
    return Plan(
        person_id=person["id"],
        person_name=person["name"],
        framework_id=d["framework"],
        framework_name=d.get("framework_name", d["framework"]),
        current_level=d["current_level"],
        current_level_title=d.get("current_level_title", d["current_level"] or ""),
        target_level=d["target_level"],
        target_level_title=d.get("target_level_title", d["target_level"]),
        specialization=person.get("specialization"),
        cycle_start=_d(d["cycle"]["start"]),
        cycle_end=_d(d["cycle"]["end"]),
        assessed_on=_d(d["assessment"]["assessed_on"]),
        stale=bool(d["assessment"]["stale"]),
        consensus=tuple(
            CompetencyConsensus(
                id=c["id"], name=c.get("name", c["id"]), self=c["self"], manager=c["manager"],
                peers=c["peers"], peer_count=c.get("peer_count", 0), consensus=c["consensus"],
                divergence=c["divergence"], needs_calibration=c["needs_calibration"],
                calibrated=c.get("calibrated", False),
                working=c.get("working", c["consensus"] or 0.0),
                peer_divergence=c.get("peer_divergence"),
            )
            for c in d["assessment"]["competencies"]
        ),
        gaps=tuple(
            Gap(
                competency=g["competency"], name=g.get("name", names.get(g["competency"], "")),
                current=g["current"], target=g["target"], gap=g["gap"],
                magnitude=g["magnitude"], criticality=g["criticality"], leverage=g["leverage"],
                must_have=g["must_have"], quadrant=g["quadrant"], tier=g["tier"],
                blind_spot=g.get("blind_spot", False), reasons=tuple(g.get("reasons", ())),
                visible=g.get("visible", False),
            )
            for g in d["gaps"]
        ),
        focus_areas=tuple(
            FocusArea(
                competency=fa["competency"],
                name=fa.get("name", names.get(fa["competency"], fa["competency"])),
                rationale=fa["rationale"],
                chosen_by=fa.get("chosen_by", "rung"),
                stretch_assignment=StretchAssignment(
                    fa["stretch_assignment"]["text"], _d(fa["stretch_assignment"]["due"]),
                    fa["stretch_assignment"]["output"]),
                learning_resource=LearningResource(
                    fa["learning_resource"]["title"], fa["learning_resource"]["scope"],
                    int(fa["learning_resource"].get("minutes", 0))),
                feedback=FeedbackMechanism(fa["feedback"]["provider"],
                                           int(fa["feedback"]["interval_days"]),
                                           fa["feedback"].get("on", "")),
                coaching_touchpoint=CoachingTouchpoint(
                    fa["coaching_touchpoint"]["text"],
                    int(fa["coaching_touchpoint"]["interval_days"])),
                milestones=tuple(Milestone(m["text"], _d(m["due"]), m["threshold"])
                                 for m in fa["milestones"]),
                weekly_rep=fa.get("weekly_rep", ""),
                bloom_target=fa.get("bloom_target", "apply"),
                rep_minutes=int(fa.get("rep_minutes", 0)),
                event=fa.get("event"),
                event_date=_d(day) if (day := fa.get("event_date")) else None,
                shared_with=fa.get("shared_with"),
                lever=fa.get("lever"),
            )
            for fa in d["focus_areas"]
        ),
        backlog=tuple(d["backlog"]),
        cadence=tuple(
            CadenceEvent(e["kind"], _d(e["date"]), int(e["minutes"]), tuple(e["participants"]),
                         e.get("title", e["kind"]), e.get("competency"))
            for e in d["cadence"]
        ),
        first_action=FirstAction(d["first_action"]["text"], _d(d["first_action"]["due"])),
        calibration=tuple(
            Calibration(c["competency"], c.get("name", names.get(c["competency"], "")),
                        c["self"], c["manager"], c["prompt"], _d(c["date"]), c.get("peers"))
            for c in d["calibration"]
        ),
        notes=tuple(d.get("notes", ())),
        manager_name=person.get("manager"),
        lint=tuple(LintFinding(f["code"], f["severity"], f["message"], f["where"])
                   for f in d.get("lint", ())),
        status=cast(PlanStatus, d.get("status", "draft")),
        recorded=bool(d.get("recorded", False)),
        country=d.get("country"),
        time_budget=_budget_from_dict(d.get("time_budget")),
        flags=tuple(d.get("flags", ())),
    )
