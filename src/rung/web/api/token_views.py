"""Pages where a logged-in person creates, lists and revokes their own API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from rung.core.errors import InputError
from rung.web.api import tokens
from rung.web.people.models import Person
from rung.web.people.selectors import person_of


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="Where the token is used, e.g. 'HR sync'.")


def _me(request: HttpRequest) -> Person:
    me = person_of(request.user)
    if me is None:
        raise Http404("Not found")
    return me


def _page(request: HttpRequest, me: Person, form: TokenForm, *, secret: str = "",
          status: int = 200) -> HttpResponse:
    return render(request, "api/tokens.html", {
        "tokens": tokens.tokens_of(me), "form": form, "secret": secret,
    }, status=status)


@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    return _page(request, _me(request), TokenForm())


def token_create(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, me, form, status=400)
    try:
        new = tokens.token_create(person=me, name=form.cleaned_data["name"])
    except InputError as exc:
        for p in exc.problems:
            form.add_error("name", p.message)
        return _page(request, me, form, status=400)
    # Rendered, not redirected: the secret must not travel through a cookie or the session.
    return _page(request, me, TokenForm(), secret=new.secret, status=201)


def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = tokens.get_token_for_user(request.user, token_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    tokens.token_revoke(token=token)
    messages.success(request, f"Revoked {token.prefix}… ({token.name}): it no longer works.")
    return redirect("api_tokens:list")
