"""`rung reminders`: each due nudge is claimed once, even with two workers at the same moment,
and a whole 90-day cycle walked day by day sends every nudge on its date and never twice."""

from __future__ import annotations

import smtplib
import threading
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from click.testing import CliRunner
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection, connections

from rung.cli.reminders import reminders_cmd
from rung.core.tracking.reminders import LEAD_DAYS, send_day
from rung.web.people.selectors import reports_of
from rung.web.plans.models import Plan
from rung.web.tracking import outbox
from rung.web.tracking.models import NudgeStatus, SentNudge
from rung.web.tracking.selectors import core_plan
from rung.web.tracking.services import self_check_create, send_due_reminders

from webtools import START, Org, activate, latest_migrations


def launch_day(plan: Plan) -> date:
    return next(e.date for e in core_plan(plan).cadence if e.kind == "launch-check")


def test_the_command_sends_due_nudges_once(active: Plan) -> None:
    day = send_day(launch_day(active), LEAD_DAYS["launch-check"])
    runner = CliRunner()
    with time_machine.travel(day):
        first = runner.invoke(reminders_cmd, [])
        again = runner.invoke(reminders_cmd, ["--loop", "--interval", "1", "--passes", "1"])
        status = runner.invoke(reminders_cmd, ["--status"])
    assert first.exit_code == 0, first.output
    sent = int(first.output.split()[0])
    assert sent >= 1
    assert again.output.startswith("0 reminder(s) sent")
    assert status.output == "every reminder queued has been sent\n"
    assert len(mail.outbox) == sent == SentNudge.objects.count()
    launch = next(m for m in mail.outbox if "Launch check" in m.subject)
    assert sorted(launch.to) == ["morgan@localhost", "pat@localhost"]


@pytest.mark.django_db(transaction=True)  # the loop closes connections between passes
def test_a_failed_mail_is_logged_and_sent_after_the_retry_delay(
        active: Plan, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """The mail server drops the launch-check nudge: the other nudges of the pass still go
    out, the worker keeps looping, and once the server is back and the retry delay has passed
    the nudge is sent."""
    day = send_day(launch_day(active), LEAD_DAYS["launch-check"])
    real_send = EmailMessage.send
    server_down = True

    def send(self: EmailMessage, fail_silently: bool = False) -> int:
        if server_down and "Launch check" in self.subject:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send)
    runner = CliRunner()
    nine = datetime(day.year, day.month, day.day, 9)
    later = timedelta(seconds=5)  # the clock ticks while a pass runs
    with time_machine.travel(nine):
        looping = runner.invoke(reminders_cmd, ["--loop", "--interval", "1", "--passes", "2"])
    with time_machine.travel(nine + outbox.retry_delay(1) + later):
        once = runner.invoke(reminders_cmd, [])
        server_down = False
        too_soon = runner.invoke(reminders_cmd, [])
    with time_machine.travel(nine + outbox.retry_delay(1) + outbox.retry_delay(2) + later * 2):
        recovered = runner.invoke(reminders_cmd, [])

    assert looping.exit_code == 0, looping.output  # both passes ran: the loop survived
    lines = looping.output.splitlines()
    assert len(lines) == 2
    assert int(lines[0].split()[0]) >= 1
    assert lines[0].endswith(", 1 failed (tried again later; see --status)")
    assert lines[1] == "0 reminder(s) sent"  # its retry is not due yet
    assert once.exit_code == 1
    assert "1 failed" in once.output
    assert too_soon.output == "0 reminder(s) sent\n"
    assert recovered.exit_code == 0
    assert recovered.output == "1 reminder(s) sent\n"
    assert sum("Launch check" in m.subject for m in mail.outbox) == 1
    launch = SentNudge.objects.get(key__contains="launch")
    assert (launch.status, launch.attempts) == (NudgeStatus.SENT, 3)
    failures = [r for r in caplog.records if r.name == "rung.reminders"]
    assert len(failures) == 2
    assert failures[0].levelname == "ERROR"
    assert "not sent, tried again later: Connection unexpectedly closed" in (
        failures[0].getMessage())


def test_draft_plans_get_no_reminders(plan: Plan) -> None:
    assert send_due_reminders(launch_day(plan)) == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_nudge_exactly_once(org: Org, plan: Plan) -> None:
    active = activate(plan, org)
    day = send_day(launch_day(active), LEAD_DAYS["launch-check"])
    results: list[list[str]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        try:
            barrier.wait()
            results.append(send_due_reminders(day))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    keys = [k for r in results for k in r]
    assert keys
    assert len(keys) == len(set(keys))
    assert set(keys) == set(SentNudge.objects.values_list("key", flat=True))
    assert len(mail.outbox) == len(keys)


def test_a_whole_cycle_day_by_day(org: Org, active: Plan) -> None:
    core = core_plan(active)
    first = START - timedelta(days=3)
    review_day = next(e.date for e in core.cadence if e.kind == "cycle-review")
    last = max(core.cycle_end, review_day) + timedelta(days=7)
    sent_on: dict[str, date] = {}
    flags_on: dict[str, date] = {}
    day = first
    self_check_day = START + timedelta(days=7)
    while day <= last:
        with time_machine.travel(day):
            for key in send_due_reminders(day):
                assert key not in sent_on, f"{key} sent twice"
                sent_on[key] = day
            if day == self_check_day:
                self_check_create(plan=active, entries={core.focus_areas[0].competency:
                                                        ("a rep", "a lesson")},
                                  user=org.pat.user, today=day)
            for f in reports_of(org.morgan, day)[0].flags:
                flags_on.setdefault(f.code, day)
        day += timedelta(days=1)
    # every event's nudge, on its send day (the business day before; on the day for solo ones)
    counters: dict[Any, int] = {}
    expected: dict[str, date] = {}
    for e in core.cadence:
        n = counters[(e.kind, e.competency)] = counters.get((e.kind, e.competency), 0) + 1
        key = f"plan{active.pk}:{e.kind}:{e.competency or '-'}:{n}"
        expected[key] = max(first, send_day(e.date, LEAD_DAYS.get(e.kind, 1)))
    assert sent_on == expected
    assert len(mail.outbox) == len(sent_on) == SentNudge.objects.count()
    # launch health: flagged the day after each deadline when the fact is missing
    launch = launch_day(active)
    assert flags_on["no-first-action"] == core.first_action.due + timedelta(days=1)
    assert flags_on["activity-not-started"] == launch + timedelta(days=1)
    assert flags_on["provider-not-contacted"] == launch + timedelta(days=1)
    assert "no-self-check" not in flags_on  # recorded on day 7
    assert flags_on["missed-launch-check"] == launch + timedelta(days=4)
    # skipped reviews: the grace period of three days, then the flag
    assert flags_on["missed-cycle-review"] == review_day + timedelta(days=4)
    monthly = [e.date for e in core.cadence if e.kind == "monthly-check-in"]
    assert flags_on["missed-monthly-check-in"] == monthly[0] + timedelta(days=4)


def test_the_worker_never_migrates_and_refuses_a_database_that_lacks_migrations(
        db: Any) -> None:
    from django.db.migrations.recorder import MigrationRecorder

    [newest] = latest_migrations("plans")
    MigrationRecorder(connection).record_unapplied("plans", newest)
    result = CliRunner().invoke(reminders_cmd, [])
    assert result.exit_code == 2
    assert f"lacks 1 migration(s) (plans.{newest})" in result.output
    assert "run `rung migrate` once, from one machine" in result.output
    assert "reminder(s) sent" not in result.output
    assert not MigrationRecorder(connection).migration_qs.filter(
        app="plans", name=newest).exists()


def test_the_worker_refuses_a_database_a_newer_rung_migrated(db: Any) -> None:
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder(connection).record_applied("plans", "0099_from_a_newer_rung")
    result = CliRunner().invoke(reminders_cmd, [])
    assert result.exit_code == 2
    assert "migrated by a newer rung: it has plans.0099_from_a_newer_rung" in result.output
