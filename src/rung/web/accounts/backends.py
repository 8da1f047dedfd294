"""Authentication that loads the user and their Person record in one query.

Every page needs both (the privacy rule and the navigation), so `get_user` joins them; with
Django's ModelBackend each request paid a second query for the Person.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.http import HttpRequest


class PersonBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.select_related("person").filter(pk=user_id).order_by().first()
        return user if user is not None and self.user_can_authenticate(user) else None


class ThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """django-axes' lockout check (first in AUTHENTICATION_BACKENDS), for web logins only.

    A login without a request (the command line, which already runs as whoever owns the
    server) has nobody to throttle; axes would refuse it outright.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> None:
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        return None
