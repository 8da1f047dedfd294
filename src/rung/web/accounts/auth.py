"""The logged-in user of a request, typed (LoginRequiredMiddleware keeps anonymous users out)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest


def user_of(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise Http404("Not found")
    return user
