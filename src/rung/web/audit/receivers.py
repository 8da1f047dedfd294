"""Events that Django and django-axes announce by signal: logins, failures, lockouts and
password changes (wherever a password is set: the web, an admin, the command line, a reset)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from rung.web.audit.log import login_of, record
from rung.web.audit.middleware import current_request
from rung.web.audit.models import AuditEntry, Event
from rung.web.audit.notices import password_changed_notice


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(Event.LOGIN, actor=user, subject=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                  **kwargs: Any) -> None:
    if request is None:  # a check on the command line, not somebody at the door
        return
    name = str(credentials.get("username") or "")
    record(Event.LOGIN_FAILED, actor="", subject=name, request=request)


@receiver(user_locked_out)
def _locked_out(sender: Any, request: HttpRequest | None = None, username: str | None = None,
                ip_address: str | None = None, **kwargs: Any) -> None:
    # axes announces the lock on every refused try; one entry per lock is the event (each
    # try is a login_failed entry of its own).
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    if AuditEntry.objects.filter(event=Event.LOCKED_OUT, subject=username or "",
                                 ip=ip_address, at__gte=since).exists():
        return
    record(Event.LOCKED_OUT, actor="", subject=username or "", request=request,
           detail="further logins refused until the cool-off ends")


@receiver(post_save, sender=get_user_model())
def _password_saved(sender: Any, instance: Any, created: bool, raw: bool = False,
                    **kwargs: Any) -> None:
    # set_password() keeps the new password in `_password` until save() has finished.
    if raw or created or getattr(instance, "_password", None) is None:
        return
    request = current_request.get()
    actor = getattr(request, "user", None) if request is not None else None
    by = login_of(actor)
    if by == instance.get_username():
        how = "by themselves"
    elif by:
        how = f"by {by}"
    elif request is not None:
        how = "with a password-reset link"
    else:
        how = "on the command line"
    record(Event.PASSWORD_CHANGED, actor=by, subject=instance, detail=how, request=request)
    password_changed_notice(instance, how)
