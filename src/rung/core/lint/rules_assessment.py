"""Rules about the assessment behind the plan (seed 000, step 1).

Assess first; check the assessment's date; and where self and manager scores diverge by two or
more points, hold a 15-minute calibration talk instead of averaging them.
"""

from __future__ import annotations

from collections.abc import Iterator

from rung.core.dates import is_stale
from rung.core.findings import LintFinding
from rung.core.lint.document import CALIBRATION_POINTS, PlanDoc, competency_key
from rung.core.lint.rules import finding


def check_assessment(doc: PlanDoc) -> Iterator[LintFinding]:
    yield from _check_assessment_exists(doc)
    yield from _check_calibration(doc)
    yield from _check_assessment(doc)


def _check_assessment_exists(doc: PlanDoc) -> Iterator[LintFinding]:
    if doc.kind == "coaching-plan":
        return  # rung's non-HR coaching plan keeps the assessment out on purpose
    if doc.assessed_on or doc.scores or doc.assessment_found:
        return
    yield finding(
        "R032",
        "No assessment behind the plan: no scores and no assessment date. Without them the "
        "focus areas are guesses. Add the scores the gaps come from, e.g. a table 'Competency "
        "| Self | Manager | Target' and 'Assessed on 2026-11-02' (or run the assessment first).",
        doc.anchors.assessment,
    )


def _check_calibration(doc: PlanDoc) -> Iterator[LintFinding]:
    scheduled = {competency_key(c) for c in doc.calibration_scheduled}
    averaged = {
        competency_key(s.competency): s
        for s in doc.scores
        if s.averaged
        and (s.divergence or 0) >= CALIBRATION_POINTS
        and competency_key(s.competency) not in scheduled
    }
    for score in averaged.values():
        yield finding(
            "R024",
            f"Self ({_num(score.self_score)}) and manager ({_num(score.manager)}) scores for "
            f"'{score.competency}' are {_num(score.divergence)} points apart and the plan "
            f"averages them ({_num(score.consensus)}): the disagreement is hidden, not "
            "resolved. Book a "
            "15-minute calibration talk, each side bringing one recent example, e.g. "
            "'Calibration: Product strategy, 2026-11-25, 15 min', and use the agreed score.",
            score.where,
        )
    for need in doc.needs_calibration:
        key = competency_key(need.competency)
        if key not in scheduled and key not in averaged:
            yield finding(
                "R009",
                f"Self and manager scores for '{need.competency}' diverge by 2 or more points "
                "and no calibration is scheduled. Book a dated 15-minute calibration talk, each "
                "side bringing one recent example, before prioritising this gap.",
                need.where,
            )


def _num(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def _check_assessment(doc: PlanDoc) -> Iterator[LintFinding]:
    age = None
    stale = doc.stale
    if doc.assessed_on and doc.cycle_start:
        age = (doc.cycle_start - doc.assessed_on).days
        stale = is_stale(doc.assessed_on, doc.cycle_start)  # the engine's rule, not a copy
    if stale:
        how_old = f"is {age} days old at the cycle start" if age is not None else "is stale"
        yield finding(
            "R010",
            f"The assessment {how_old} (more than 3 months). Reassess, or confirm with the "
            "manager that no project or role change has shifted the picture, before relying "
            "on the gaps.",
            doc.anchors.assessment,
        )


