"""Create forms are submitted once: each carries a one-time key, claimed with what it creates.

A double click or a resent request posts the same page twice. Each create form renders a fresh
random key (`once_input`); the view writes inside `submitted_once`, which claims the key by
inserting it (unique) in the same transaction as the write. The second request of a pair
cannot insert it (on PostgreSQL it waits for the first to commit, on SQLite it queues behind
the first's IMMEDIATE transaction) and gets `AlreadySubmitted`: the view answers as if that
request had saved, and nothing is created twice. A write that fails rolls its claim back, so
the corrected form can be sent again with the same key.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

from rung.core.errors import InputError, Problem

FIELD = "once"
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


class AlreadySubmitted(Exception):
    """This form was submitted before (and that submit created what it had to)."""


def once_input() -> SafeString:
    """The hidden field with a fresh one-time key, for a create form."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD,
                       secrets.token_urlsafe(18))


@contextmanager
def submitted_once(request: HttpRequest) -> Iterator[None]:
    """Run the block's writes in one transaction with the claim of this form's key.

    Raises AlreadySubmitted when the key was claimed before, and InputError when the form
    carries none (a page from before this rule: reloading it gives the form a key).
    """
    key = request.POST.get(FIELD, "")
    if not _KEY.fullmatch(key):
        raise InputError([Problem("form", FIELD, "this form has no one-time key (the page is "
                                  "older than the app); what you wrote is below: send it "
                                  "again")])
    from rung.web.accounts.models import FormSubmission  # models load after this module

    with transaction.atomic():
        try:
            with transaction.atomic():
                FormSubmission.objects.create(key=key)
        except IntegrityError:
            raise AlreadySubmitted from None
        yield
