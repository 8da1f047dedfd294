"""Authentication that loads the user and their Person record in one query.

Every page needs both (the privacy rule and the navigation), so `get_user` joins them; with
Django's ModelBackend each request paid a second query for the Person.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User


class PersonBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.select_related("person").filter(pk=user_id).order_by().first()
        return user if user is not None and self.user_can_authenticate(user) else None
