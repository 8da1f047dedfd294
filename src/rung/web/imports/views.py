"""The admin's organisation import page: the form and the template; each upload becomes a
background job (rung.web.imports.jobs) with a status page showing its progress, then the
summary or the problems."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from rung.io.long_form import COLUMNS as RATING_COLUMNS
from rung.io.long_form import REQUIRED as RATING_REQUIRED
from rung.io.org_people import PEOPLE_COLUMNS, PEOPLE_REQUIRED
from rung.web.accounts.auth import user_of
from rung.web.imports.forms import ORG_UPLOAD_BYTES, OrgImportForm
from rung.web.imports.jobs import start_import
from rung.web.imports.models import ImportJob
from rung.web.imports.template_xlsx import org_template
from rung.web.people.frameworks import get_framework
from rung.web.people.selectors import get_admin_for_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POLL_SECONDS = 2
STALLED_AFTER = timedelta(minutes=30)


def upload(request: HttpRequest) -> HttpResponse:
    get_admin_for_user(request.user)
    if request.method == "GET" and request.GET.get("template") == "xlsx":
        content = org_template(get_framework("pm-quadrants"), date.today().isoformat())
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="organisation-template.xlsx"'
        return response
    form = OrgImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(owner=user_of(request), ratings=form.cleaned_data.get("ratings"),
                           people=form.cleaned_data.get("people"),
                           dry_run=bool(form.cleaned_data.get("dry_run")))
        return redirect("imports:status", job.pk)
    return render(request, "imports/upload.html", {
        "form": form, "limit_mb": ORG_UPLOAD_BYTES // (1024 * 1024),
        "recent": ImportJob.objects.filter(owner=user_of(request)).defer(
            "ratings_data", "people_data", "result", "problems")[:5],
        "rating_required": RATING_REQUIRED,
        "rating_optional": [c for c in RATING_COLUMNS if c not in RATING_REQUIRED],
        "people_required": PEOPLE_REQUIRED,
        "people_optional": [c for c in PEOPLE_COLUMNS if c not in PEOPLE_REQUIRED],
    })


def status(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """Only the admin who started the import sees it: its problems quote the files."""
    get_admin_for_user(request.user)
    job = ImportJob.objects.defer("ratings_data", "people_data").filter(
        pk=job_id, owner=user_of(request)).first()
    if job is None:
        raise Http404("No such import")
    # Imports run one at a time (services._one_import_at_a_time): say how many come first.
    ahead = ImportJob.objects.filter(
        status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING],
        created_at__lt=job.created_at).count() if job.status == ImportJob.Status.QUEUED else 0
    # A worker killed mid-import (kill -9, a lost machine) leaves its job "running" for ever;
    # its transaction was rolled back. No import runs this long (reading has a time cap).
    stalled = (job.status == ImportJob.Status.RUNNING and job.started_at is not None
               and timezone.now() - job.started_at > STALLED_AFTER)
    template = "imports/_status.html" if getattr(request, "htmx", False) else "imports/status.html"
    return render(request, template, {"job": job, "ahead": ahead,
                                      "stalled": stalled, "poll_seconds": POLL_SECONDS})
