"""Writes and reads of API tokens: create (the secret is returned once), revoke, look up."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from rung.core.errors import InputError, Problem
from rung.web.api.models import ApiToken
from rung.web.audit.log import record
from rung.web.audit.models import Event
from rung.web.people.models import Person
from rung.web.people.selectors import AnyUser, person_of

SCHEME = "rung_"
PREFIX_LENGTH = len(SCHEME) + 8
# last_used_at is a hint for people cleaning up tokens, not an audit log: writing it at most
# once a minute keeps a polling script from turning every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown to its owner once; only its digest is kept


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_create(*, person: Person, name: str) -> NewToken:
    name = name.strip()
    if not name:
        raise InputError([Problem("token", "name", "give the token a name that says where it "
                                  "is used, e.g. 'HR sync'")])
    if len(name) > 100:
        raise InputError([Problem("token", "name", "keep the name under 100 characters")])
    while True:
        secret = SCHEME + secrets.token_urlsafe(32)
        prefix = secret[:PREFIX_LENGTH]
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    token = ApiToken.objects.create(person=person, name=name, prefix=prefix,
                                    digest=digest_of(secret))
    record(Event.TOKEN_CREATED, subject=person, detail=f"{prefix}… '{name}'")
    return NewToken(token=token, secret=secret)


def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke (idempotent: a revoked token keeps its first revocation time)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(Event.TOKEN_REVOKED, subject=token.person, detail=f"{token.prefix}… '{token.name}'")
    return token


def person_for_secret(secret: str) -> Person | None:
    """The owner of an active token, or None; also notes when the token was last used."""
    if not secret.startswith(SCHEME):
        return None
    found = (ApiToken.objects.select_related("person__user", "person__manager")
             .filter(digest=digest_of(secret), revoked_at__isnull=True).first())
    if found is None or not found.person.user.is_active:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        # On record at the same resolution: a polling script adds one entry a minute at most.
        record(Event.TOKEN_USED, actor=found.person, subject=found.person,
               detail=f"{found.prefix}… '{found.name}'")
    return found.person


def tokens_of(person: Person) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(person=person).order_by("-created_at", "-id")


def get_token_for_user(user: AnyUser, token_id: int) -> ApiToken:
    """One of the user's own tokens; 404 for anybody else's, managers and admins included."""
    me = person_of(user)
    found = ApiToken.objects.filter(pk=token_id, person=me).first() if me else None
    if found is None:
        raise Http404("No such token")
    return found


def all_tokens(username: str | None = None) -> QuerySet[ApiToken]:
    """Every token (for the `rung token list` command run by whoever runs the server)."""
    q = ApiToken.objects.select_related("person__user").order_by("-created_at", "-id")
    return q.filter(person__user__username=username) if username else q


def tokens_by_prefix(prefix: str) -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("person__user").filter(prefix__startswith=prefix)
