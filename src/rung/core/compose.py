"""Write each focus area from the activity library, for this PM.

The library holds content per competency and level band (and specialization); this module
makes it this PM's: an upcoming event becomes a stretch deadline only where that kind of
event is real practice for the competency (best fit first, one event per focus area, two
adjacent focus areas may share one); feedback goes to a named person whose role fits, never
more than two areas per person, or to an explicit "To be named" prompt; an evidence note
becomes what the stretch aims at; a strength at least a point above target becomes a lever;
the PM's reason for a swap becomes part of the work. Each milestone names the stretch's
output: a checkpoint a monthly check-in can look at, then the delivery.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rung.core.activities import ActivityLibrary, ActivitySet, StretchTemplate
from rung.core.assessment import Assessment, FeedbackPerson, UpcomingEvent
from rung.core.dates import cycle_day, nth_business_day, on_or_after, on_or_before
from rung.core.framework import Competency, Framework
from rung.core.lint.rules_vocabulary import is_passive
from rung.core.plan import (
    MAX_FOCUS_MILESTONES,
    TO_BE_NAMED,
    CoachingTouchpoint,
    CompetencyConsensus,
    FeedbackMechanism,
    FocusArea,
    Gap,
    LearningResource,
    Milestone,
    StretchAssignment,
)
from rung.core.targets import TargetEntry

FEEDBACK_INTERVAL_DAYS = 14
COACHING_INTERVAL_DAYS = 30
# Without an event, stretch work is due around day 55, a week apart per focus area: room for
# a checkpoint milestone before the second monthly check-in and feedback after delivery.
DEFAULT_STRETCH_DAY = 55
STRETCH_STAGGER_DAYS = 7
# An event is a stretch deadline only from day 21: three weeks to prepare and a checkpoint.
EARLIEST_EVENT_DAY = 21
CHECKPOINT_LEAD_DAYS = 21  # a checkpoint milestone comes about three weeks before delivery
EVENT_PREP_DAYS = 7  # ... and at least a week before the event it prepares
MIN_MILESTONE_SPACING_DAYS = 10
EARLIEST_CHECKPOINT_DAY = 15
MAX_AREAS_PER_PROVIDER = 2  # biweekly sessions for more than two areas are too much to ask
MAX_AREAS_PER_EVENT = 2
STRENGTH_MARGIN = 1.0  # a point above target is a strength worth leaning on
STRENGTH_FLOOR = 3.0  # ... and proficient in itself: 1.7 against a 0.5 target is no lever
MAX_LEVERS = 1  # one strength to lean on is advice; three is a list
QUOTE_WORDS = 12
UNNAMED_PROVIDER = "the person you name for feedback"


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:  # a template naming an unknown key stays readable
        return "{" + key + "}"


def fill(template: str, values: Mapping[str, str]) -> str:
    return template.format_map(_Missing(values))


def pick_activity_set(
    library: ActivityLibrary,
    competency: Competency,
    slot: int,
    band: str = "senior",
    specialization: str | None = None,
) -> ActivitySet:
    own = library.activity_set(competency.id, band, specialization)
    if own is not None:
        return own
    variants = library.by_quadrant.get(competency.quadrant.key, ())
    if not variants:
        raise KeyError(
            f"no activities for competency '{competency.id}' and no fallback for quadrant "
            f"{competency.quadrant.key}"
        )
    return variants[slot % len(variants)]


def provider_label(person: FeedbackPerson) -> str:
    return f"{person.name} ({person.role})" if person.role else person.name


def is_unnamed(provider: str) -> bool:
    return provider.startswith(TO_BE_NAMED)


@dataclass(frozen=True)
class Selected:
    """A focus area chosen by the ranking, before it is written."""

    competency: Competency
    gap: Gap
    rationale: str
    chosen_by: str  # "rung" | "pm"
    reason: str | None = None  # the PM's words when they chose it


@dataclass(frozen=True)
class Setting:
    """What is the same for every focus area of one plan."""

    framework: Framework
    library: ActivityLibrary
    assessment: Assessment
    consensus: tuple[CompetencyConsensus, ...]
    profile: Mapping[str, TargetEntry]
    band: str
    specialization: str | None
    career_changer: bool
    start: date
    review_day: date
    manager: str
    holidays: Container[date]


def compose_focus_areas(selected: Sequence[Selected], setting: Setting) -> tuple[FocusArea, ...]:
    sets = [
        pick_activity_set(setting.library, s.competency, i, setting.band, setting.specialization)
        for i, s in enumerate(selected)
    ]
    events = _assign_events(selected, sets, setting)
    providers = _assign_providers(selected, sets, setting.assessment.context.feedback_people)
    levers = _assign_levers(selected, setting)
    used_titles: set[str] = set()
    out = []
    for i, (sel, aset) in enumerate(zip(selected, sets, strict=True)):
        event, shared_with = events.get(i, (None, None))
        out.append(_focus_area(i, sel, aset, event, shared_with, providers[i], levers.get(i),
                               used_titles, setting))
    return tuple(out)


# --- events ----------------------------------------------------------------------------------


def usable_events(upcoming: Sequence[UpcomingEvent], start: date, last_day: date
                  ) -> list[UpcomingEvent]:
    earliest = cycle_day(start, EARLIEST_EVENT_DAY)
    return sorted((e for e in upcoming if e.kind and earliest <= e.date <= last_day),
                  key=lambda e: (e.date, e.name))


def event_template(aset: ActivitySet, event: UpcomingEvent, last_day: date,
                   available: Container[str] = ("product_area",)
                   ) -> tuple[tuple[int, int], StretchTemplate] | None:
    """The set's best stretch template for this event with how well it fits (lower is
    better), or None: the kind must be one the template practises, and a follow-up (a readout
    after a launch) must still fall inside the cycle."""
    best: tuple[tuple[int, int], StretchTemplate] | None = None
    for t_index, t in enumerate(aset.stretch):
        if (event.kind in t.events and all(r in available for r in t.requires)
                and event.date + timedelta(days=t.follow_up_days) <= last_day):
            fit = (t.events.index(event.kind or ""), t_index)
            if best is None or fit < best[0]:
                best = (fit, t)
    return best


def _assign_events(selected: Sequence[Selected], sets: Sequence[ActivitySet], setting: Setting
                   ) -> dict[int, tuple[UpcomingEvent, str | None]]:
    """Best fits first, each event to one focus area; a second, adjacent area may share it."""
    if setting.career_changer:
        return {}  # a first cycle in the role works at the scaffold's scale, not a real event
    events = usable_events(setting.assessment.context.upcoming, setting.start,
                           setting.review_day)
    available = {"product_area"} if setting.assessment.context.product_area else set()
    options = sorted((
        ((found[0], i, e.date, e.name), e)
        for i, aset in enumerate(sets)
        for e in events
        if (found := event_template(aset, e, setting.review_day, available)) is not None
    ), key=lambda option: option[0])  # two events of one name and day must not compare
    taken: dict[int, tuple[UpcomingEvent, str | None]] = {}
    users: dict[str, list[int]] = {}
    for (_fit, i, _d, name), event in options:
        if i not in taken and name not in users:
            taken[i] = (event, None)
            users[name] = [i]
    for (_fit, i, _d, name), event in options:
        if i in taken or len(users.get(name, [])) >= MAX_AREAS_PER_EVENT:
            continue
        owner = users[name][0]
        if selected[owner].competency.quadrant == selected[i].competency.quadrant:
            taken[i] = (event, selected[owner].competency.id)
            users[name].append(i)
    return taken


# --- people ----------------------------------------------------------------------------------


def _fit(person: FeedbackPerson, competency: str, aset: ActivitySet) -> int:
    if person.competencies:
        return 3 if competency in person.competencies else 0
    if person.role:
        role = person.role.lower()
        return 2 if any(_has_word(role, word) for word in aset.observer.roles) else 0
    return 1  # named without a role: the PM listed them for anything


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(word)}", text) is not None


def _assign_providers(selected: Sequence[Selected], sets: Sequence[ActivitySet],
                      people: Sequence[FeedbackPerson]) -> list[FeedbackPerson | None]:
    load: dict[str, int] = {}
    out: list[FeedbackPerson | None] = []
    for sel, aset in zip(selected, sets, strict=True):
        ranked = sorted(
            ((_fit(p, sel.competency.id, aset), -load.get(p.name, 0), -n, p)
             for n, p in enumerate(people)),
            key=lambda r: r[:3], reverse=True,
        )
        pick = next((p for fit, neg_load, _n, p in ranked
                     if fit > 0 and -neg_load < MAX_AREAS_PER_PROVIDER), None)
        if pick is not None:
            load[pick.name] = load.get(pick.name, 0) + 1
        out.append(pick)
    return out


# --- strengths -------------------------------------------------------------------------------


def strengths(consensus: Sequence[CompetencyConsensus], profile: Mapping[str, TargetEntry]
              ) -> list[CompetencyConsensus]:
    """Agreed scores at least a point above their target, strongest first."""
    found = [c for c in consensus
             if c.consensus is not None and c.id in profile and c.consensus >= STRENGTH_FLOOR
             and c.consensus - profile[c.id].score >= STRENGTH_MARGIN]
    return sorted(found, key=lambda c: -(c.consensus or 0.0))


def _assign_levers(selected: Sequence[Selected], setting: Setting) -> dict[int, str]:
    fw, library = setting.framework, setting.library
    pool = [c for c in strengths(setting.consensus, setting.profile)
            if (aset := library.activity_set(c.id, setting.band, setting.specialization))
            and aset.lever]
    out: dict[int, str] = {}
    for i, sel in enumerate(selected):
        if len(out) >= MAX_LEVERS:
            break
        best: tuple[int, CompetencyConsensus] | None = None
        for c in pool:
            strength = fw.competency(c.id)
            closeness = (3 if sel.competency.id in strength.unlocks
                         else strength.quadrant.adjacency(sel.competency.quadrant))
            if closeness and (best is None or closeness > best[0]):
                best = (closeness, c)
        if best is None:
            continue
        c = best[1]
        pool.remove(c)
        aset = library.activity_set(c.id, setting.band, setting.specialization)
        lever = aset.lever if aset else ""
        out[i] = f"your strength in {c.name} ({c.consensus:.1f}): {lever}."
    return out


# --- one focus area --------------------------------------------------------------------------


def _choose_stretch(aset: ActivitySet, event: UpcomingEvent | None, available: set[str],
                    setting: Setting) -> StretchTemplate:
    if setting.career_changer and aset.scaffold is not None:
        return aset.scaffold
    if event is not None:
        found = event_template(aset, event, setting.review_day, available)
        if found is not None:
            return found[1]
    usable = [t for t in aset.stretch if not t.events and set(t.requires) <= available]
    # Templates are written best first; with a product area, the one that names it reads as
    # this PM's own work.
    return next((t for t in usable if t.requires), usable[0])


def quote(text: str, words: int = QUOTE_WORDS) -> str:
    parts = text.strip().rstrip(".").split()
    short = " ".join(parts[:words]) + ("…" if len(parts) > words else "")
    return f"“{short}”"


def _focus_area(
    slot: int,
    sel: Selected,
    aset: ActivitySet,
    event: UpcomingEvent | None,
    shared_with: str | None,
    person: FeedbackPerson | None,
    lever: str | None,
    used_titles: set[str],
    setting: Setting,
) -> FocusArea:
    context = setting.assessment.context
    competency = sel.competency
    provider = provider_label(person) if person else TO_BE_NAMED + aset.observer.prompt
    values = {"competency": competency.name, "manager": setting.manager,
              "provider": person.name if person else UNNAMED_PROVIDER}
    available = {"competency", "provider", "manager"}
    if context.product_area:
        available.add("product_area")
        values["product_area"] = context.product_area
    template = _choose_stretch(aset, event, available, setting)
    event_day: date | None = None
    if event is not None and event.kind in template.events:
        # Templates write "the {event}"; a name given as "the X" must not read "the the X".
        values["event"] = re.sub(r"^the\s+", "", event.name, flags=re.IGNORECASE)
        event_day = event.date
        due = on_or_before(event.date + timedelta(days=template.follow_up_days),
                           setting.holidays)
    else:
        shared_with = None
        due = nth_business_day(
            cycle_day(setting.start, DEFAULT_STRETCH_DAY + STRETCH_STAGGER_DAYS * slot), 1,
            setting.holidays,
        )
    due = min(due, setting.review_day)
    text = fill(template.text, values).rstrip(".")
    # The PM's reason leads the work in their own words, unless those words would make the
    # stretch read as learning rather than real work (then the rationale carries them).
    if sel.reason and not is_passive(sel.reason):
        text = f"{_sentence_start(sel.reason)}, as you proposed: {_lower_first(text)}"
    text += "."
    evidence = setting.assessment.evidence.get(competency.id, ())
    stretch = StretchAssignment(text, due, fill(template.output, values))
    artifact = template.artifact or "stretch work"
    # The learning resource follows the work chosen (templates and resources are both written
    # best first), skipping one another focus area already reads.
    offset = aset.stretch.index(template) if template in aset.stretch else 0
    ordered = aset.learning[offset % len(aset.learning):] + aset.learning[
        :offset % len(aset.learning)]
    learning = next((t for t in ordered if t.title not in used_titles), ordered[0])
    reps = ((aset.weekly_rep, aset.rep_minutes), *aset.more_reps)
    rep, rep_minutes = reps[offset % len(reps)]
    used_titles.add(learning.title)
    return FocusArea(
        competency=competency.id,
        name=competency.name,
        rationale=sel.rationale,
        chosen_by="pm" if sel.chosen_by == "pm" else "rung",
        stretch_assignment=stretch,
        learning_resource=LearningResource(fill(learning.title, values),
                                           fill(learning.scope, values), learning.minutes),
        feedback=FeedbackMechanism(provider, FEEDBACK_INTERVAL_DAYS, fill(artifact, values)),
        coaching_touchpoint=CoachingTouchpoint(
            _coaching(fill(aset.coaching, values), fill(artifact, values)),
            COACHING_INTERVAL_DAYS),
        milestones=_with_evidence(_milestones(template, values, due, event_day, setting),
                                  quote(evidence[0]) if evidence else None),
        weekly_rep=fill(rep, values),
        bloom_target=aset.bloom_target,
        rep_minutes=rep_minutes,
        event=event.name if event_day is not None and event is not None else None,
        event_date=event_day,
        shared_with=shared_with,
        lever=lever,
    )


def _with_evidence(milestones: tuple[Milestone, ...], evidence: str | None
                   ) -> tuple[Milestone, ...]:
    """The documented problem becomes part of the delivery's bar: the result is checked against
    what the evidence says (whichever way it points)."""
    if not evidence or not milestones:
        return milestones
    *before, last = milestones
    bar = f"{last.threshold.rstrip('.')}, checked against the evidence {evidence}"
    return (*before, Milestone(last.text, last.due, bar))


def _coaching(prompt: str, artifact: str) -> str:
    """The monthly conversation looks at the work itself: the artifact as it stands."""
    prompt = prompt.strip()
    if not prompt.endswith((".", "?", "!")):
        prompt += "."
    return f"{prompt} Bring the {artifact}."


def _sentence_start(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    # Keep acronyms and names as written: only a capitalised ordinary word is lowered.
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower():
        return text[:1].lower() + text[1:]
    return text


def _milestones(template: StretchTemplate, values: Mapping[str, str], delivery: date,
                event_day: date | None, setting: Setting) -> tuple[Milestone, ...]:
    """A checkpoint about three weeks before the delivery (and a week before its event at the
    latest: it prepares the event), when there is room; then the delivery with the stretch."""
    templates = template.milestones[:MAX_FOCUS_MILESTONES]
    if not templates:
        return ()
    dates: list[date | None] = [delivery]
    if len(templates) == 2:
        lead = delivery - timedelta(days=CHECKPOINT_LEAD_DAYS)
        if event_day is not None:
            lead = min(lead, event_day - timedelta(days=EVENT_PREP_DAYS))
        # Not in the first two weeks (nothing to show yet), and not crowding the delivery.
        lead = max(lead, cycle_day(setting.start, EARLIEST_CHECKPOINT_DAY))
        checkpoint = on_or_after(lead, setting.holidays)
        roomy = (delivery - checkpoint).days >= MIN_MILESTONE_SPACING_DAYS
        dates = [checkpoint if roomy else None, delivery]
    out = []
    for t, due in zip(templates, dates, strict=True):
        if due is None:
            continue
        text = f"{fill(t.action, values)} {fill(t.context, values)}".strip()
        out.append(Milestone(text, due, fill(t.threshold, values)))
    return tuple(out)
