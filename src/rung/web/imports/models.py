"""An organisation import waiting for, or run by, the task worker (`rung worker`).

The uploaded files live in the row itself (not on a disk), so a worker on any app server can
read them, they survive restarts of the web app and the worker, and only the database's
owner can read them. They are dropped once the import has finished; what stays is the
outcome the status page shows to the admin who started it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "waiting for the worker"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "problems found, nothing written"
        ERROR = "error", "stopped by an error, nothing written"

    # A random id: the status page's address tells nothing about other imports.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="import_jobs")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=10, blank=True)  # services.Progress names
    rows_read = models.PositiveIntegerField(default=0)  # while reading (jobs._rows_read)
    dry_run = models.BooleanField(default=False)
    ratings_name = models.CharField(max_length=255, blank=True)
    ratings_data = models.BinaryField(null=True, blank=True)
    people_name = models.CharField(max_length=255, blank=True)
    people_data = models.BinaryField(null=True, blank=True)
    # The outcome: ImportResult as JSON (jobs.result_data), or the problems found.
    result = models.JSONField(null=True, blank=True)
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"import {self.id} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.ERROR)
