"""Issue 13, point 7: login brute force, password length, reset by e-mail, change notices,
idle sessions."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import time_machine
from django.contrib.auth import authenticate
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rung.web.people.services import person_update

from webtools import PASSWORD, Org, client_for, page_text, post

LOGIN = "/login/"


def _login(client: Client, username: str, password: str) -> Any:
    return post(client, LOGIN, {"username": username, "password": password})


def _wrong(client: Client, times: int) -> None:
    """`times` wrong passwords; the fifth is the one that locks the login."""
    for n in range(1, times + 1):
        status = _login(client, "pat", "not-the-password-1").status_code
        assert status == (429 if n >= 5 else 200), n


def test_the_right_password_after_five_wrong_ones_is_refused_with_a_lockout_page(
        org: Org) -> None:
    client = Client(enforce_csrf_checks=True)
    _wrong(client, 5)
    response = _login(client, "pat", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed logins" in page_text(response)
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_how_long_to_wait_and_how_to_reset(org: Org) -> None:
    client = Client(enforce_csrf_checks=True)
    _wrong(client, 5)
    text = page_text(_login(client, "pat", PASSWORD))
    assert "Try again in 15 minutes" in text
    assert "reset link by e-mail" in text


def test_four_wrong_passwords_do_not_lock_the_login(org: Org) -> None:
    client = Client(enforce_csrf_checks=True)
    _wrong(client, 4)
    assert _login(client, "pat", PASSWORD).status_code == 302


def test_the_login_works_again_after_the_cool_off(org: Org) -> None:
    client = Client(enforce_csrf_checks=True)
    _wrong(client, 5)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = _login(client, "pat", PASSWORD)
    assert response.status_code == 302


def test_a_lockout_of_one_login_leaves_the_others_alone(org: Org) -> None:
    client = Client(enforce_csrf_checks=True)
    _wrong(client, 5)
    assert _login(client, "morgan", PASSWORD).status_code == 302


def test_the_command_line_can_still_check_a_password_without_a_request(org: Org) -> None:
    assert authenticate(username="pat", password=PASSWORD) is not None


# --- passwords --------------------------------------------------------------------------------


def test_an_eleven_character_password_is_refused_on_the_password_change_page(org: Org) -> None:
    response = post(client_for(org.pat), reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "sq7-wren-lu",
        "new_password2": "sq7-wren-lu"})
    assert response.status_code == 200
    assert "at least 12 characters" in page_text(response)


def test_an_eleven_character_password_is_refused_when_an_admin_sets_one(org: Org) -> None:
    response = post(client_for(org.ada), reverse("people:admin_person_edit", args=["pat"]), {
        "username": "pat", "name": "Pat Quinn", "slug": "pat", "role": "pm",
        "framework": "pm-quadrants", "level": "pm", "manager": org.morgan.pk,
        "password": "sq7-wren-lu"})
    assert "at least 12 characters" in page_text(response)


# --- reset by e-mail and change notices ----------------------------------------------------


def _with_email(org: Org) -> None:
    org.pat.user.email = "pat@example.com"
    org.pat.user.save(update_fields=["email"])


def test_a_reset_link_mailed_to_the_address_sets_a_new_password(org: Org, settings: Any
                                                                ) -> None:
    _with_email(org)
    client = Client(enforce_csrf_checks=True)
    response = post(client, reverse("accounts:password_reset"), {"email": "PAT@example.com"})
    assert response.status_code == 302
    body = str(mail.outbox[0].body)
    link = re.search(r"https?://[^/\s]+(/password/reset/\S+/)", body)
    assert link is not None, body
    page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in page_text(page)
    done = post(client, page.redirect_chain[-1][0], {"new_password1": "copper-finch-58-mile",
                                                     "new_password2": "copper-finch-58-mile"})
    assert done.status_code == 302
    assert authenticate(username="pat", password="copper-finch-58-mile") is not None


def test_a_reset_for_an_unknown_address_reads_like_one_for_a_known_address(org: Org) -> None:
    response = post(Client(enforce_csrf_checks=True), reverse("accounts:password_reset"),
                    {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_an_admin_reset_of_a_password_is_mailed_to_its_owner(
        org: Org, django_capture_on_commit_callbacks: Any) -> None:
    _with_email(org)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for(org.ada), reverse("people:admin_person_edit", args=["pat"]),
                        {"username": "pat", "name": "Pat Quinn", "slug": "pat", "role": "pm",
                         "framework": "pm-quadrants", "level": "pm", "manager": org.morgan.pk,
                         "password": "copper-finch-58-mile"})
    assert response.status_code == 302
    [notice] = mail.outbox
    assert notice.to == ["pat@example.com"]
    assert "changed by ada" in notice.body


def test_a_password_changed_on_the_command_line_is_mailed_to_its_owner(
        org: Org, django_capture_on_commit_callbacks: Any) -> None:
    _with_email(org)
    with django_capture_on_commit_callbacks(execute=True):
            person_update(person=org.pat, username="pat", name="Pat Quinn", slug="pat", role="pm",
                      framework="pm-quadrants", level="pm", manager=org.morgan,
                      password="copper-finch-58-mile")
    [notice] = mail.outbox
    assert "on the command line" in notice.body


def test_a_password_change_by_its_owner_is_mailed_to_them(
        org: Org, django_capture_on_commit_callbacks: Any) -> None:
    _with_email(org)
    with django_capture_on_commit_callbacks(execute=True):
        post(client_for(org.pat), reverse("accounts:password_change"), {
            "old_password": PASSWORD, "new_password1": "copper-finch-58-mile",
            "new_password2": "copper-finch-58-mile"})
    [notice] = mail.outbox
    assert notice.subject == "Your rung password was changed"
    assert "by themselves" in notice.body


# --- idle sessions -------------------------------------------------------------------------


def test_a_session_idle_past_the_limit_is_logged_out(org: Org, settings: Any) -> None:
    settings.RUNG_IDLE_SECONDS = 2 * 3600
    client = client_for(org.pat)
    assert client.get(reverse("people:person", args=["pat"])).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=5)):
        response = client.get(reverse("people:person", args=["pat"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_session_in_use_stays_logged_in_past_the_idle_limit(org: Org, settings: Any) -> None:
    settings.RUNG_IDLE_SECONDS = 2 * 3600
    client = client_for(org.pat)
    start = timezone.now()
    for hours in (0, 1.5, 3, 4.5):
        with time_machine.travel(start + timedelta(hours=hours)):
            response = client.get(reverse("people:person", args=["pat"]))
        assert response.status_code == 200, hours


def test_the_login_page_after_an_idle_logout_says_why(org: Org, settings: Any) -> None:
    settings.RUNG_IDLE_SECONDS = 2 * 3600
    client = client_for(org.pat)
    client.get(reverse("people:person", args=["pat"]))
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        page = client.get(reverse("people:person", args=["pat"]), follow=True)
    assert "logged out after a while without activity" in page_text(page)
