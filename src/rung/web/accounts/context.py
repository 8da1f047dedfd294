"""Template context: the logged-in person (`me`) and their role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from rung.web.people.selectors import person_of


def role(request: HttpRequest) -> dict[str, Any]:
    me = person_of(request.user)
    return {"me": me, "my_role": me.role if me else None}
