"""Bearer-token authentication for the API, and the caller of a request.

The API takes a token only. A browser's session cookie is ignored on purpose: session
authentication would make every write need a CSRF token, and a page the user happens to have
open must never be able to call the API on their behalf.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer

from rung.web.api.tokens import person_for_secret
from rung.web.people.models import Person


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Person | None:
        person = person_for_secret(token.strip())
        if person is not None:
            # person_of() reads this cache: the privacy selectors then need no extra query.
            person.user.__dict__["_rung_person"] = person
        return person


def caller(request: HttpRequest) -> Person:
    """The person whose token authenticated this request (never the session's user)."""
    person = getattr(request, "auth", None)
    assert isinstance(person, Person), "API operations run only after TokenAuth"
    return person


def caller_user(request: HttpRequest) -> User:
    return caller(request).user
