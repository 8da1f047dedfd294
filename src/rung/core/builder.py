"""build_plan: assessment + framework + activity library → a dated 90-day plan.

Every rule of the method is applied here once; the CLI and the web app call this function.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date

from rung.core.activities import ActivityLibrary
from rung.core.assessment import Assessment
from rung.core.cadence import build_cadence, calibration_date, first_action_due, review_date
from rung.core.compose import ContextPool, compose_focus_area
from rung.core.consensus import build_consensus, unrated
from rung.core.dates import NO_HOLIDAYS, age_in_months, cycle_end, is_stale
from rung.core.errors import InputError, Problem
from rung.core.focus import apply_pm_choice, select_focus
from rung.core.framework import Framework, Level
from rung.core.gaps import rank_gaps
from rung.core.plan import (
    Calibration,
    CompetencyConsensus,
    FirstAction,
    FocusArea,
    Gap,
    Plan,
)
from rung.core.targets import target_profile

CALIBRATION_PROMPT = (
    "The PM brings one recent, specific example of {name} that supports their {own:.1f}; the "
    "manager brings one that supports {mgr:.1f}. Agree one score and write down why."
)


def resolve_target(framework: Framework, assessment: Assessment, source: str) -> Level:
    person = assessment.person
    if person.target_level:
        return framework.level(person.target_level)
    if person.level is None:
        return framework.entry_level()
    nxt = framework.next_level(person.level)
    if nxt is None:
        raise InputError([Problem(
            source, "person.target_level",
            f"'{person.level}' is the top level of {framework.id}; set target_level to a "
            "specialization move at the same level (for example the same level id)",
        )])
    return nxt


def build_plan(
    assessment: Assessment,
    framework: Framework,
    library: ActivityLibrary,
    *,
    start: date,
    holidays: frozenset[date] = NO_HOLIDAYS,
    source: str = "<assessment>",
) -> Plan:
    person = assessment.person
    target = resolve_target(framework, assessment, source)
    spec = (framework.specialization(person.specialization)
            if person.specialization and framework.has_specialization(person.specialization)
            else None)
    career_changer = person.level is None
    manager = assessment.manager_name() or "your manager"

    consensus = build_consensus(assessment, framework)
    profile = target_profile(framework, target.id, spec)
    gaps = rank_gaps(framework, consensus, profile, target_title=target.title,
                     foundational_first=career_changer, unrated_as_zero=career_changer)
    selections = select_focus(framework, gaps, foundational_first=career_changer)
    if assessment.pm_choice is not None:
        selections = apply_pm_choice(framework, selections, gaps, assessment.pm_choice,
                                     source=source)

    review = review_date(start, holidays)
    pool = ContextPool.from_context(assessment.context, start, review)
    focus_areas: list[FocusArea] = [
        compose_focus_area(
            competency=framework.competency(sel.gap.competency),
            slot=i,
            rationale=sel.rationale,
            chosen_by=sel.chosen_by,
            library=library,
            context=assessment.context,
            pool=pool,
            start=start,
            review_day=review,
            manager=manager,
            holidays=holidays,
        )
        for i, sel in enumerate(selections)
    ]
    focus_ids = {fa.competency for fa in focus_areas}
    backlog = tuple(g.competency for g in gaps if g.competency not in focus_ids)

    cal_day = calibration_date(start, holidays)
    calibrations = tuple(
        Calibration(c.id, c.name, c.self or 0.0, c.manager or 0.0,
                    CALIBRATION_PROMPT.format(name=c.name, own=c.self or 0.0,
                                              mgr=c.manager or 0.0),
                    cal_day)
        for c in consensus if c.needs_calibration
    )
    cadence = build_cadence(start=start, pm=person.name, manager=manager,
                            focus_areas=focus_areas, calibrations=calibrations,
                            holidays=holidays)
    first_action = _first_action(assessment, focus_areas, start, holidays)
    stale = is_stale(assessment.assessed_on, start)
    current_title = (framework.level(person.level).title if person.level
                     else "Not yet a PM")
    return Plan(
        person_id=person.id,
        person_name=person.name,
        framework_id=framework.id,
        framework_name=framework.name,
        current_level=person.level,
        current_level_title=current_title,
        target_level=target.id,
        target_level_title=target.title,
        specialization=spec.id if spec else None,
        cycle_start=start,
        cycle_end=cycle_end(start),
        assessed_on=assessment.assessed_on,
        stale=stale,
        consensus=consensus,
        gaps=gaps,
        focus_areas=tuple(focus_areas),
        backlog=backlog,
        cadence=cadence,
        first_action=first_action,
        calibration=calibrations,
        notes=_notes(assessment, consensus, gaps, start, stale, career_changer, spec is None
                     and person.specialization is not None),
        manager_name=assessment.manager_name(),
    )


def _first_action(assessment: Assessment, focus_areas: list[FocusArea], start: date,
                  holidays: Container[date]) -> FirstAction:
    due = first_action_due(start, holidays)
    if assessment.first_action:
        return FirstAction(assessment.first_action, due)
    if not focus_areas:
        return FirstAction("Agree one competency to grow this cycle with your manager", due)
    fa = focus_areas[0]
    provider = fa.feedback.provider.split(" (")[0]
    return FirstAction(
        f"Ask {provider} to give you feedback on {fa.name.lower()} and share the outline of "
        f"your stretch work (suggested: replace with the PM's own words)",
        due,
    )


def _notes(assessment: Assessment, consensus: tuple[CompetencyConsensus, ...],
           gaps: tuple[Gap, ...], start: date, stale: bool,
           career_changer: bool, unknown_spec: bool) -> tuple[str, ...]:
    notes = []
    if stale:
        months = age_in_months(assessment.assessed_on, start)
        notes.append(
            f"The assessment of {assessment.assessed_on.isoformat()} is {months} months old at "
            "the cycle start (more than 3): reassess before relying on these gaps."
        )
    if career_changer:
        notes.append(
            "Transition into product management: plan for two 90-day cycles; the first review "
            "decides whether to proceed with the move or extend the development period."
        )
    missing = unrated(consensus)
    if missing and career_changer:
        notes.append(
            "Not rated by anyone, counted as 0 until there is evidence: "
            + ", ".join(c.name for c in missing) + "."
        )
    elif missing:
        notes.append(
            "Not rated by anyone, so left out of the gaps: " + ", ".join(c.name for c in missing)
            + ". Rate them and regenerate before treating this plan as complete."
        )
    if not gaps:
        notes.append("Every competency meets the target profile: discuss the next role or "
                     "a specialization move instead of a gap plan.")
    peers_single = [c.name for c in consensus if c.peer_count == 1]
    if peers_single:
        notes.append("Only one peer rated " + ", ".join(peers_single)
                     + "; ask a second peer before reading much into it.")
    if unknown_spec:
        notes.append("The specialization is not defined in this framework; generalist "
                     "targets were used.")
    return tuple(notes)
