"""Mails that tell a person about a security event concerning them, sent after the commit
(never while a transaction holds the database)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

log = logging.getLogger(__name__)


def address_of(user: Any) -> str:
    """Where mail to a login goes (notices and reminders): its address, else
    LOGIN@RUNG_EMAIL_DOMAIN."""
    return str(user.email or f"{user.get_username()}@{settings.RUNG_EMAIL_DOMAIN}")


def _send_after_commit(address: str, subject: str, body: str) -> None:
    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        except OSError:  # the change stands; a mail server that is down must not undo it
            log.warning("could not send the notice %r to %s", subject, address, exc_info=True)

    transaction.on_commit(send)


def password_changed_notice(user: Any, how: str) -> None:
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")
    _send_after_commit(
        address_of(user), "Your rung password was changed",
        f"Hello,\n\nThe password of your rung login '{user.get_username()}' was changed "
        f"{how} on {when}.\n\nIf you did not expect this, choose \"Forgot your password?\" "
        "on rung's login page to set a new one, and tell your people-operations admin.\n")


def manager_changed_notice(person: Any, old: Any, new: Any, by: str) -> None:
    was = old.name if old is not None else "nobody"
    now = new.name if new is not None else "nobody"
    _send_after_commit(
        address_of(person.user), "Your manager in rung changed",
        f"Hello {person.name},\n\nYour manager in rung changed from {was} to {now}"
        f"{f' (by {by})' if by else ''}. Your manager sees your plans, assessments and the "
        "feedback on them.\n\nIf this is not right, tell your people-operations admin.\n")
