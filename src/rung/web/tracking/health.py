"""Each active plan's health, judged once and kept until it can change.

The organisation view counts launch flags and missed reviews over thousands of plans; judging
every plan on every request would read every plan's tracking facts each time. A judgement
changes only when a fact arrives (a launch mark, a self-check, a check-in, a review, a new plan
version) or when a deadline passes, so it is stored on the plan with the last day it holds
(`judged_through`), and only plans whose judgement has lapsed are judged again, in bulk.

New facts clear the judgement through the signals below rather than through each service:
every write of a tracking row invalidates, whichever code path makes it. A judgement is
written back only where the plan's `health_stamp` is unchanged, so a fact recorded while the
judgement was being made is never covered by a stale result.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, F, Min, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from rung.core.tracking.checkins import GRACE_DAYS, missed_in
from rung.core.tracking.launch import launch_misses
from rung.core.tracking.timeline import Timeline, judged_through
from rung.web.plans.models import Plan, Status
from rung.web.tracking.models import CheckInRecord, CycleReview, LaunchMark, SelfCheck
from rung.web.tracking.selectors import facts_from_marks

CHUNK = 500  # plans judged per batch of queries (keeps IN lists and CASE updates small)


def invalidate(plan_id: int) -> None:
    Plan.objects.filter(pk=plan_id).update(health_through=None,
                                           health_stamp=F("health_stamp") + 1)


@receiver(post_save, sender=SelfCheck)
@receiver(post_save, sender=LaunchMark)
@receiver(post_save, sender=CheckInRecord)
@receiver(post_save, sender=CycleReview)
@receiver(post_delete, sender=SelfCheck)
@receiver(post_delete, sender=LaunchMark)
@receiver(post_delete, sender=CheckInRecord)
@receiver(post_delete, sender=CycleReview)
def _fact_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return  # loading saved rows (a restore): the stored judgement comes with them
    invalidate(instance.plan_id)


def lapsed(today: date) -> Q:
    """Active plans whose stored judgement does not cover `today`."""
    return Q(status=Status.ACTIVE) & (
        Q(health_through__isnull=True) | Q(health_through__lt=today) | Q(health_on__gt=today)
    )


def refresh(today: date) -> int:
    """Judge again every active plan whose judgement has lapsed; returns how many."""
    rows = list(Plan.objects.filter(lapsed(today))
                .values_list("id", "timeline", "health_stamp"))
    for start in range(0, len(rows), CHUNK):
        _judge(rows[start:start + CHUNK], today)
    return len(rows)


def _judge(rows: Sequence[tuple[int, Any, int]], today: date) -> None:
    ids = [r[0] for r in rows]
    marks: dict[int, dict[str, date]] = {}
    for plan_id, kind, first in (LaunchMark.objects.filter(plan_id__in=ids)
                                 .values("plan_id", "kind").annotate(first=Min("done_on"))
                                 .values_list("plan_id", "kind", "first")):
        marks.setdefault(plan_id, {})[kind] = first
    first_check = dict(SelfCheck.objects.filter(plan_id__in=ids).values("plan_id")
                       .annotate(first=Min("done_on")).values_list("plan_id", "first"))
    held: dict[int, list[tuple[str, date]]] = {}
    for plan_id, kind, n in (CheckInRecord.objects.filter(plan_id__in=ids)
                             .values("plan_id", "kind").annotate(n=Count("id"))
                             .values_list("plan_id", "kind", "n")):
        held.setdefault(plan_id, []).extend([(kind, date.min)] * n)
    for plan_id, n in (CycleReview.objects.filter(plan_id__in=ids).values("plan_id")
                       .annotate(n=Count("id")).values_list("plan_id", "n")):
        held.setdefault(plan_id, []).extend([("cycle-review", date.min)] * n)

    judged: list[tuple[int, int, str, str, date]] = []
    for plan_id, timeline_data, stamp in rows:
        if not timeline_data:
            continue  # a plan without a version yet has nothing to judge
        timeline = Timeline.from_dict(timeline_data)
        own = marks.get(plan_id, {})
        checked = first_check.get(plan_id)
        facts = facts_from_marks(own, (checked,) if checked else ())
        flags = ",".join(code for code, _ in launch_misses(timeline, facts, today))
        missed = ",".join(sorted({kind for kind, _ in missed_in(
            timeline.reviews, held.get(plan_id, []), today, GRACE_DAYS)}))
        judged.append((plan_id, stamp, flags, missed,
                       judged_through(timeline, today, GRACE_DAYS)))
    _write(judged, today)


def _write(judged: Sequence[tuple[int, int, str, str, date]], today: date) -> None:
    """One UPDATE per chunk, joined to the judgements as a VALUES list (SQLite 3.33+ and
    PostgreSQL both take UPDATE ... FROM). Only where the stamp is the one read before
    judging: otherwise a fact arrived meanwhile and the plan stays lapsed, to be judged again
    with it."""
    if not judged:
        return
    table = Plan._meta.db_table
    rows = ", ".join(["(%s, %s, %s, %s, %s)"] * len(judged))
    sql = (f"UPDATE {table} SET launch_flags = v.column3, missed_reviews = v.column4, "
           f"health_through = v.column5, health_on = %s "
           f"FROM (VALUES {rows}) AS v "
           f"WHERE {table}.id = v.column1 AND {table}.health_stamp = v.column2")
    params: list[Any] = [today]
    for row in judged:
        params.extend(row)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
