"""The admin's organisation import page: the form, the template, the problems or the summary."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rung.core.errors import InputError, Problem
from rung.io.long_form import COLUMNS as RATING_COLUMNS
from rung.io.long_form import REQUIRED as RATING_REQUIRED
from rung.io.org_people import PEOPLE_COLUMNS, PEOPLE_REQUIRED, Source
from rung.web.accounts.auth import user_of
from rung.web.imports.forms import ORG_UPLOAD_BYTES, OrgImportForm
from rung.web.imports.services import ImportResult, org_import
from rung.web.imports.template_xlsx import org_template
from rung.web.people.frameworks import get_framework
from rung.web.people.selectors import get_admin_for_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_PROBLEMS = 500  # a page with more is no help; the count says how many there are


def upload(request: HttpRequest) -> HttpResponse:
    get_admin_for_user(request.user)
    if request.method == "GET" and request.GET.get("template") == "xlsx":
        content = org_template(get_framework("pm-quadrants"), date.today().isoformat())
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="organisation-template.xlsx"'
        return response
    form = OrgImportForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []
    result: ImportResult | None = None
    if request.method == "POST" and form.is_valid():
        try:
            result = _import(form, request)
        except InputError as exc:
            problems = exc.problems
    return render(request, "imports/upload.html", {
        "form": form, "problems": problems[:SHOWN_PROBLEMS], "problem_count": len(problems),
        "result": result, "limit_mb": ORG_UPLOAD_BYTES // (1024 * 1024),
        "rating_required": RATING_REQUIRED,
        "rating_optional": [c for c in RATING_COLUMNS if c not in RATING_REQUIRED],
        "people_required": PEOPLE_REQUIRED,
        "people_optional": [c for c in PEOPLE_COLUMNS if c not in PEOPLE_REQUIRED],
    })


def _import(form: OrgImportForm, request: HttpRequest) -> ImportResult:
    with tempfile.TemporaryDirectory(prefix="rung-org-import-") as tmp:

        def saved(f: UploadedFile | None, stem: str) -> Source | None:
            if f is None:
                return None
            name = Path(f.name or stem).name
            path = Path(tmp) / f"{stem}{Path(name).suffix.lower()}"
            with path.open("wb") as out:
                for chunk in f.chunks():
                    out.write(chunk)
            return path, name

        return org_import(
            ratings=saved(form.cleaned_data.get("ratings"), "ratings"),
            people=saved(form.cleaned_data.get("people"), "people"),
            user=user_of(request), dry_run=bool(form.cleaned_data.get("dry_run")),
        )
