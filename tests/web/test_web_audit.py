"""Issue 13, point 8: security events on record in an append-only log that admins read and
export; a PM is told when their manager changes."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from rung.io.spreadsheet_cells import csv_cell
from rung.web.api.tokens import person_for_secret, token_create, token_revoke
from rung.web.audit.log import record
from rung.web.audit.models import AppendOnlyError, AuditEntry, EntryQuerySet, Event
from rung.web.audit.views import PAGE_SIZE
from rung.web.people.services import person_create, person_update

from webtools import PASSWORD, Org, client_for, page_text, post


def _events(event: str, **kw: Any) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(event=event, **kw))


def _edit(org: Org, slug: str, **changes: Any) -> Any:
    person = org.by_name(slug)
    data = {"username": slug, "name": person.name, "slug": slug, "role": person.role,
            "framework": "pm-quadrants", "level": person.level,
            "manager": person.manager.pk if person.manager else "", "password": ""}
    return post(client_for(org.ada), reverse("people:admin_person_edit", args=[slug]),
                {**data, **changes})


# --- append-only ---------------------------------------------------------------------------


def test_an_audit_entry_cannot_be_changed(db: Any) -> None:
    entry = record(Event.LOGIN, actor="pat", subject="pat")
    entry.detail = "edited"
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_an_audit_entry_cannot_be_deleted(db: Any) -> None:
    entry = record(Event.LOGIN, actor="pat", subject="pat")
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_audit_entries_cannot_be_updated_or_deleted_in_bulk(db: Any) -> None:
    record(Event.LOGIN, actor="pat", subject="pat")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(actor="someone-else")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().actor == "pat"


# --- what is recorded ----------------------------------------------------------------------


def test_a_login_and_a_failed_login_are_recorded_with_the_address(org: Org) -> None:
    client = Client(enforce_csrf_checks=True)
    post(client, "/login/", {"username": "pat", "password": "not-the-password-1"})
    post(client, "/login/", {"username": "pat", "password": PASSWORD})
    [failed] = _events(Event.LOGIN_FAILED)
    [login] = _events(Event.LOGIN)
    assert (failed.subject, failed.ip) == ("pat", "127.0.0.1")
    assert (login.actor, login.subject) == ("pat", "pat")


def test_a_lockout_is_recorded_once_however_many_tries_follow(org: Org) -> None:
    client = Client(enforce_csrf_checks=True)
    for _ in range(9):
        post(client, "/login/", {"username": "pat", "password": "not-the-password-1"})
    [locked] = _events(Event.LOCKED_OUT)
    assert locked.subject == "pat"
    assert len(_events(Event.LOGIN_FAILED)) == 9


def test_an_admin_password_reset_is_recorded_with_who_did_it(org: Org) -> None:
    _edit(org, "pat", password="copper-finch-58-mile")
    [changed] = _events(Event.PASSWORD_CHANGED)
    assert (changed.actor, changed.subject, changed.detail) == ("ada", "pat", "by ada")


def test_a_role_change_is_recorded(org: Org) -> None:
    _edit(org, "pat", role="manager", manager="")
    [changed] = _events(Event.ROLE_CHANGED)
    assert (changed.actor, changed.subject) == ("ada", "pat")
    assert changed.detail == "Product manager → Manager"


def test_a_reporting_line_change_is_recorded(org: Org) -> None:
    _edit(org, "pat", manager=org.casey.pk)
    [changed] = _events(Event.MANAGER_CHANGED, subject="pat")
    assert changed.actor == "ada"
    assert changed.detail == "Morgan Blake (morgan) → Casey Nguyen (casey)"


def test_a_new_person_is_recorded_with_their_role_and_first_manager(db: Any) -> None:
    boss = person_create(username="boss", password=PASSWORD, name="Bea Boss", slug="boss",
                         role="manager")
    person_create(username="kim", password=PASSWORD, name="Kim Ode", slug="kim", role="pm",
                  manager=boss)
    [created] = _events(Event.PERSON_CREATED, subject="kim")
    assert created.detail == "Kim Ode, role Product manager, manager Bea Boss (boss)"


def test_a_new_pm_sees_no_manager_change_notice(org: Org) -> None:
    text = page_text(client_for(org.pat).get(reverse("people:person", args=["pat"])))
    assert "Your manager changed" not in text


def test_token_creation_use_and_revocation_are_recorded(org: Org) -> None:
    new = token_create(person=org.pat, name="HR sync")
    person_for_secret(new.secret)
    token_revoke(token=new.token)
    events = [e.event for e in AuditEntry.objects.filter(subject="pat").order_by("id")
              if e.event.startswith("token")]
    assert events == [Event.TOKEN_CREATED, Event.TOKEN_USED, Event.TOKEN_REVOKED]


def test_a_token_used_every_second_is_recorded_once_a_minute(org: Org) -> None:
    new = token_create(person=org.pat, name="poller")
    for _ in range(20):
        person_for_secret(new.secret)
    assert len(_events(Event.TOKEN_USED)) == 1


def test_the_catalogue_names_imports_and_restores() -> None:
    assert {Event.IMPORT.value, Event.RESTORE.value} <= set(Event.values)


# --- the PM is told ------------------------------------------------------------------------


def test_a_pm_whose_manager_changes_gets_a_mail(org: Org,
                                               django_capture_on_commit_callbacks: Any) -> None:
    org.pat.user.email = "pat@example.com"
    org.pat.user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        _edit(org, "pat", manager=org.casey.pk)
    [notice] = mail.outbox
    assert notice.to == ["pat@example.com"]
    assert "from Morgan Blake to Casey Nguyen (by ada)" in notice.body


def test_a_pm_whose_manager_changes_sees_it_on_their_home_page(org: Org) -> None:
    _edit(org, "pat", manager=org.casey.pk)
    text = page_text(client_for(org.pat).get(reverse("people:person", args=["pat"])))
    assert "Your manager changed" in text
    assert "Morgan Blake (morgan) → Casey Nguyen (casey)" in text


def test_the_new_manager_does_not_see_the_pms_notice(org: Org) -> None:
    _edit(org, "pat", manager=org.casey.pk)
    text = page_text(client_for(org.casey).get(reverse("people:person", args=["pat"])))
    assert "Your manager changed" not in text


def test_an_admin_who_makes_themselves_a_manager_is_on_record(org: Org) -> None:
    """The insider path of issue 13: ada makes herself a manager and moves Pat under her."""
    person_update(person=org.ada, username="ada", name="Ada Lovelace", slug="ada",
                  role="manager", framework="pm-quadrants")
    person_update(person=org.pat, username="pat", name="Pat Quinn", slug="pat", role="pm",
                  framework="pm-quadrants", level="pm", manager=org.ada)
    assert [e.event for e in AuditEntry.objects.order_by("id")][-2:] == [
        Event.ROLE_CHANGED, Event.MANAGER_CHANGED]
    text = page_text(client_for(org.pat).get(reverse("people:person", args=["pat"])))
    assert "Ada Lovelace (ada)" in text


# --- the admin's page and export -----------------------------------------------------------


def test_the_audit_page_lists_entries_for_the_admin(org: Org) -> None:
    record(Event.LOGIN_FAILED, actor="", subject="mallory")
    text = page_text(client_for(org.ada).get(reverse("audit:log")))
    assert "Login failed" in text
    assert "mallory" in text


def test_the_audit_page_filters_by_event_and_person(org: Org) -> None:
    record(Event.LOGIN_FAILED, actor="", subject="mallory")
    record(Event.LOGIN_FAILED, actor="", subject="trent")
    record(Event.LOGIN, actor="mallory", subject="mallory")
    page = client_for(org.ada).get(reverse("audit:log"),
                                   {"event": "login_failed", "person": "mallory"})
    assert [e.subject for e in page.context["page"].object_list] == ["mallory"]


def test_the_audit_page_filters_by_date(org: Org) -> None:
    record(Event.LOGIN, actor="pat", subject="pat")
    client = client_for(org.ada)
    assert client.get(reverse("audit:log"), {"since": "2026-12-01"}).context[
        "page"].paginator.count == 0
    assert client.get(reverse("audit:log"), {"until": "2026-11-30"}).context[
        "page"].paginator.count >= 1


def test_the_audit_page_is_paginated(org: Org) -> None:
    for i in range(PAGE_SIZE + 5):
        record(Event.LOGIN_FAILED, actor="", subject=f"guess{i}")
    page = client_for(org.ada).get(reverse("audit:log"), {"event": "login_failed", "page": "2"})
    assert len(page.context["page"].object_list) == 5


def test_a_bad_filter_shows_nothing_rather_than_failing(org: Org) -> None:
    page = client_for(org.ada).get(reverse("audit:log"), {"since": "not-a-day", "page": "x"})
    assert page.status_code == 200


@pytest.mark.parametrize("who", ["pat", "morgan"])
def test_the_audit_log_does_not_exist_for_non_admins(org: Org, who: str) -> None:
    client = client_for(org.by_name(who))
    assert client.get(reverse("audit:log")).status_code == 404
    assert client.get(reverse("audit:export")).status_code == 404


def test_the_export_is_a_csv_of_the_filtered_entries(org: Org) -> None:
    record(Event.LOGIN_FAILED, actor="", subject="mallory", detail="from the VPN")
    record(Event.LOGIN, actor="pat", subject="pat")
    response = client_for(org.ada).get(reverse("audit:export"), {"person": "mallory"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["at", "event", "actor", "subject", "detail", "ip"]
    assert [r[1:5] for r in rows[1:]] == [["login_failed", "", "mallory", "from the VPN"]]
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_export_neutralises_formula_cells(org: Org) -> None:
    record(Event.LOGIN_FAILED, actor="", subject='=HYPERLINK("http://x.test","y")',
           detail="+1-2")
    response = client_for(org.ada).get(reverse("audit:export"), {"event": "login_failed"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][3] == "'=HYPERLINK(\"http://x.test\",\"y\")"
    assert rows[1][4] == "'+1-2"


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_lead_is_prefixed(lead: str) -> None:
    assert csv_cell(f"{lead}cmd") == f"'{lead}cmd"


def test_plain_text_is_left_as_it_is() -> None:
    assert csv_cell("pat") == "pat"


# --- edges ---------------------------------------------------------------------------------


def test_a_failed_check_without_a_request_is_not_a_login_failure(org: Org) -> None:
    from django.contrib.auth import authenticate

    assert authenticate(username="pat", password="not-the-password-1") is None
    assert _events(Event.LOGIN_FAILED) == []


def test_an_entry_reads_as_when_what_who_and_whom(db: Any) -> None:
    entry = record(Event.ROLE_CHANGED, actor="ada", subject="pat")
    assert str(entry).endswith("role_changed ada → pat")


def test_anything_else_named_as_a_person_is_kept_as_text() -> None:
    from rung.web.audit.log import login_of

    assert login_of(42) == "42"


def test_a_mail_server_that_is_down_leaves_the_change_standing(
        org: Org, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    import smtplib

    from rung.web.audit import notices

    def down(*args: Any, **kwargs: Any) -> None:
        raise smtplib.SMTPConnectError(421, "try later")

    monkeypatch.setattr(notices, "send_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(org, "pat", manager=org.casey.pk)
    assert response.status_code == 302
    assert "could not send the notice" in caplog.text
    assert _events(Event.MANAGER_CHANGED, subject="pat")[0].actor == "ada"


def test_a_restore_into_a_database_without_the_audit_table_says_so(
        db: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    from django.db import DatabaseError

    from rung.web import backup
    from rung.web.audit import log

    def missing(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("no such table: audit_auditentry")

    monkeypatch.setattr(EntryQuerySet, "count", missing)
    monkeypatch.setattr(log, "record", missing)
    assert backup.audit_entries() is None
    result = backup.Result(tmp_path / "x.json", "json", 0, {}, 0.0, 0)
    assert backup.record_restore(tmp_path / "x.json", result, None) is False
