"""What is due: the home pages' lists, each item a link to where it is done.

Computed from the rows `people.selectors` reads in one query (a plan's status, agreements,
current document and tracking facts), so a home page costs the same number of queries for one
report or thirty. Pure functions of those facts and today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from rung.core.plan import Plan as CorePlan
from rung.core.tracking.checkins import GRACE_DAYS
from rung.core.tracking.timeline import REVIEW_KINDS
from rung.web.jinja import url
from rung.web.labels import nice_date, relative_day
from rung.web.people.selectors import PlanFacts, ReportRow
from rung.web.tracking.selectors import REVIEW_NAMES

SOON_DAYS = 7  # what falls due within a week is listed; later things wait
Urgency = Literal["overdue", "soon", "later"]


@dataclass(frozen=True)
class Due:
    """One thing to do: what, for whom, by when, and the link that opens where it is done."""

    key: str  # stable, for tests and anchors: "<kind>:<plan or person>"
    text: str
    href: str
    action: str  # the link's words
    when: date | None = None
    urgency: Urgency = "soon"
    detail: str = ""
    mark: str = ""  # a launch step the item can record in one click (tracking:mark kind)
    plan_id: int | None = None

    def when_text(self, today: date) -> str:
        if self.when is None:
            return ""
        return f"{nice_date(self.when, year=False)} ({relative_day(self.when, today)})"


def _urgency(day: date, today: date) -> Urgency:
    if day < today:
        return "overdue"
    return "soon" if (day - today).days <= SOON_DAYS else "later"


def _order(items: list[Due]) -> list[Due]:
    rank = {"overdue": 0, "soon": 1, "later": 2}
    return sorted(items, key=lambda d: (rank[d.urgency], d.when or date.max, d.key))


def open_reviews(core: CorePlan, held: dict[str, int], today: date) -> list[tuple[str, date]]:
    """Review events not held yet (matched by kind and count, as the missed-review rule
    does) whose date is at most a week away, overdue ones included."""
    seen: dict[str, int] = {}
    out: list[tuple[str, date]] = []
    for e in core.cadence:
        if e.kind not in REVIEW_KINDS:
            continue
        seen[e.kind] = seen.get(e.kind, 0) + 1
        if held.get(e.kind, 0) >= seen[e.kind]:
            continue
        if (e.date - today).days <= SOON_DAYS:
            out.append((e.kind, e.date))
    return out


def _review_item(f: PlanFacts, kind: str, day: date, today: date, who: str) -> Due:
    href = url("tracking:review" if kind == "cycle-review" else "tracking:check_in",
               f.plan_id)
    if kind not in ("cycle-review", "monthly-check-in"):
        href += f"?kind={kind}"
    late = (today - day).days > GRACE_DAYS
    return Due(key=f"{kind}:{f.plan_id}:{day.isoformat()}",
               text=f"{REVIEW_NAMES.get(kind, kind).capitalize()} with {who}", href=href,
               action="Record it" if day <= today else "Prepare and record it", when=day,
               urgency="overdue" if late else _urgency(day, today),
               detail="not held yet" if day < today else "", plan_id=f.plan_id)


def manager_due(rows: list[ReportRow], today: date) -> list[Due]:
    """A manager's list: plans waiting for their agreement, calibrations to hold, check-ins
    and reviews due, launch flags, and reports without a plan; one next step per draft."""
    items: list[Due] = []
    for r in rows:
        f = r.facts
        if f is None or f.status == "closed":
            items.append(_no_plan(r))
        elif f.status in ("draft", "agreed"):
            items += _draft(r, f, today)
        elif f.core is not None:
            items += [_review_item(f, kind, day, today, r.name)
                      for kind, day in open_reviews(f.core, f.held, today)]
            items += [Due(key=f"flag:{flag.code}:{f.plan_id}", text=f"{r.name}: {flag.message}",
                          href=url("tracking:plan", f.plan_id), action="See the next step",
                          when=flag.due, urgency="overdue", detail=flag.next_step,
                          plan_id=f.plan_id)
                      for flag in r.flags
                      if not flag.code.startswith("missed-")]  # listed as reviews to record
    return _order(items)


def _no_plan(r: ReportRow) -> Due:
    if r.assessment_id is None:
        return Due(key=f"assess:{r.slug}", text=f"Assess {r.name}",
                   href=url("assessments:new", r.slug), action="Start an assessment",
                   urgency="later")
    return Due(key=f"draft:{r.slug}", text=f"Draft {r.name}'s next plan",
               href=url("plans:generate", r.slug), action="Generate a draft", urgency="later",
               detail=f"assessed {nice_date(r.assessed_on)}")


def _draft(r: ReportRow, f: PlanFacts, today: date) -> list[Due]:
    """A draft's next step for the manager: calibrate first, then agree, then wait."""
    plan_url = url("plans:detail", f.plan_id)
    if f.calibration_due is not None:
        day = f.calibration_due
        return [Due(key=f"calibrate:{f.plan_id}",
                    text=f"Calibrate the scores 2 or more points apart with {r.name}",
                    href=url("assessments:calibrate", f.plan_assessment_id),
                    action="Record the agreed score", when=day, urgency=_urgency(day, today),
                    detail="then rebuild the draft and agree it", plan_id=f.plan_id)]
    if f.manager_agreed_version != f.content_version:
        errors = (f" ({f.lint_errors} lint error{'s' if f.lint_errors != 1 else ''} to fix "
                  "first)") if f.lint_errors else ""
        start = r.cycle_start or today
        return [Due(key=f"agree:{f.plan_id}",
                    text=f"{r.name}'s plan waits for your agreement{errors}",
                    href=f"{plan_url}#agreement", action="Review and agree", when=start,
                    urgency="overdue" if start < today else "soon",
                    detail="the cycle started" if start < today else "the cycle starts",
                    plan_id=f.plan_id)]
    if f.pm_agreed_version != f.content_version:
        return [Due(key=f"waiting:{f.plan_id}", text=f"Waiting for {r.name} to agree the plan",
                    href=f"{plan_url}#agreement", action="Open the plan", urgency="later",
                    plan_id=f.plan_id)]
    return []


def pm_due(row: ReportRow, today: date, *, manager: str = "your manager") -> list[Due]:
    """A PM's list: their self-rating, the plan waiting for them, this week's first action and
    self-check, the next feedback session, the next milestone, check-ins with the manager."""
    f = row.facts
    items: list[Due] = []
    if row.newest_assessment_id is not None and not row.newest_self_rated:
        items.append(Due(key=f"self-rating:{row.newest_assessment_id}",
                         text="Give your self-rating",
                         href=url("assessments:rate", row.newest_assessment_id, "self"),
                         action="Rate yourself", urgency="soon",
                         detail="your manager's scores stay hidden until you do"))
    if f is None:
        return _order(items)
    core = f.core
    plan_url = url("plans:detail", f.plan_id)
    if f.status in ("draft", "agreed") and f.pm_agreed_version != f.content_version:
        start = row.cycle_start or today
        items.append(Due(key=f"agree:{f.plan_id}", text="Your draft plan waits for your "
                         "agreement: shape it with " + manager + ", then agree",
                         href=f"{plan_url}#agreement", action="Open the plan", when=start,
                         urgency="overdue" if start < today else "soon",
                         detail="the cycle started" if start < today else "the cycle starts",
                         plan_id=f.plan_id))
    if f.status != "active" or core is None:
        return _order(items)
    tracking = url("tracking:plan", f.plan_id)
    if f.launch.first_visible_action_on is None:
        due = core.first_action.due
        items.append(Due(key=f"first-action:{f.plan_id}",
                         text=f"This week: {core.first_action.text}",
                         href=f"{plan_url}#first-action", action="Change it", when=due,
                         urgency=_urgency(due, today), mark="first-visible-action",
                         plan_id=f.plan_id))
    week_end = next((e.date for e in core.cadence
                     if e.kind == "weekly-self-check" and e.date >= today), None)
    if week_end is not None and (f.last_self_check is None
                                 or f.last_self_check <= week_end - timedelta(days=7)):
        items.append(Due(key=f"self-check:{f.plan_id}", text="This week's self-check",
                         href=url("tracking:self_check", f.plan_id),
                         action="Do it (5 minutes)", when=week_end,
                         urgency=_urgency(week_end, today), plan_id=f.plan_id))
    names = {fa.competency: fa.name for fa in core.focus_areas}
    session = next((e for e in core.cadence
                    if e.kind == "biweekly-feedback" and e.date >= today), None)
    if session is not None:
        who = ", ".join(p for p in session.participants if p != core.person_name) or "them"
        on = f" on {names[session.competency]}" if session.competency in names else ""
        items.append(Due(key=f"feedback:{f.plan_id}", text=f"Feedback session with {who}{on}",
                         href=f"{tracking}#feedback", action="Invite or remind them",
                         when=session.date, urgency=_urgency(session.date, today),
                         plan_id=f.plan_id))
    upcoming = sorted(((m.due, i, m) for i, fa in enumerate(core.focus_areas)
                       for m in fa.milestones if m.due >= today), key=lambda t: (t[0], t[1]))
    if upcoming:
        day, index, m = upcoming[0]
        items.append(Due(key=f"milestone:{f.plan_id}",
                         text=f"Next milestone ({core.focus_areas[index].name}): {m.text}",
                         href=f"{plan_url}#focus-{index}", action="Open the focus area",
                         when=day, urgency=_urgency(day, today), detail=m.threshold,
                         plan_id=f.plan_id))
    for kind, day in open_reviews(core, f.held, today):
        items.append(_review_item(f, kind, day, today, manager))
    return _order(items)


@dataclass(frozen=True)
class Glance:
    """One focus area as the home page shows it: where to look first."""

    index: int
    name: str
    stretch: str
    stretch_due: date
    next_text: str
    next_due: date | None


def at_a_glance(core: CorePlan | None, today: date) -> list[Glance]:
    if core is None:
        return []
    out = []
    for i, fa in enumerate(core.focus_areas):
        nxt = next((m for m in sorted(fa.milestones, key=lambda m: m.due) if m.due >= today),
                   None)
        out.append(Glance(i, fa.name, fa.stretch_assignment.text, fa.stretch_assignment.due,
                          nxt.text if nxt else "All milestones are past: bring them to the "
                          "review", nxt.due if nxt else None))
    return out
