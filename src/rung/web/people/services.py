"""Writes of people and configuration (admin only; the views check the role)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from rung.core.errors import InputError, Problem
from rung.io.frameworks import (
    BUILTIN_FRAMEWORKS,
    is_warning,
    load_framework,
    validate_framework_file,
)
from rung.web.audit.log import record
from rung.web.audit.models import Event
from rung.web.audit.notices import manager_changed_notice
from rung.web.people.models import FrameworkEntry, Person, Role


def person_create(
    *,
    username: str,
    password: str,
    name: str,
    slug: str,
    role: str,
    framework: str = "pm-quadrants",
    level: str = "",
    target_level: str = "",
    specialization: str = "",
    product_area: str = "",
    country: str = "",
    manager: Person | None = None,
    email: str = "",
) -> Person:
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, password=password,
                                                    email=email)
        person = Person.objects.create(
            user=user, name=name, slug=slug, role=role, framework=framework, level=level,
            target_level=target_level, specialization=specialization,
            product_area=product_area, country=country.strip().upper(), manager=manager,
        )
        # The first manager is part of this entry: a new person has no earlier one to be told
        # of (manager_changed is for moves).
        record(Event.PERSON_CREATED, subject=user,
               detail=f"{name}, role {Role(role).label}, manager {_who(manager)}")
        return person


def _who(person: Person | None) -> str:
    return f"{person.name} ({person.user.get_username()})" if person is not None else "nobody"


def manager_changed(person: Person, old: Person | None, new: Person | None,
                    actor: User | None = None) -> None:
    """On record, and the PM is told: a new manager sees their plans and named feedback.
    Every write that moves a person to another manager calls this (`actor`: who, when no
    request says it, as for an import run by the task worker)."""
    entry = record(Event.MANAGER_CHANGED, actor=actor, subject=person.user,
                   detail=f"{_who(old)} → {_who(new)}")
    manager_changed_notice(person, old, new, entry.actor)


def person_update(
    *,
    person: Person,
    username: str,
    name: str,
    slug: str,
    role: str,
    framework: str,
    level: str = "",
    target_level: str = "",
    specialization: str = "",
    product_area: str = "",
    country: str = "",
    manager: Person | None = None,
    password: str = "",
) -> Person:
    with transaction.atomic():
        before = Person.objects.select_related("manager__user").get(pk=person.pk)
        user = person.user
        user.username = username
        if password:
            user.set_password(password)  # on record, and the person is told (rung.web.audit)
        user.save()
        for field, value in (("name", name), ("slug", slug), ("role", role),
                             ("framework", framework), ("level", level),
                             ("target_level", target_level),
                             ("specialization", specialization),
                             ("product_area", product_area),
                             ("country", country.strip().upper()), ("manager", manager)):
            setattr(person, field, value)
        person.save()
        if before.role != role:
            record(Event.ROLE_CHANGED, subject=user,
                   detail=f"{Role(before.role).label} → {Role(role).label}")
        if before.manager_id != (manager.pk if manager is not None else None):
            manager_changed(person, before.manager, manager)
        return person


def builtin_frameworks_ensure() -> None:
    """One FrameworkEntry per built-in framework (idempotent)."""
    for key in BUILTIN_FRAMEWORKS:
        if not FrameworkEntry.objects.filter(key=key).exists():
            FrameworkEntry.objects.create(key=key, name=load_framework(key).name, builtin=True)


def framework_upload(*, content: bytes, filename: str) -> FrameworkEntry:
    """Add (or replace) an uploaded framework after rung.io validates it."""
    suffix = Path(filename).suffix.lower()
    source = Path(filename).name
    with tempfile.TemporaryDirectory(prefix="rung-framework-") as tmp:
        path = Path(tmp) / f"framework{suffix}"
        path.write_bytes(content)
        problems = [p for p in validate_framework_file(path) if not is_warning(p)]
        if problems:
            raise InputError([Problem(source, p.where, p.message) for p in problems])
        framework = load_framework(path)
    if framework.id in BUILTIN_FRAMEWORKS:
        raise InputError([Problem(source, "id", f"'{framework.id}' is a built-in framework; "
                                  "give yours another id")])
    entry, _ = FrameworkEntry.objects.update_or_create(
        key=framework.id,
        defaults={"name": framework.name, "builtin": False,
                  "document": content.decode("utf-8"), "suffix": suffix},
    )
    return entry


def framework_set_enabled(*, entry: FrameworkEntry, enabled: bool) -> FrameworkEntry:
    entry.enabled = enabled
    entry.save(update_fields=["enabled"])
    return entry
