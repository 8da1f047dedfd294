"""Error answers: every refusal is JSON with a `detail`, and input problems are listed each with
its field path and the fix (the same `Problem`s the CLI prints and the pages show)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from rung.core.errors import Problem


class ApiProblems(Exception):
    def __init__(self, status: int, detail: str, problems: list[Problem]) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.problems = problems


def install(api: NinjaAPI) -> None:
    def handle(request: HttpRequest, exc: ApiProblems | type[ApiProblems]) -> HttpResponse:
        assert isinstance(exc, ApiProblems)
        return api.create_response(request, {
            "detail": exc.detail,
            "problems": [{"where": p.where, "message": p.message} for p in exc.problems],
        }, status=exc.status)

    api.add_exception_handler(ApiProblems, handle)
