"""The admin's organisation view: counts only, never a person.

An admin configures rung but reads nobody's assessments or plans, so this view answers "how is
development going across the organisation" with aggregates: who has an active plan, which
reviews are overdue, how plans launch. Per-team rows are shown only for teams of at least
`MIN_GROUP` PMs; a smaller team's counts would describe one or two identifiable people, so they
count in the organisation's totals only.

The page is a fixed number of grouped queries whatever the organisation's size. Launch flags
and missed reviews come from each plan's stored health judgement (rung.web.tracking.health),
made by the same rules as the manager's dashboard; only judgements that have lapsed since
(a new fact, a deadline passed) are made again first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection

from rung.core.dates import stale_before
from rung.web.assessments.models import Assessment
from rung.web.people.models import Person, Role
from rung.web.plans.models import Plan
from rung.web.tracking.health import refresh

MIN_GROUP = 3
# Launch health is about the first weeks: plans that went live within this many days.
LAUNCH_WINDOW_DAYS = 30
FLAG_NAMES = {
    "no-first-action": "no visible action by business day 5",
    "activity-not-started": "no activity started by the day-14 check",
    "provider-not-contacted": "feedback provider not contacted",
    "no-self-check": "no self-check in the first two weeks",
}


@dataclass
class Counts:
    pms: int = 0
    active: int = 0
    open_drafts: int = 0  # draft or agreed by one side
    no_assessment: int = 0
    stale: int = 0  # latest assessment older than three months
    overdue: int = 0  # active plans with at least one review not held
    launching: int = 0  # active plans in their first LAUNCH_WINDOW_DAYS
    launch_flagged: int = 0  # of those, with at least one launch flag
    # Organisation totals only: code -> plans (launch flags of launching plans; review kinds)
    launch_flags: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)

    @property
    def no_plan(self) -> int:
        return self.pms - self.active - self.open_drafts

    def percent(self, part: int) -> int:
        return round(100 * part / self.pms) if self.pms else 0

    def add(self, other: Counts) -> None:
        for name in ("pms", "active", "open_drafts", "no_assessment", "stale", "overdue",
                     "launching", "launch_flagged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.launch_flags.update(other.launch_flags)
        self.missed.update(other.missed)


@dataclass(frozen=True)
class TeamRow:
    manager: str
    size: int
    counts: Counts | None  # None: fewer than MIN_GROUP PMs, shown in the totals only


@dataclass(frozen=True)
class OrgOverview:
    today: date
    total: Counts
    teams: tuple[TeamRow, ...]
    managers: int


def _teams(today: date) -> list[tuple[Any, ...]]:
    """Per manager id: PMs, without an assessment, stale, with an active plan, with only a
    draft; and active plans launching, launching with a flag, with a review not held."""
    person, plan = Person._meta.db_table, Plan._meta.db_table
    assessment = Assessment._meta.db_table
    # Pre-aggregated per person and hash-joined: correlated EXISTS per person cost 0.1 s at
    # 5,000 PMs on PostgreSQL.
    sql = f"""
        SELECT p.manager_id, COUNT(*),
               SUM(CASE WHEN a.last IS NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN a.last < %s THEN 1 ELSE 0 END),
               SUM(COALESCE(s.active, 0)),
               SUM(CASE WHEN COALESCE(s.active, 0) = 0 THEN COALESCE(s.open, 0) ELSE 0 END),
               SUM(COALESCE(s.launching, 0)), SUM(COALESCE(s.flagged, 0)),
               SUM(COALESCE(s.overdue, 0))
        FROM {person} p
        LEFT JOIN (SELECT person_id, MAX(assessed_on) AS last FROM {assessment}
                   GROUP BY person_id) a ON a.person_id = p.id
        LEFT JOIN (SELECT person_id,
                          MAX(CASE WHEN status = 'active' THEN 1 ELSE 0 END) AS active,
                          MAX(CASE WHEN status IN ('draft', 'agreed') THEN 1 ELSE 0 END) AS open,
                          SUM(CASE WHEN status = 'active' AND cycle_start >= %s
                                   THEN 1 ELSE 0 END) AS launching,
                          SUM(CASE WHEN status = 'active' AND cycle_start >= %s
                                        AND launch_flags <> '' THEN 1 ELSE 0 END) AS flagged,
                          SUM(CASE WHEN status = 'active' AND missed_reviews <> ''
                                   THEN 1 ELSE 0 END) AS overdue
                   FROM {plan} WHERE status <> 'closed'
                   GROUP BY person_id) s ON s.person_id = p.id
        WHERE p.role = 'pm'
        GROUP BY p.manager_id
    """
    window = today - timedelta(days=LAUNCH_WINDOW_DAYS)
    with connection.cursor() as cursor:
        cursor.execute(sql, [stale_before(today), window, window])
        return list(cursor.fetchall())


def _codes(today: date) -> list[tuple[Any, ...]]:
    """Across the organisation: (launching, launch flags, missed reviews, active plans)."""
    person, plan = Person._meta.db_table, Plan._meta.db_table
    sql = f"""
        SELECT CASE WHEN pl.cycle_start >= %s THEN 1 ELSE 0 END AS launching,
               pl.launch_flags, pl.missed_reviews, COUNT(*)
        FROM {plan} pl JOIN {person} p ON p.id = pl.person_id
        WHERE pl.status = 'active' AND p.role = 'pm'
          AND (pl.launch_flags <> '' OR pl.missed_reviews <> '')
        GROUP BY launching, pl.launch_flags, pl.missed_reviews
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [today - timedelta(days=LAUNCH_WINDOW_DAYS)])
        return list(cursor.fetchall())


def org_overview(*, today: date) -> OrgOverview:
    refresh(today)
    managers = dict(Person.objects.filter(role=Role.MANAGER).values_list("id", "name"))
    teams: dict[int | None, Counts] = {}
    for row in _teams(today):
        manager_id = row[0] if row[0] in managers else None
        c = teams.setdefault(manager_id, Counts())
        values = [v or 0 for v in row[1:]]
        c.pms += values[0]
        c.no_assessment += values[1]
        c.stale += values[2]
        c.active += values[3]
        c.open_drafts += values[4]
        c.launching += values[5]
        c.launch_flagged += values[6]
        c.overdue += values[7]

    total = Counts()
    rows = []
    for manager_id, counts in teams.items():
        total.add(counts)
        name = managers[manager_id] if manager_id is not None else "No manager set"
        rows.append(TeamRow(name, counts.pms, counts if counts.pms >= MIN_GROUP else None))
    rows.sort(key=lambda t: (t.manager == "No manager set", t.manager.casefold()))
    for launching, flags, missed, n in _codes(today):
        if launching and flags:
            for code in flags.split(","):
                total.launch_flags[code] += n
        if missed:
            for kind in missed.split(","):
                total.missed[kind] += n
    return OrgOverview(today=today, total=total, teams=tuple(rows), managers=len(managers))
