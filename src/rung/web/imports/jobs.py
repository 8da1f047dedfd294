"""Organisation imports as background tasks, on Django's tasks API (the django-tasks backport).

The web request only stores the uploaded files in an `ImportJob` and enqueues `run_import`;
the task worker (`rung worker`, django-tasks-db's `db_worker`) runs it and records the outcome
on the job, which the status page shows. The import itself is `services.org_import`, all or
nothing as on the command line. In tests and in the demo the tasks backend is the immediate
one: the task runs inside the request, and the status page shows it done.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from rung.core.errors import InputError, Problem
from rung.io.limits import READ_PROGRESS
from rung.io.org_people import Source
from rung.web.imports.models import ImportJob
from rung.web.imports.services import ImportResult, org_import

logger = logging.getLogger(__name__)
Status = ImportJob.Status

CRASHED = Problem("<import>", "the import", (
    "the import stopped on an unexpected error and nothing was written; upload the files "
    "again, and if it happens again tell whoever runs rung (the error is in the worker's log)"))


def start_import(*, owner: User, ratings: UploadedFile | None, people: UploadedFile | None,
                 dry_run: bool) -> ImportJob:
    """Keep the uploads in a new job and queue it: the request never parses the files."""
    job = ImportJob(owner=owner, dry_run=dry_run)
    if ratings is not None:
        job.ratings_name, job.ratings_data = _name(ratings, "ratings"), _read(ratings)
    if people is not None:
        job.people_name, job.people_data = _name(people, "people"), _read(people)
    job.save()
    run_import.enqueue(str(job.pk))
    job.refresh_from_db()  # the immediate backend (tests, demo) has run it already
    return job


@task()
def run_import(job_id: str) -> str:
    """Run one queued import; returns the job's final status (django-tasks keeps it)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now(), phase="read")
    if not claimed:  # ran already (a second worker, a task enqueued twice) or deleted
        return "skipped"
    job = ImportJob.objects.get(pk=job_id)
    try:
        result = _run(job)
    except InputError as exc:
        _finish(job, Status.FAILED, problems=exc.problems)
    except Exception:
        logger.exception("organisation import %s stopped on an error", job_id)
        _finish(job, Status.ERROR, problems=[CRASHED])
    else:
        _finish(job, Status.DONE, result=result)
    return str(job.status)


def _run(job: ImportJob) -> ImportResult:
    token = READ_PROGRESS.set(_rows_read(job))
    try:
        return _import(job)
    finally:
        READ_PROGRESS.reset(token)


def _rows_read(job: ImportJob) -> Callable[[str, int], None]:
    """Record the rows read so far (all files together) on the job, at most once a second:
    reading is most of a big import's time, and the status page shows the count."""
    latest: dict[str, int] = {}
    written = [0.0]

    def tell(source: str, rows: int) -> None:
        latest[source] = rows
        now = time.monotonic()
        if now - written[0] >= 1 and not connection.in_atomic_block:
            written[0] = now
            job.rows_read = sum(latest.values())  # kept by the job's final save too
            ImportJob.objects.filter(pk=job.pk).update(rows_read=job.rows_read)

    return tell


def _import(job: ImportJob) -> ImportResult:
    with tempfile.TemporaryDirectory(prefix="rung-org-import-") as tmp:

        def saved(data: bytes | memoryview | None, name: str, stem: str) -> Source | None:
            if data is None:
                return None
            path = Path(tmp) / f"{stem}{Path(name).suffix.lower()}"
            path.write_bytes(bytes(data))
            return path, name

        return org_import(
            ratings=saved(job.ratings_data, job.ratings_name, "ratings"),
            people=saved(job.people_data, job.people_name, "people"),
            user=job.owner, dry_run=job.dry_run, progress=lambda phase: _phase(job, phase))


def _phase(job: ImportJob, phase: str) -> None:
    # Inside the import's transaction a write would show nobody anything until the end (and
    # on SQLite it is the same lock): only the phases before it are recorded.
    if not connection.in_atomic_block:
        ImportJob.objects.filter(pk=job.pk).update(phase=phase)


def _finish(job: ImportJob, status: str, *, result: ImportResult | None = None,
            problems: list[Problem] | None = None) -> None:
    job.status = status
    job.finished_at = timezone.now()
    job.phase = ""
    job.result = result_data(result) if result is not None else None
    job.problems = [asdict(p) for p in (problems or [])[:SHOWN_PROBLEMS]]
    job.problem_count = len(problems or [])
    job.ratings_data = job.people_data = None  # the files are not kept once imported
    job.save()
    import_finished(job)


KEPT_FOR = timedelta(days=90)


def prune_history(now: datetime) -> None:
    """Imports that finished over 90 days ago, and the task worker's own records of them,
    are deleted as each import ends: the import page lists recent ones, the audit log keeps
    the fact, and neither table grows for ever."""
    cutoff = now - KEPT_FOR
    ImportJob.objects.filter(finished_at__lt=cutoff).delete()
    DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()


def import_finished(job: ImportJob) -> None:
    """The one place an import's end is known (done, refused or crashed): the worker's log
    says it, and old imports are pruned. (The audit log's `import` entry is written by
    `services.org_import`, in the import's own transaction, so only a written import has one.)"""
    logger.info("organisation import %s by %s: %s", job.pk, job.owner.get_username(),
                job.status)
    if job.finished_at is not None:
        prune_history(job.finished_at)


SHOWN_PROBLEMS = 500  # a page with more is no help; the count says how many there are


def result_data(result: ImportResult) -> dict[str, Any]:
    data = asdict(result)
    data["people"].pop("moves")  # on record in the audit log; the page shows the counts
    data["warnings"] = [asdict(w) for w in result.warnings]
    data["summary"] = result.summary()
    return data


def _name(f: UploadedFile, stem: str) -> str:
    return Path(f.name or stem).name


def _read(f: UploadedFile) -> bytes:
    return b"".join(f.chunks())
