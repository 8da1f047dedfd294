"""Is an assessment complete enough to build a plan from? Every must-have of the person's
target level needs a score from someone (self, manager, a peer or an agreed calibration).

The engine leaves an unrated competency out of a PM's gaps (and counts it as 0 for someone not
yet a PM): either way a plan from a half-rated assessment ranks the wrong focus areas, so the
web app asks for the missing must-haves by name instead of building one.
"""

from __future__ import annotations

from rung.core.builder import resolve_target
from rung.core.errors import InputError, Problem
from rung.core.framework import Framework
from rung.web.assessments.engine import core_assessment
from rung.web.assessments.models import Assessment


def missing_must_haves(assessment: Assessment, framework: Framework) -> list[Problem]:
    """Problems naming the target's must-haves nobody scored (or why the assessment cannot be
    read at all); empty when the plan can be built."""
    source = f"assessment of {assessment.assessed_on.isoformat()}"
    try:
        core = core_assessment(assessment, framework)
        target = resolve_target(framework, core, source)
    except InputError as exc:
        return exc.problems
    scored = {cid for rating in core.ratings for cid in rating.scores} | set(core.calibrated)
    targets = framework.targets.get(target.id, {})
    missing = [c.name for c in framework.competencies
               if (t := targets.get(c.id)) is not None and t.must_have and c.id not in scored]
    if not missing:
        return []
    return [Problem(source, "ratings", (
        f"no score yet for {len(missing)} must-have{'s' if len(missing) > 1 else ''} of "
        f"{target.title}: {', '.join(missing)}; rate {'them' if len(missing) > 1 else 'it'} "
        "(self, manager or a peer) before building the plan"))]
