"""Keeping the plan alive: self-checks, check-ins, launch marks and sent nudges.

Everything a person writes here is append-only: a new row per self-check, check-in or mark,
never an update, so nothing is lost. Adjustments a check-in makes to the plan itself become a
new plan version through the plans app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rung.web.plans.models import Plan


class SelfCheck(models.Model):
    """The PM's weekly self-check: per focus area, what was practised and what was learned."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="self_checks")
    done_on = models.DateField()
    # [{"competency", "name", "practised", "learned"}]
    entries = models.JSONField(default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-done_on", "-id")


class CheckInKind(models.TextChoices):
    MONTHLY = "monthly-check-in", "Monthly check-in"
    LAUNCH = "launch-check", "Launch check (day 14)"
    CALIBRATION = "calibration", "Calibration conversation"


class CheckInRecord(models.Model):
    """A check-in held by the manager and the PM: a colour and a typed blocker per focus area."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="check_ins")
    kind = models.CharField(max_length=20, choices=CheckInKind.choices,
                            default=CheckInKind.MONTHLY)
    held_on = models.DateField()
    # [{"competency", "name", "rag", "blocker", "note", "milestones_met", "milestones_total"}]
    focus = models.JSONField(default=list)
    adjustments = models.JSONField(default=list)  # [str]
    plan_version = models.PositiveIntegerField(null=True, blank=True)  # made by the adjustments
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-held_on", "-id")


class MarkKind(models.TextChoices):
    FIRST_ACTION = "first-visible-action", "First visible action done"
    ACTIVITY = "activity-started", "Development activity started"
    PROVIDER = "provider-contacted", "Feedback provider contacted"


class LaunchMark(models.Model):
    """A launch step the PM says is done (the earliest mark of a kind counts)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="launch_marks")
    kind = models.CharField(max_length=30, choices=MarkKind.choices)
    done_on = models.DateField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("done_on", "id")


class NudgeStatus(models.TextChoices):
    PENDING = "pending", "waiting to be sent"
    SENT = "sent", "sent"
    FAILED = "failed", "given up"


class SentNudge(models.Model):
    """A reminder in the outbox: one row per nudge key, ever (the unique key is the
    exactly-once claim); the mail itself is sent after the row is committed and at least once
    (`rung.web.tracking.outbox`)."""

    key = models.CharField(max_length=255, unique=True)
    plan = models.ForeignKey(Plan, null=True, on_delete=models.CASCADE, related_name="+")
    send_on = models.DateField()
    recipients = models.CharField(max_length=1000, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=NudgeStatus.choices,
                              default=NudgeStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # A worker holds a claim until then; one that died mid-send is replaced once it lapses.
    claimed_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(null=True, auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)


class FeedbackProvider(models.Model):
    """Someone named to give feedback on one focus area of one plan (and nothing else): a rung
    user (`person`), or someone without a login reached by e-mail (`name`, `email`) through a
    `FeedbackLink`."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="feedback_providers")
    competency = models.CharField(max_length=80)
    focus_name = models.CharField(max_length=200)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="feedback_roles")
    name = models.CharField(max_length=200, blank=True)  # without a login
    email = models.EmailField(blank=True)  # without a login
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("id",)
        constraints = (
            models.UniqueConstraint(fields=["plan", "competency", "person"],
                                    name="one_provider_role_per_focus_area"),
            models.UniqueConstraint(fields=["plan", "competency", "email"],
                                    condition=~models.Q(email=""),
                                    name="one_invited_provider_per_focus_area"),
            models.CheckConstraint(condition=models.Q(person__isnull=False) | ~models.Q(email=""),
                                   name="provider_is_a_person_or_an_address"),
        )

    @property
    def display_name(self) -> str:
        return self.person.name if self.person is not None else self.name or self.email


class FeedbackLink(models.Model):
    """The e-mailed key of a provider without a login: it opens that one focus area's feedback
    page and nothing else. Only a digest of the signed token is kept (the token is in the
    e-mail only); a link expires, can be revoked, and records when it was used."""

    provider = models.ForeignKey(FeedbackProvider, on_delete=models.CASCADE,
                                 related_name="links")
    digest = models.CharField(max_length=64, unique=True)  # hex SHA-256 of the token
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    first_used_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)  # times its page was opened

    class Meta:
        ordering = ("-id",)


class FeedbackEntry(models.Model):
    """Structured feedback from a named provider (append-only)."""

    provider = models.ForeignKey(FeedbackProvider, on_delete=models.CASCADE,
                                 related_name="entries")
    observed_on = models.DateField()
    situation = models.TextField()
    went_well = models.TextField(blank=True)
    to_change = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-observed_on", "-id")


class CalendarToken(models.Model):
    """A person's private ICS feed address. Revoked tokens are kept (revoked_at set)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                               related_name="calendar_tokens")
    # hex SHA-256 of the secret in the address; the secret is shown once and never stored.
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-id",)


class ReviewSelfScore(models.Model):
    """The PM's own score now per focus competency, given at the day-90 review: it becomes
    their self-rating in the next cycle's assessment (the review's scores are the manager's).
    Append-only: the latest counts."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="review_self_scores")
    done_on = models.DateField()
    scores = models.JSONField(default=dict)  # {competency: score}
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-done_on", "-id")


class CycleReview(models.Model):
    """The day-90 review: re-scores, milestones met, diagnosis and decision per focus area."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cycle_reviews")
    held_on = models.DateField()
    # [{"competency", "name", "before", "after", "target", "milestones_met",
    #   "milestones_total", "decision", "cause", "diagnosis"}]
    outcomes = models.JSONField(default=list)
    carried_forward = models.JSONField(default=list)  # [competency], next cycle's start
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-held_on", "-id")
