"""build_plan: assessment + framework + activity library → a dated 90-day plan.

Every rule of the method is applied here once. The CLI, the batch and the web app reach it
through `rung.planning.make_plan`, which loads the library and the holidays and lints the plan.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import date

from rung.core.activities import ActivityLibrary
from rung.core.assessment import Assessment, PmChoice
from rung.core.cadence import build_cadence, calibration_date, first_action_due, review_date
from rung.core.compose import Selected, Setting, compose_focus_areas, is_unnamed
from rung.core.consensus import CALIBRATION_THRESHOLD, build_consensus, unrated
from rung.core.dates import (
    CYCLE_DAYS,
    NO_HOLIDAYS,
    age_in_months,
    cycle_end,
    is_stale,
    require_supported,
)
from rung.core.errors import InputError, Problem
from rung.core.events import kind_label
from rung.core.focus import apply_pm_choice, select_focus
from rung.core.framework import Framework, Level
from rung.core.gaps import rank_gaps
from rung.core.plan import (
    CadenceEvent,
    Calibration,
    CompetencyConsensus,
    FirstAction,
    FocusArea,
    Gap,
    Plan,
    TimeBudget,
)
from rung.core.targets import target_profile

CALIBRATION_PROMPT = (
    "Each brings one recent example: the PM for {own:.1f}, the manager for {mgr:.1f}; agree "
    "one score and note why."
)
MAX_NAMED_IN_NOTE = 3  # a longer list of names in a note is read as noise
PEER_CALIBRATION_PROMPT = (
    "Peers average {peers:.1f}, the PM {own:.1f}: the PM brings a recent example, the "
    "manager asks what peers may see; agree one score and note why."
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
    country: str | None = None,
) -> Plan:
    """`country` names whose public holidays `holidays` holds (None: none were considered)."""
    require_supported(start, source, "start")
    require_supported(assessment.assessed_on, source, "assessed_on")
    person = assessment.person
    target = resolve_target(framework, assessment, source)
    spec = (framework.specialization(person.specialization)
            if person.specialization and framework.has_specialization(person.specialization)
            else None)
    career_changer = person.level is None
    manager = assessment.manager_name() or "your manager"

    consensus = build_consensus(assessment, framework)
    profile = target_profile(framework, target.id, spec)
    evidenced = {cid for cid, notes in assessment.evidence.items() if notes}
    gaps = rank_gaps(framework, consensus, profile, target_title=target.title,
                     foundational_first=career_changer, unrated_as_zero=career_changer,
                     evidenced=evidenced)
    selections = select_focus(framework, gaps, foundational_first=career_changer)
    flags: list[str] = []
    choice = assessment.pm_choice
    if choice is not None:
        selections = apply_pm_choice(framework, selections, gaps, choice, source=source)
        flags += _choice_flags(choice, gaps, target, manager)

    review = review_date(start, holidays)
    setting = Setting(
        framework=framework, library=library, assessment=assessment, consensus=consensus,
        profile=profile, band=framework.band(target.id), specialization=spec.id if spec else None,
        career_changer=career_changer, start=start, review_day=review, manager=manager,
        holidays=holidays,
    )
    focus_areas = compose_focus_areas(
        [
            Selected(framework.competency(sel.gap.competency), sel.gap, sel.rationale,
                     sel.chosen_by,
                     choice.reason if sel.chosen_by == "pm" and choice is not None else None)
            for sel in selections
        ],
        setting,
    )
    focus_ids = {fa.competency for fa in focus_areas}
    backlog = tuple(g.competency for g in gaps if g.competency not in focus_ids)

    cal_day = calibration_date(start, holidays)
    calibrations = tuple(_calibration(c, cal_day) for c in consensus if c.needs_calibration)
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
        focus_areas=focus_areas,
        backlog=backlog,
        cadence=cadence,
        first_action=first_action,
        calibration=calibrations,
        notes=_notes(assessment, consensus, gaps, start, review, stale, career_changer,
                     spec is None and person.specialization is not None, country),
        manager_name=assessment.manager_name(),
        country=country,
        time_budget=time_budget(focus_areas, cadence, start),
        flags=tuple(flags),
    )


def _calibration(c: CompetencyConsensus, day: date) -> Calibration:
    own = c.self or 0.0
    manager_disputes = c.divergence is not None and c.divergence >= CALIBRATION_THRESHOLD
    peers_dispute = (c.peer_divergence is not None
                     and c.peer_divergence >= CALIBRATION_THRESHOLD)
    if manager_disputes:
        prompt = CALIBRATION_PROMPT.format(name=c.name, own=own, mgr=c.manager or 0.0)
        if peers_dispute:
            prompt += f" Peers average {c.peers or 0.0:.1f}."
    else:
        prompt = PEER_CALIBRATION_PROMPT.format(name=c.name, own=own, peers=c.peers or 0.0)
    return Calibration(c.id, c.name, own, c.manager, prompt, day,
                       c.peers if peers_dispute else None)


def _choice_flags(choice: PmChoice, gaps: tuple[Gap, ...], target: Level, manager: str
                  ) -> list[str]:
    by_id = {g.competency: g for g in gaps}
    dropped = by_id.get(choice.replace)
    if dropped is None or not dropped.must_have:
        return []
    return [
        f"For {manager}: the PM swapped out {dropped.name}, a must-have for {target.title}, "
        f"for {by_id[choice.with_].name}. It is their call and stays so; {dropped.name} "
        "waits in the gaps table and should lead the next cycle."
    ]


def time_budget(focus_areas: tuple[FocusArea, ...], cadence: tuple[CadenceEvent, ...],
                start: date) -> TimeBudget:
    weeks = CYCLE_DAYS / 7

    def per_week(kinds: tuple[str, ...]) -> int:
        return round(sum(e.minutes for e in cadence if e.kind in kinds) / weeks)

    return TimeBudget(
        reps=sum(fa.rep_minutes for fa in focus_areas),
        reading=round(sum(fa.learning_resource.minutes for fa in focus_areas) / weeks),
        feedback=per_week(("biweekly-feedback",)),
        self_check=per_week(("weekly-self-check",)),
        check_ins=per_week(("monthly-check-in", "cycle-review", "launch-check",
                            "calibration")),
    )


def _first_action(assessment: Assessment, focus_areas: tuple[FocusArea, ...], start: date,
                  holidays: Container[date]) -> FirstAction:
    due = first_action_due(start, holidays)
    if assessment.first_action:
        return FirstAction(assessment.first_action, due)
    if not focus_areas:
        return FirstAction("Agree one competency to grow this cycle with your manager", due)
    fa = focus_areas[0]
    if is_unnamed(fa.feedback.provider):
        return FirstAction(
            f"Name who gives you feedback on {fa.name.lower()}, book a first session and send "
            "them your stretch outline",
            due,
        )
    provider = fa.feedback.provider.split(" (")[0]
    return FirstAction(
        f"Book a first feedback session with {provider} on {fa.name.lower()} and send the "
        "outline of your stretch work",
        due,
    )


def _notes(assessment: Assessment, consensus: tuple[CompetencyConsensus, ...],
           gaps: tuple[Gap, ...], start: date, review: date, stale: bool,
           career_changer: bool, unknown_spec: bool, country: str | None) -> tuple[str, ...]:
    notes = []
    if stale:
        months = age_in_months(assessment.assessed_on, start)
        notes.append(
            f"Assessed {assessment.assessed_on.isoformat()}, {months} months before the cycle "
            "(more than 3): reassess before relying on these gaps."
        )
    if career_changer:
        notes.append(
            "A move into product management takes two 90-day cycles: this one is at Associate "
            "PM scale (take part, then lead); its review decides whether to move or extend."
        )
    missing = unrated(consensus)
    if missing and career_changer:
        notes.append(
            "Not rated yet, so counted from 0 until there is evidence: "
            + ", ".join(c.name for c in missing) + "."
        )
    elif missing:
        notes.append(
            # "Rated" means by the PM, the manager or two peers: a lone peer's score counts
            # nowhere (rung.core.consensus), so "by anyone" would be wrong for it.
            "Not rated by the PM, the manager or two peers, so left out of the gaps: "
            + ", ".join(c.name for c in missing)
            + ". Rate them and regenerate before treating this plan as complete."
        )
    if not gaps:
        notes.append("Every competency meets the target profile: discuss the next role or "
                     "a specialization move instead of a gap plan.")
    peers_single = [c.name for c in consensus if c.peer_count == 1]
    if peers_single:
        which = (", ".join(peers_single) if len(peers_single) <= MAX_NAMED_IN_NOTE
                 else f"{len(peers_single)} competencies")
        notes.append(f"Only one peer rated {which}; that score counts once a second peer "
                     "rates.")
    if unknown_spec:
        notes.append("The specialization is not defined in this framework; generalist "
                     "targets were used.")
    notes += _event_notes(assessment, start, review)
    if country is None:
        notes.append("Public holidays were not considered: give the person's country "
                     "(`country: GB`) or use --holidays, and check the dates against yours.")
    return tuple(notes)


def _event_notes(assessment: Assessment, start: date, review: date) -> list[str]:
    ahead = [e for e in assessment.context.upcoming if start <= e.date <= review]
    out = []
    inferred = [e for e in ahead if e.kind_inferred]
    if inferred:
        out.append("Event kinds read from their names: "
                   + ", ".join(f"{e.name} → {kind_label(e.kind or '')}" for e in inferred)
                   + "; give `kind` where that is wrong.")
    unknown = [e.name for e in ahead if e.kind is None]
    if unknown:
        out.append("Not used as a deadline because rung cannot tell what kind of event it is: "
                   + ", ".join(unknown) + "; give it a `kind` (launch, business-review, "
                   "planning, …).")
    return out
