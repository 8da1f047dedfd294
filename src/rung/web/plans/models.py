"""Plans and their versions. The plan itself is the `rung.plan/1` JSON document of a version.

Every change is a new `PlanVersion` (who, when, what); `Plan` keeps the pointers and the few
fields lists and the privacy rule need. `content_version` is the number of the last version
that changed the plan's content (status changes do not): agreements and the no-lost-edits
check compare against it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rung.web.assessments.models import Assessment
from rung.web.people.models import Person


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed by one side"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = (Status.DRAFT, Status.AGREED)


class Plan(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plans")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="plans")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=0)
    content_version = models.PositiveIntegerField(default=0)
    current = models.ForeignKey(
        "PlanVersion", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cycle_start = models.DateField()
    cycle_end = models.DateField()
    # A cycle written down after it ran (the document's `recorded`): its start is in the past
    # on purpose, so it is not judged against today (plans.page.dating_day).
    recorded = models.BooleanField(default=False)
    target_level = models.CharField(max_length=80)
    # The current version's dates that its health depends on, and its focus competencies
    # (rung.core.tracking.timeline): team and organisation views judge many plans from these
    # without reading each plan's whole document.
    timeline = models.JSONField(null=True, blank=True)
    # Health of an active plan as last judged (rung.web.tracking.health): the launch flags and
    # missed reviews (comma-separated codes), valid from health_on through health_through.
    # Any new tracking fact or plan version clears health_through and bumps health_stamp; the
    # organisation view re-judges what is no longer valid, in bulk, before counting.
    launch_flags = models.CharField(max_length=200, blank=True)
    missed_reviews = models.CharField(max_length=200, blank=True)
    health_on = models.DateField(null=True, blank=True)
    health_through = models.DateField(null=True, blank=True)
    health_stamp = models.PositiveIntegerField(default=0)
    lint_errors = models.PositiveIntegerField(default=0)
    lint_warnings = models.PositiveIntegerField(default=0)
    # Agreements name the content version each side agreed to.
    pm_agreed_version = models.PositiveIntegerField(null=True, blank=True)
    manager_agreed_version = models.PositiveIntegerField(null=True, blank=True)
    # The PM's own words and choice, kept so a rebuild from the assessment keeps them.
    first_action = models.TextField(blank=True)
    pm_choice_replace = models.CharField(max_length=80, blank=True)
    pm_choice_with = models.CharField(max_length=80, blank=True)
    pm_choice_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"Plan {self.pk} for {self.person_id} ({self.status})"


class PlanVersion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.TextField()  # the rung.plan/1 JSON, exactly as stored
    kind = models.CharField(max_length=20)
    summary = models.CharField(max_length=300)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("plan", "-number")
        constraints = (
            models.UniqueConstraint(fields=["plan", "number"], name="one_version_number_per_plan"),
        )
