"""Assessments: ratings by role (self, manager, peers), evidence notes, calibration results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from rung.web.people.models import Person


class RaterRole(models.TextChoices):
    SELF = "self", "Self"
    MANAGER = "manager", "Manager"
    PEER = "peer", "Peer"


class Assessment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments")
    framework = models.CharField(max_length=80)
    assessed_on = models.DateField()
    # The person's level, target and specialization when assessed (a plan is built from these).
    level = models.CharField(max_length=80, blank=True)
    target_level = models.CharField(max_length=80, blank=True)
    specialization = models.CharField(max_length=80, blank=True)
    country = models.CharField(max_length=12, blank=True)
    # Optional context in the assessment contract's shape (product_area, upcoming, ...), JSON.
    context = models.TextField(default="{}", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-assessed_on", "-id")

    def __str__(self) -> str:
        return f"{self.person} {self.assessed_on.isoformat()}"


class Rating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    role = models.CharField(max_length=10, choices=RaterRole.choices)
    # The peer's name (or the manager's); a peer's name is never shown to the PM.
    rater_name = models.CharField(max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("id",)
        constraints = (
            models.UniqueConstraint(
                fields=["assessment", "role"],
                condition=Q(role__in=["self", "manager"]),
                name="one_self_and_one_manager_rating",
            ),
            models.UniqueConstraint(
                fields=["assessment", "role", "rater_name"], name="one_rating_per_named_peer"
            ),
        )


class Score(models.Model):
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="scores")
    competency = models.CharField(max_length=80)
    score = models.DecimalField(max_digits=4, decimal_places=2)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["rating", "competency"], name="one_score_per_rating"),
        )


class EvidenceNote(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    # The rating it came with (None for notes from an uploaded file).
    rating = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    competency = models.CharField(max_length=80)
    # Who wrote it: self, manager or peer ("import" for notes from an uploaded file).
    role = models.CharField(max_length=10)
    text = models.TextField()

    class Meta:
        ordering = ("id",)


class CalibrationRecord(models.Model):
    """The score self and manager agreed after a calibration conversation, and why."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="calibrations"
    )
    competency = models.CharField(max_length=80)
    score = models.DecimalField(max_digits=4, decimal_places=2)
    note = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("competency",)
        constraints = (
            models.UniqueConstraint(
                fields=["assessment", "competency"], name="one_calibration_per_competency"
            ),
        )
