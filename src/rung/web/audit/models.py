"""One row per security event. Append-only: the ORM refuses to change or delete a row.

People are kept as text (login and name at the time), not foreign keys: an entry outlives the
login it names, and deleting a person must neither cascade into the log nor rewrite it.
A restore replaces the whole database, this table included; the restore itself is then the
newest entry (`rung restore` records it, with the number of entries the log held before).
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils import timezone


class Event(models.TextChoices):
    LOGIN = "login", "Logged in"
    LOGIN_FAILED = "login_failed", "Login failed"
    LOCKED_OUT = "locked_out", "Locked out (too many failed logins)"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset asked for"
    PERSON_CREATED = "person_created", "Person added"
    ROLE_CHANGED = "role_changed", "Role changed"
    MANAGER_CHANGED = "manager_changed", "Manager changed"
    TOKEN_CREATED = "token_created", "API token created"
    TOKEN_USED = "token_used", "API token used"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    IMPORT = "import", "Organisation imported"
    RESTORE = "restore", "Database restored"


class AppendOnlyError(RuntimeError):
    """An attempt to change or delete an audit entry."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AppendOnlyError("audit entries are append-only: they cannot be changed or deleted")


class EntryQuerySet(models.QuerySet["AuditEntry"]):
    update = _refuse
    delete = _refuse
    bulk_update = _refuse


class AuditEntry(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    event = models.CharField(max_length=40, choices=Event.choices, db_index=True)
    # Logins ("ada"); empty for the command line (whoever runs the server) or nobody.
    actor = models.CharField(max_length=150, blank=True, db_index=True)
    subject = models.CharField(max_length=150, blank=True, db_index=True)
    detail = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ("-at", "-id")
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.event} {self.actor} → {self.subject}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()
