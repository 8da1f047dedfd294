"""The audit log for admins: a filtered, paginated page and the same rows as CSV.
Everybody else gets a 404 (the pages do not exist for them)."""

from __future__ import annotations

import csv
from datetime import datetime, time

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from rung.io.spreadsheet_cells import csv_cell
from rung.web.audit.models import AuditEntry, Event
from rung.web.people.selectors import get_admin_for_user

PAGE_SIZE = 50


class FilterForm(forms.Form):
    event = forms.ChoiceField(choices=[("", "Any event"), *Event.choices], required=False)
    person = forms.CharField(max_length=150, required=False,
                             help_text="A login: entries by or about them.")
    since = forms.DateField(required=False, label="From",
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To",
                            widget=forms.DateInput(attrs={"type": "date"}))


def _filtered(form: FilterForm) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if not form.is_valid():
        return entries.none()
    data = form.cleaned_data
    if data["event"]:
        entries = entries.filter(event=data["event"])
    if data["person"]:
        who = data["person"].strip()
        entries = entries.filter(Q(actor=who) | Q(subject=who))
    zone = timezone.get_current_timezone()
    if data["since"]:
        entries = entries.filter(at__gte=datetime.combine(data["since"], time.min, zone))
    if data["until"]:
        entries = entries.filter(at__lte=datetime.combine(data["until"], time.max, zone))
    return entries


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    get_admin_for_user(request.user)
    form = FilterForm(request.GET)
    page = Paginator(_filtered(form), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log.html", {
        "form": form, "page": page, "query": query.urlencode(), "labels": dict(Event.choices),
    })


@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    get_admin_for_user(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="rung-audit-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(["at", "event", "actor", "subject", "detail", "ip"])
    for e in _filtered(FilterForm(request.GET)).iterator(chunk_size=2000):
        writer.writerow([csv_cell(v) for v in (
            timezone.localtime(e.at).isoformat(), e.event, e.actor, e.subject, e.detail,
            e.ip or "")])
    return response
