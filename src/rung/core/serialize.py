"""Plan → plain dict in the `rung.plan/1` contract (DESIGN.md section 4).

Users' scripts rely on these keys: change them only with a new schema id.
"""

from __future__ import annotations

from typing import Any

from rung.core.plan import SCHEMA_ID, Plan


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    return {
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
                                      "scope": fa.learning_resource.scope},
                "feedback": {"provider": fa.feedback.provider,
                             "interval_days": fa.feedback.interval_days},
                "coaching_touchpoint": {"text": fa.coaching_touchpoint.text,
                                        "interval_days": fa.coaching_touchpoint.interval_days},
                "milestones": [
                    {"text": m.text, "due": m.due.isoformat(), "threshold": m.threshold}
                    for m in fa.milestones
                ],
            }
            for fa in plan.focus_areas
        ],
        "backlog": list(plan.backlog),
        "cadence": [
            {"kind": e.kind, "date": e.date.isoformat(), "minutes": e.minutes,
             "participants": list(e.participants)}
            for e in plan.cadence
        ],
        "first_action": {"text": plan.first_action.text,
                         "due": plan.first_action.due.isoformat()},
        "calibration": [
            {"competency": c.competency, "self": c.self, "manager": c.manager,
             "prompt": c.prompt, "date": c.date.isoformat()}
            for c in plan.calibration
        ],
        "lint": [
            {"code": f.code, "severity": f.severity, "message": f.message, "where": f.where}
            for f in plan.lint
        ],
    }
