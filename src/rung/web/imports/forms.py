"""The upload form: a ratings file and an optional people file (or one workbook with both)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from rung.io.org_people import SUFFIXES

# An organisation file is much larger than one person's assessment (100,000 score rows of CSV
# are about 9 MB); above Django's in-memory limit the upload is spooled to a temporary file.
MB = 1024 * 1024
ORG_UPLOAD_BYTES: int = getattr(settings, "RUNG_IMPORT_MAX_BYTES", 20 * MB)


def _check(f: UploadedFile | None) -> UploadedFile | None:
    if f is None:
        return None
    name = f.name or ""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        hint = " (save it as .xlsx)" if suffix == ".xls" else ""
        raise forms.ValidationError(
            f"'{name}' is not a CSV or XLSX file{hint}; upload one of {', '.join(SUFFIXES)}")
    limit = ORG_UPLOAD_BYTES
    if (f.size or 0) > limit:
        raise forms.ValidationError(
            f"the file is {(f.size or 0) / MB:.1f} MB; the limit is {limit / MB:.1f} MB: split "
            "the organisation into several files (by department, say)")
    return f


class OrgImportForm(forms.Form):
    ratings = forms.FileField(
        required=False, label="Ratings file",
        help_text="CSV or XLSX, one score per row (an XLSX may also hold a 'people' sheet).")
    people = forms.FileField(
        required=False, label="People file (optional)",
        help_text="CSV or XLSX, one row per person: managers and admins who are not rated.")
    dry_run = forms.BooleanField(required=False, label="Check only (write nothing)")

    def clean_ratings(self) -> UploadedFile | None:
        return _check(self.cleaned_data.get("ratings"))

    def clean_people(self) -> UploadedFile | None:
        return _check(self.cleaned_data.get("people"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("ratings") and not data.get("people"):
            raise forms.ValidationError("choose a ratings file, a people file, or both")
        return data
