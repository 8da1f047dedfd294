"""`record()`: the one way an event enters the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest

from rung.web.audit.middleware import current_request
from rung.web.audit.models import AuditEntry, Event

Who = AbstractBaseUser | AnonymousUser | Any | str | None


def login_of(who: Who) -> str:
    """A login name from a user, a Person, a login string or nobody ("")."""
    if who is None or isinstance(who, AnonymousUser):
        return ""
    if isinstance(who, str):
        return who[:150]
    user = getattr(who, "user", who)  # a Person has a user
    if isinstance(user, AbstractBaseUser):
        return str(user.get_username())[:150]
    return str(who)[:150]


def _address(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR only, like the login throttle: a forwarded header is the client's claim.
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def record(event: Event | str, actor: Who = None, subject: Who = None, detail: str = "",
           request: HttpRequest | None = None) -> AuditEntry:
    """Add an entry. `actor` None means whoever is logged in on the request being served
    (none on the command line); `request` None means that request, if any."""
    request = request if request is not None else current_request.get()
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    return AuditEntry.objects.create(
        event=Event(event), actor=login_of(actor), subject=login_of(subject),
        detail=detail[:2000], ip=_address(request))
