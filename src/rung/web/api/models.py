"""API tokens: a person's keys to the REST API.

Only a SHA-256 digest of each secret is stored, so a leaked database (or backup) gives no
working token; the prefix is the part people can see to tell their tokens apart.
"""

from __future__ import annotations

from django.db import models

from rung.web.people.models import Person


class ApiToken(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    # The first characters of the secret ("rung_" and 8 more): shown in lists, used to revoke.
    prefix = models.CharField(max_length=16, unique=True)
    # hex SHA-256 of the whole secret; the secret itself is shown once and never stored.
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
