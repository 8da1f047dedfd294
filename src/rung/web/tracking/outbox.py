"""Reminders as an outbox: claim and commit first, send after the commit, then mark sent.

Guarantee: each nudge key is claimed exactly once (one `SentNudge` row per key, ever, by a
unique insert), and its mail is delivered at least once. No database transaction is open while
the mail server is talked to, so a slow server holds no lock. A worker that dies after the
server accepted a mail and before it marked the row leaves the row claimed; once that claim
lapses (`CLAIM_SECONDS`) another pass sends it again with the same Message-ID, derived from
the key, so mail servers and clients that drop a repeated Message-ID show it once. A failed
send is retried with a doubling delay up to a cap, and given up after `MAX_ATTEMPTS`; the state
of each row is listed by `rung reminders --status`.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from rung.core.tracking.reminders import Nudge, due_nudges
from rung.web.audit.notices import address_of
from rung.web.plans.models import Plan, Status
from rung.web.tracking.models import NudgeStatus, SentNudge

logger = logging.getLogger("rung.reminders")

# Longer than a send can take: Django's SMTP backend gives each step EMAIL_TIMEOUT (30 s).
CLAIM_SECONDS = 600
RETRY_FIRST_SECONDS = 300
RETRY_CAP_SECONDS = 6 * 3600
MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Pass:
    sent: list[str]
    failed: list[str]  # failed this pass, to be retried
    given_up: list[str]  # failed for the last time


def message_id(key: str) -> str:
    """The same Message-ID for every send of one nudge: a resend is recognisably the same."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<reminder.{digest}@{settings.RUNG_EMAIL_DOMAIN}>"


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(RETRY_CAP_SECONDS, RETRY_FIRST_SECONDS * 2 ** (attempts - 1)))


def _addresses(plan: Plan, nudge: Nudge) -> list[str]:
    out = []
    for p in (plan.person, plan.person.manager):
        if p is None or p.name not in nudge.recipients or p.user is None:
            continue
        out.append(address_of(p.user))
    return out


def _body(plan: Plan, nudge: Nudge) -> str:
    return (f"{nudge.subject}.\n\nPlan of {plan.person.name}, "
            f"{plan.cycle_start.isoformat()} → {plan.cycle_end.isoformat()}: "
            f"{nudge.event_kind.replace('-', ' ')} on {nudge.event_date.isoformat()}.\n")


def enqueue_due(today: date, plan_key: Callable[[Plan], str]) -> None:
    """One committed row per nudge that has come due; a key already there is left alone."""
    from rung.web.tracking.selectors import core_plan

    plans = list(Plan.objects.select_related("person__user", "person__manager__user",
                                             "current")
                 .filter(status=Status.ACTIVE, current__isnull=False))
    known = set(SentNudge.objects.filter(plan__in=plans).values_list("key", flat=True))
    for plan in plans:
        for nudge in due_nudges(core_plan(plan), plan_key(plan), today, known):
            try:
                with transaction.atomic():
                    SentNudge.objects.create(
                        key=nudge.key, plan=plan, send_on=nudge.send_on,
                        recipients=", ".join(_addresses(plan, nudge)),
                        subject=f"[rung] {nudge.subject}"[:300], body=_body(plan, nudge))
            except IntegrityError:
                continue  # another worker queued it


def _claimable(now: datetime) -> Q:
    return (Q(status=NudgeStatus.PENDING)
            & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)))


def _claim(row_id: int) -> bool:
    """Take a row for this worker, in one short autocommitted UPDATE; False if another has it."""
    now = timezone.now()
    return SentNudge.objects.filter(_claimable(now), pk=row_id).update(
        claimed_until=now + timedelta(seconds=CLAIM_SECONDS),
        attempts=F("attempts") + 1) == 1


def _deliver(row: SentNudge) -> None:
    to = [a.strip() for a in row.recipients.split(",") if a.strip()]
    if to:
        EmailMessage(row.subject, row.body, settings.DEFAULT_FROM_EMAIL, to,
                     headers={"Message-ID": message_id(row.key)}).send()


def _mark_sent(row: SentNudge) -> None:
    SentNudge.objects.filter(pk=row.pk).update(status=NudgeStatus.SENT, sent_at=timezone.now(),
                                               claimed_until=None, last_error="")


def _mark_failed(row: SentNudge, error: Exception) -> bool:
    """Record the failure; True when this was the last attempt."""
    attempts = SentNudge.objects.values_list("attempts", flat=True).get(pk=row.pk)
    last = attempts >= MAX_ATTEMPTS
    SentNudge.objects.filter(pk=row.pk).update(
        status=NudgeStatus.FAILED if last else NudgeStatus.PENDING, claimed_until=None,
        next_attempt_at=None if last else timezone.now() + retry_delay(attempts),
        last_error=str(error)[:500])
    return last


def send_pending() -> Pass:
    """Send every claimable row; called outside any transaction (each write autocommits)."""
    done = Pass([], [], [])
    for row in SentNudge.objects.filter(_claimable(timezone.now())).order_by("id"):
        if not _claim(row.pk):
            continue  # another worker has it
        try:
            _deliver(row)
        except (smtplib.SMTPException, OSError) as exc:
            last = _mark_failed(row, exc)
            logger.error("reminder %s to %s not sent, %s: %s", row.key, row.recipients,
                         "given up" if last else "tried again later", exc)
            (done.given_up if last else done.failed).append(row.key)
            continue
        _mark_sent(row)
        done.sent.append(row.key)
    return done


def status_lines() -> list[str]:
    """Rows not (yet) sent, for `rung reminders --status`."""
    rows = SentNudge.objects.exclude(status=NudgeStatus.SENT).order_by("status", "id")
    return [f"{r.status}\t{r.key}\tattempts {r.attempts}\tnext "
            f"{r.next_attempt_at.isoformat(timespec='seconds') if r.next_attempt_at else '-'}"
            f"\t{r.last_error or '-'}" for r in rows]
