"""Reads of people, and the privacy rule every other read builds on.

A PM sees their own data; a manager sees the data of their direct reports; an admin manages
configuration (people, roles, frameworks) but reads nobody's assessments or plans. Anything
else is "not found": outsiders cannot even learn that a person or plan exists.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from rung.web.audit.models import AuditEntry, Event
from rung.web.people.models import Person, Role

Relation = Literal["self", "manager"]
BOTH: tuple[Relation, ...] = ("self", "manager")
SELF: tuple[Relation, ...] = ("self",)
MANAGER: tuple[Relation, ...] = ("manager",)
AnyUser = User | AnonymousUser


def person_of(user: AnyUser) -> Person | None:
    """The Person record of a logged-in user, or None.

    PersonBackend loads it together with the user; otherwise this is one query, remembered on
    the user object for the rest of the request.
    """
    if not user.is_authenticated:
        return None
    cache = user.__dict__
    if "_rung_person" not in cache:
        try:
            cache["_rung_person"] = user.person
        except Person.DoesNotExist:
            cache["_rung_person"] = None
    found = cache["_rung_person"]
    return found if isinstance(found, Person) else None


def role_of(user: AnyUser) -> str | None:
    me = person_of(user)
    return me.role if me else None


def scope(user: AnyUser, prefix: str = "", as_: Collection[Relation] = BOTH) -> Q:
    """The Q that keeps rows of people `user` may see, as `as_` (self, manager or both).

    `prefix` is the path from the queried model to its Person ("person__" for plans).
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    q = Q(pk__in=[])
    if "self" in as_:
        q |= Q(**{f"{prefix}user_id": user.pk})
    if "manager" in as_:
        q |= Q(**{f"{prefix}manager__user_id": user.pk, f"{prefix}manager__role": Role.MANAGER})
    return q


def relation_to(user: AnyUser, person: Person) -> Relation:
    """How `user` relates to a person a privacy helper already let through."""
    return "self" if person.user_id == user.pk else "manager"


def get_person_for_user(user: AnyUser, slug: str, *, as_: Collection[Relation] = BOTH) -> Person:
    """The person `slug` if `user` is that person or their manager (as allowed); else 404."""
    person = (
        Person.objects.select_related("manager", "user")
        .filter(scope(user, "", as_), slug=slug)
        .first()
    )
    if person is None:
        raise Http404("No such person")
    return person


def get_admin_for_user(user: AnyUser) -> Person:
    """The admin's own record; 404 for everybody else (admin pages do not exist for them)."""
    me = person_of(user)
    if me is None or me.role != Role.ADMIN:
        raise Http404("Not found")
    return me


def get_person_for_admin(user: AnyUser, slug: str) -> Person:
    get_admin_for_user(user)
    person = Person.objects.select_related("user", "manager").filter(slug=slug).first()
    if person is None:
        raise Http404("No such person")
    return person


def get_manager_for_user(user: AnyUser) -> Person:
    me = person_of(user)
    if me is None or me.role != Role.MANAGER:
        raise Http404("Not found")
    return me


@dataclass(frozen=True)
class ReportRow:
    """One line of a manager's dashboard: plain values, no model instances."""

    slug: str
    name: str
    level: str
    target_level: str
    assessment_id: int | None
    assessed_on: date | None
    plan_id: int | None
    plan_status: str
    plan_version: int
    cycle_start: date | None
    cycle_end: date | None
    lint_errors: int
    lint_warnings: int
    flags: tuple[Any, ...] = ()  # launch health and missed reviews of an active plan
    framework: str = ""
    newest_assessment_id: int | None = None  # with or without ratings yet
    newest_self_rated: bool = False
    # What is due (rung.web.tracking.due): the facts of the latest plan and assessment.
    facts: PlanFacts | None = None


@dataclass(frozen=True)
class PlanFacts:
    """A person's latest plan as the home pages need it, read in the same query as the row."""

    plan_id: int
    status: str
    content_version: int
    pm_agreed_version: int | None
    manager_agreed_version: int | None
    plan_assessment_id: int
    lint_errors: int
    core: Any  # the current version as a core Plan (active plans only; else None)
    calibration_due: date | None  # a draft's calibration talk (from the plan's timeline)
    launch: Any  # LaunchFacts
    held: dict[str, int]  # review kind → times held
    last_self_check: date | None


def reports_of(manager: Person, today: date | None = None) -> list[ReportRow]:
    """A manager's direct reports with their latest plan and assessment: one query.

    Plain SQL (portable between SQLite and PostgreSQL): the dashboard is the page a manager
    opens most, and the ORM's per-query cost was most of its time. The same query brings an
    open or active plan's current document and its tracking facts, for the launch-health flags
    and what is due.
    """
    return _rows("p.manager_id = %s", [manager.pk], today)


def home_row_of(person: Person, today: date | None = None) -> ReportRow:
    """The same row for one person (their own home page): one query."""
    return _rows("p.id = %s", [person.pk], today)[0]


def _rows(where: str, params: list[Any], today: date | None) -> list[ReportRow]:
    from django.utils import timezone

    from rung.core.tracking.launch import LaunchFacts
    from rung.web.assessments.models import Assessment, Rating
    from rung.web.plans.models import Plan, PlanVersion
    from rung.web.tracking.models import CheckInRecord, CycleReview, LaunchMark, SelfCheck
    from rung.web.tracking.selectors import core_plan_of, health

    person_t, plan_t = Person._meta.db_table, Plan._meta.db_table
    assessment_t, version_t = Assessment._meta.db_table, PlanVersion._meta.db_table
    rating_t = Rating._meta.db_table
    mark_t, check_t = LaunchMark._meta.db_table, SelfCheck._meta.db_table
    held_t, review_t = CheckInRecord._meta.db_table, CycleReview._meta.db_table

    def first_mark(kind: str) -> str:
        return (f"(SELECT MIN(m.done_on) FROM {mark_t} m WHERE m.plan_id = pl.id "
                f"AND m.kind = '{kind}')")

    def held(kind: str) -> str:
        return f"(SELECT COUNT(*) FROM {held_t} h WHERE h.plan_id = pl.id AND h.kind = '{kind}')"

    sql = f"""
        SELECT p.slug, p.name, p.level, p.target_level, a.id, a.assessed_on,
               pl.id, pl.status, pl.version, pl.cycle_start, pl.cycle_end, pl.lint_errors,
               pl.lint_warnings, v.id, v.document,
               {first_mark("first-visible-action")}, {first_mark("activity-started")},
               {first_mark("provider-contacted")},
               (SELECT MIN(s.done_on) FROM {check_t} s WHERE s.plan_id = pl.id),
               {held("monthly-check-in")}, {held("launch-check")},
               {held("calibration")},
               (SELECT COUNT(*) FROM {review_t} r WHERE r.plan_id = pl.id),
               p.framework, pl.content_version, pl.pm_agreed_version,
               pl.manager_agreed_version, pl.assessment_id,
               (SELECT MAX(s.done_on) FROM {check_t} s WHERE s.plan_id = pl.id),
               n.id,
               (SELECT COUNT(*) FROM {rating_t} rs WHERE rs.assessment_id = n.id
                AND rs.role = 'self'),
               pl.timeline
        FROM {person_t} p
        LEFT JOIN {plan_t} pl ON pl.id = (
            SELECT x.id FROM {plan_t} x WHERE x.person_id = p.id
            ORDER BY x.created_at DESC, x.id DESC LIMIT 1)
        LEFT JOIN {version_t} v ON v.id = pl.current_id AND pl.status = 'active'
        LEFT JOIN {assessment_t} a ON a.id = (
            SELECT y.id FROM {assessment_t} y WHERE y.person_id = p.id
            AND EXISTS (SELECT 1 FROM {rating_t} rt WHERE rt.assessment_id = y.id)
            ORDER BY y.assessed_on DESC, y.id DESC LIMIT 1)
        LEFT JOIN {assessment_t} n ON n.id = (
            SELECT z.id FROM {assessment_t} z WHERE z.person_id = p.id
            ORDER BY z.assessed_on DESC, z.id DESC LIMIT 1)
        WHERE {where}
        ORDER BY p.name, p.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    day = today or timezone.localdate()

    def facts(r: Any) -> PlanFacts | None:
        if r[6] is None:
            return None
        first_check = _date(r[18])
        timeline = json.loads(r[31]) if isinstance(r[31], str) else r[31]
        calibrations = [date.fromisoformat(day) for kind, day in (timeline or {}).get(
            "reviews", ()) if kind == "calibration"]
        return PlanFacts(
            plan_id=r[6], status=r[7], content_version=r[24] or 0, pm_agreed_version=r[25],
            manager_agreed_version=r[26], plan_assessment_id=r[27], lint_errors=r[11] or 0,
            core=core_plan_of(r[13], r[14]) if r[13] is not None else None,
            calibration_due=min(calibrations, default=None),
            launch=LaunchFacts(first_visible_action_on=_date(r[15]),
                               activity_started_on=_date(r[16]),
                               providers_contacted_on=_date(r[17]),
                               self_check_dates=(first_check,) if first_check else ()),
            held={"monthly-check-in": r[19] or 0, "launch-check": r[20] or 0,
                  "calibration": r[21] or 0, "cycle-review": r[22] or 0},
            last_self_check=_date(r[28]))

    def flags(f: PlanFacts | None) -> tuple[Any, ...]:
        if f is None or f.status != "active" or f.core is None:
            return ()
        held_reviews = [(kind, date.min) for kind, n in f.held.items() for _ in range(n)]
        return tuple(health(f.core, f.launch, held_reviews, day))

    out = []
    for r in rows:
        f = facts(r)
        out.append(ReportRow(
            slug=r[0], name=r[1], level=r[2], target_level=r[3], assessment_id=r[4],
            assessed_on=_date(r[5]), plan_id=r[6], plan_status=r[7] or "",
            plan_version=r[8] or 0, cycle_start=_date(r[9]), cycle_end=_date(r[10]),
            lint_errors=r[11] or 0, lint_warnings=r[12] or 0, flags=flags(f),
            framework=r[23] or "", newest_assessment_id=r[29],
            newest_self_rated=bool(r[30]), facts=f))
    return out


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def all_people() -> QuerySet[Person]:
    return Person.objects.select_related("user", "manager").order_by("role", "name")


MANAGER_NOTICE_DAYS = 30


def manager_changes_of(person: Person) -> list[AuditEntry]:
    """The changes of the person's manager in the last 30 days, newest first: their home page
    says so (the audit log is where it is on record)."""
    since = timezone.now() - timedelta(days=MANAGER_NOTICE_DAYS)
    return list(AuditEntry.objects.filter(event=Event.MANAGER_CHANGED,
                                          subject=person.user.get_username(),
                                          at__gte=since)[:3])
