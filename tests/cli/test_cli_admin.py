"""`rung admin create`: the first administrator, without a shell one-liner. The password is
read from standard input (asked twice on a terminal), checked by the web app's password rules,
and every problem is reported at once with exit 2 and nothing created."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth import authenticate

from rung.cli.main import cli
from rung.web.people.models import Person, Role
from rung.web.people.services import person_create

pytestmark = pytest.mark.django_db
PASSWORD = "quiet-harbour-71-lantern"


def create(*args: str, password: str = PASSWORD) -> Any:
    return CliRunner().invoke(cli, ["admin", "create", *args], input=password + "\n")


def test_creates_an_admin_who_can_log_in() -> None:
    result = create("ada", "--name", "Ada Lovelace", "--email", "ada@example.com")
    assert result.exit_code == 0, result.output
    assert "Created the administrator Ada Lovelace (login: ada)" in result.stdout
    ada = Person.objects.get(slug="ada")
    assert ada.role == Role.ADMIN
    assert ada.name == "Ada Lovelace"
    assert ada.user.email == "ada@example.com"
    assert authenticate(username="ada", password=PASSWORD) == ada.user
    assert PASSWORD not in result.output


def test_a_password_the_web_app_would_refuse_is_refused_with_every_reason() -> None:
    result = create("ada", "--name", "Ada Lovelace", password="ada")
    assert result.exit_code == 2
    assert "error: password: value: This password is too short." in result.stderr
    assert "error: password: value: The password is too similar to the username." in (
        result.stderr)
    assert not Person.objects.exists()


def test_every_problem_with_the_names_is_reported_at_once() -> None:
    person_create(username="ada", password=PASSWORD, name="Ada", slug="ada", role="admin")
    taken = create("ada", "--name", " ", "--email", "not-an-address")
    assert taken.exit_code == 2
    assert "'ada' is taken" in taken.stderr
    assert "--name: value: empty" in taken.stderr
    assert "'not-an-address' is not an e-mail address" in taken.stderr
    assert "3 problems found; nothing was written." in taken.stderr
    bad = create("Ada Lovelace", "--name", "Ada")
    assert bad.exit_code == 2
    assert "use lower-case letters, digits and hyphens" in bad.stderr
    assert Person.objects.count() == 1


def test_the_name_is_required_and_documented() -> None:
    result = CliRunner().invoke(cli, ["admin", "create", "ada"], input=PASSWORD + "\n")
    assert result.exit_code == 2
    assert "Missing option '--name'" in result.output
    help_text = CliRunner().invoke(cli, ["admin", "create", "--help"]).output
    assert "asks for the password" in help_text
