"""People and configuration: frameworks in use, people, their role and who manages whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Admin (people operations)"
    MANAGER = "manager", "Manager"
    PM = "pm", "Product manager"


class FrameworkEntry(models.Model):
    """A competency framework people can be assessed against: built-in, or uploaded by admin."""

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    builtin = models.BooleanField(default=False)
    enabled = models.BooleanField(default=True)
    # The uploaded YAML/JSON text (empty for built-ins, which ship with rung).
    document = models.TextField(blank=True)
    suffix = models.CharField(max_length=8, default=".yaml")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-builtin", "key")

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"


class Person(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person"
    )
    # The person id used in assessment files and plans ("pat").
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.PM)
    framework = models.CharField(max_length=80, default="pm-quadrants")
    # Empty: not a PM yet (a career changer); the engine then targets the entry level.
    level = models.CharField(max_length=80, blank=True)
    target_level = models.CharField(max_length=80, blank=True)
    specialization = models.CharField(max_length=80, blank=True)
    product_area = models.CharField(max_length=200, blank=True)
    # ISO code ("GB", "DE-BY"): whose public holidays the plan's dates avoid; blank uses the
    # organisation's default (RUNG_HOLIDAYS).
    country = models.CharField(max_length=12, blank=True)
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER
