"""Reminders as an outbox, against a real SMTP server on loopback (tests/smtpsink.py): no
database lock is held while the server is slow, a worker killed after the server took a mail
resends it with the same Message-ID, and a refusing server is retried with backoff, then given
up, visibly."""

from __future__ import annotations

import itertools
import threading
import time
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from click.testing import CliRunner
from django.core.mail.backends.smtp import EmailBackend
from django.db import connections

from rung.cli.reminders import reminders_cmd
from rung.core.tracking.reminders import LEAD_DAYS, send_day
from rung.web.people.models import Person
from rung.web.plans.models import Plan
from rung.web.tracking import outbox
from rung.web.tracking.models import NudgeStatus, SentNudge
from rung.web.tracking.selectors import core_plan
from rung.web.tracking.services import send_due_reminders
from smtpsink import smtp_sink


def nudge_day(plan: Plan) -> date:
    launch = next(e.date for e in core_plan(plan).cadence if e.kind == "launch-check")
    return send_day(launch, LEAD_DAYS["launch-check"])


def at(day: date, seconds: float = 0) -> datetime:
    return datetime(day.year, day.month, day.day, 9) + timedelta(seconds=seconds)


@pytest.mark.django_db(transaction=True)  # the worker runs on its own connection
def test_a_slow_mail_server_does_not_lock_the_database_for_a_web_write(
        active: Plan, settings: Any) -> None:
    with smtp_sink(settings, delay=1.5) as sink, time_machine.travel(at(nudge_day(active))):
        def send() -> None:
            send_due_reminders(nudge_day(active))
            connections.close_all()

        worker = threading.Thread(target=send)
        worker.start()
        deadline = time.monotonic() + 5
        while not sink.in_data and time.monotonic() < deadline:
            time.sleep(0.01)
        assert sink.in_data, "the worker never reached the mail server"
        started = time.monotonic()
        Person.objects.filter(pk=active.person.pk).update(product_area="Growth")  # a web save
        took = time.monotonic() - started
        sink.delay = 0  # the other reminders of the pass need not be slow too
        worker.join()
    assert took < 0.5  # the write did not wait for the 1.5 s mail server
    assert sink.messages
    assert set(SentNudge.objects.values_list("status", flat=True)) == {NudgeStatus.SENT}


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_after_the_server_took_the_mail_resends_it_with_the_same_message_id(
        active: Plan, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    real = EmailBackend.send_messages
    killed: list[bool] = []

    def accepted_then_killed(self: EmailBackend, messages: Any) -> int:
        sent = real(self, messages)
        if not killed:
            killed.append(True)
            raise SystemExit("worker killed")  # after the server said 250, before the mark
        return sent

    monkeypatch.setattr(EmailBackend, "send_messages", accepted_then_killed)
    day = nudge_day(active)
    with smtp_sink(settings) as sink:
        with time_machine.travel(at(day)), pytest.raises(SystemExit):
            send_due_reminders(day)
        with time_machine.travel(at(day, 60)):  # another worker, while the claim still holds
            send_due_reminders(day)
        with time_machine.travel(at(day, outbox.CLAIM_SECONDS + 1)):
            send_due_reminders(day)
    ids = [m["Message-ID"] for m in sink.messages]
    rows = SentNudge.objects.all()
    assert len(ids) == rows.count() + 1  # one mail went out twice: at least once
    assert len(set(ids)) == rows.count()  # ... and the repeat is recognisably the same mail
    assert {outbox.message_id(r.key) for r in rows} == set(ids)
    assert {r.status for r in rows} == {NudgeStatus.SENT}


@pytest.mark.django_db(transaction=True)
def test_a_refusing_server_is_retried_with_a_growing_delay_and_then_given_up(
        active: Plan, settings: Any) -> None:
    day = nudge_day(active)
    runner = CliRunner()
    with smtp_sink(settings, refuse=True) as sink:
        clock = at(day)
        tries: list[datetime] = []
        for _ in range(56):  # a pass every 15 minutes for 14 hours
            with time_machine.travel(clock):
                before = SentNudge.objects.order_by("id").first()
                runner.invoke(reminders_cmd, [])
                after = SentNudge.objects.order_by("id").first()
                assert after is not None
                if before is None or after.attempts > before.attempts:
                    tries.append(clock)
            clock += timedelta(minutes=15)
        with time_machine.travel(clock):
            status = runner.invoke(reminders_cmd, ["--status"])
    gaps = [round((b - a).total_seconds() / 60) for a, b in itertools.pairwise(tries)]
    assert gaps[:6] == [15, 15, 30, 45, 90, 165]  # 5, 10, 20, 40, 80, 160 min, on 15-min passes
    assert len(tries) == outbox.MAX_ATTEMPTS
    assert not sink.messages
    first = SentNudge.objects.order_by("id").first()
    assert first is not None
    assert first.status == NudgeStatus.FAILED
    assert f"failed\t{first.key}\tattempts {outbox.MAX_ATTEMPTS}" in status.output
    assert "451" in status.output
