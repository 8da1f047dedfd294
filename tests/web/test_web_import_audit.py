"""Issue 13, point 8: an organisation import is on record, and a PM the file moves to another
manager is told, as when an admin moves them on the People page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from rung.core.errors import InputError
from rung.web.audit.models import AuditEntry, Event
from rung.web.people.models import Person

from test_web_import import PEOPLE, RATINGS, org_files, person_rows, run, write_csv
from webtools import Org


def _moving_pat_to_casey(tmp_path: Path) -> tuple[Path, Path]:
    people = [("casey", "Casey Nguyen", "manager", "", "", ""),
              ("pat", "Pat Quinn", "pm", "casey", "pm", "pat@example.com")]
    return (write_csv(tmp_path / "ratings.csv", RATINGS, person_rows("pat", "Pat Quinn", "casey")),
            write_csv(tmp_path / "people.csv", PEOPLE, people))


def test_an_import_is_recorded_with_who_ran_it_and_what_it_wrote(org: Org, tmp_path: Path):
    ratings, people = org_files(tmp_path)
    run(ratings, people, user=org.ada.user)
    [entry] = AuditEntry.objects.filter(event=Event.IMPORT)
    assert entry.actor == "ada"
    assert "ratings.csv, people.csv: people 3 created" in entry.detail


def test_a_dry_run_or_a_refused_import_leaves_no_entry(org: Org, tmp_path: Path):
    ratings, people = org_files(tmp_path)
    run(ratings, people, user=org.ada.user, dry_run=True)
    bad = write_csv(tmp_path / "bad.csv", RATINGS, [("x", "X", "pm", "", "nope", "self", "",
                                                       "9", "2026-11-02", "", "")])
    with pytest.raises(InputError):
        run(bad, user=org.ada.user)
    assert not AuditEntry.objects.filter(event=Event.IMPORT).exists()


def test_a_pm_the_file_moves_to_another_manager_is_on_record_and_told(
        org: Org, tmp_path: Path, django_capture_on_commit_callbacks: Any):
    assert Person.objects.get(slug="pat").manager != Person.objects.get(slug="casey")
    with django_capture_on_commit_callbacks(execute=True):
        run(*_moving_pat_to_casey(tmp_path), user=org.ada.user)
    [moved] = AuditEntry.objects.filter(event=Event.MANAGER_CHANGED, subject="pat")
    assert moved.actor == "ada"
    assert "→ Casey Nguyen (casey)" in moved.detail
    [notice] = [m for m in mail.outbox if m.to == ["pat@example.com"]]
    assert "to Casey Nguyen (by ada)" in notice.body


def test_the_same_file_again_moves_nobody(org: Org, tmp_path: Path):
    files = _moving_pat_to_casey(tmp_path)
    run(*files, user=org.ada.user)
    run(*files, user=org.ada.user)
    assert AuditEntry.objects.filter(event=Event.MANAGER_CHANGED, subject="pat").count() == 1
