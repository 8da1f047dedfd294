"""What the accounts app stores beyond Django's users: the keys of submitted create forms."""

from __future__ import annotations

from django.db import models


class FormSubmission(models.Model):
    """The one-time key a create form carried, claimed in the same transaction as the rows the
    form created: a second submit of the same page (a double click, a resent request) finds
    the key taken and creates nothing. Nothing else refers to these rows."""

    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
