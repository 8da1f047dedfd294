"""`rung admin create`: the first administrator, who then adds everyone else in the web app.

The password is asked twice on a terminal (never an argument: it would stay in the shell
history and in `ps`); from a pipe it is the first line of standard input. It must pass the
same password rules as the web app's password change.
"""

from __future__ import annotations

import sys

import click

from rung.cli.common import fail
from rung.cli.web import setup_django
from rung.core.errors import Problem


def _password() -> str:
    if sys.stdin.isatty():
        entered: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        return entered
    return sys.stdin.readline().rstrip("\r\n")


@click.group("admin")
def admin_cmd() -> None:
    """Administrators of the web app."""


@admin_cmd.command("create")
@click.argument("username")
@click.option("--name", required=True, help="The name shown in the app, e.g. 'Ada Lovelace'.")
@click.option("--email", default="", help="Where reminders and notices go (default: "
              "USERNAME@RUNG_EMAIL_DOMAIN).")
def admin_create_cmd(username: str, name: str, email: str) -> None:
    """Create an administrator who logs in as USERNAME; asks for the password.

    \b
    rung admin create ada --name "Ada Lovelace" --email ada@example.com
    """
    setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.utils.text import slugify

    from rung.web.people.models import Person, Role
    from rung.web.people.services import person_create

    problems = []
    slug = slugify(username)
    if not username.strip() or slug != username:
        problems.append(Problem("USERNAME", "value", f"'{username}': use lower-case letters, "
                                "digits and hyphens, e.g. 'ada'"))
    elif get_user_model().objects.filter(username=username).exists() or \
            Person.objects.filter(slug=slug).exists():
        problems.append(Problem("USERNAME", "value", f"'{username}' is taken; choose another "
                                "(change an existing login on the admin's people page)"))
    if not name.strip():
        problems.append(Problem("--name", "value", "empty; give the person's name"))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(Problem("--email", "value", f"'{email}' is not an e-mail address"))
    if problems:
        fail(problems)
    password = _password()
    try:
        validate_password(password, user=get_user_model()(username=username, email=email))
    except ValidationError as exc:
        fail([Problem("password", "value", message) for message in exc.messages])
    person = person_create(username=username, password=password, name=name.strip(),
                           slug=slug, role=Role.ADMIN, email=email)
    click.echo(f"Created the administrator {person.name} (login: {username}). They add "
               "people, managers and frameworks on the People page.")
