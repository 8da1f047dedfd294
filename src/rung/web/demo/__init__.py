"""The demo organisation: an admin, two managers, six PMs, assessments and a plan per status.

`load_demo()` is idempotent: people are created once (a password that differs is set again) and a
person's assessments and plans are only added while they have none. Dates are shifted so the
demo is always current: assessments a week or two old, plans starting today.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from rung.core.errors import InputError, Problem
from rung.planning import default_start
from rung.web.assessments.services import assessment_import
from rung.web.people.models import Person, Role
from rung.web.people.services import builtin_frameworks_ensure
from rung.web.plans import services as plans
from rung.web.plans.models import Plan

DEFAULT_PASSWORD = "rung-demo-ladder"  # 12+ characters, like every rung password

STAFF = (
    ("ada", "Ada Lovelace", Role.ADMIN),
    ("morgan", "Morgan Blake", Role.MANAGER),
    ("casey", "Casey Nguyen", Role.MANAGER),
)
# (persona file / login, manager, plan scenario, days since the assessment)
PMS = (
    ("pat", "morgan", "draft", 11),
    ("riley", "morgan", "active", 14),
    ("jordan", "morgan", "agreed", 7),
    ("sam", "casey", "closed", 6),
    ("lee", "casey", None, 13),
    ("alex", "casey", None, 5),
)


@dataclass
class DemoResult:
    password: str
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (login, name, role)
    created: int = 0


def persona(slug: str) -> dict[str, Any]:
    text = resources.files("rung.web.demo").joinpath("personas", f"{slug}.yaml").read_text(
        encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def shifted(data: Any, delta: timedelta) -> Any:
    """A copy of parsed YAML with every date moved by `delta`."""
    if isinstance(data, date):
        return data + delta
    if isinstance(data, dict):
        return {k: shifted(v, delta) for k, v in data.items()}
    if isinstance(data, list):
        return [shifted(v, delta) for v in data]
    return copy.copy(data)


def _user(username: str, password: str) -> Any:
    users = get_user_model()
    user = users.objects.filter(username=username).first()
    if user is None:
        user = users.objects.create_user(username=username, password=password)
    elif not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def load_demo(*, password: str = DEFAULT_PASSWORD, today: date | None = None) -> DemoResult:
    try:
        validate_password(password)
    except ValidationError as exc:
        raise InputError([Problem("RUNG_DEMO_PASSWORD", "value", message)
                          for message in exc.messages]) from None
    today = today or date.today()
    result = DemoResult(password=password)
    builtin_frameworks_ensure()
    with transaction.atomic():
        staff: dict[str, Person] = {}
        for username, name, role in STAFF:
            user = _user(username, password)
            person, made = Person.objects.get_or_create(
                user=user, defaults={"slug": username, "name": name, "role": role})
            result.created += made
            staff[username] = person
            result.logins.append((username, name, role.label))
        for slug, manager_slug, scenario, age in PMS:
            data = persona(slug)
            p = data["person"]
            user = _user(slug, password)
            person, made = Person.objects.get_or_create(user=user, defaults={
                "slug": slug, "name": p["name"], "role": Role.PM,
                "level": p.get("level") or "", "target_level": p.get("target_level") or "",
                "specialization": p.get("specialization") or "",
                "product_area": (data.get("context") or {}).get("product_area", ""),
                "manager": staff[manager_slug],
            })
            result.created += made
            result.logins.append((slug, p["name"], f"PM, reports to {manager_slug}"))
            if person.assessments.exists():
                continue
            manager = staff[manager_slug]
            if scenario == "closed":
                _closed_cycle(person, manager, data, today)
            delta = (today - timedelta(days=age)) - data["assessed_on"]
            _import(person, manager, shifted(data, delta))
            if scenario is not None and scenario != "closed":
                _plan(person, manager, data, scenario, today)
    return result


def _import(person: Person, manager: Person, data: dict[str, Any]) -> None:
    content = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")
    assessment_import(person=person, content=content, filename=f"{person.slug}.yaml",
                      created_by=manager.user)


def _plan(person: Person, manager: Person, data: dict[str, Any], scenario: str,
          today: date, start: date | None = None) -> Plan:
    plan = plans.plan_generate(person=person, start=start or default_start(today),
                               user=manager.user)
    if data.get("first_action"):
        plan = plans.plan_set_first_action(plan=plan, text=data["first_action"],
                                           base_version=plan.version, user=person.user)
    if scenario in ("agreed", "active", "closed"):
        plan = plans.plan_agree(plan=plan, relation="manager", base_version=plan.version,
                                user=manager.user)
    if scenario in ("active", "closed"):
        plan = plans.plan_agree(plan=plan, relation="self", base_version=plan.version,
                                user=person.user)
    if scenario == "closed":
        plan = plans.plan_close(plan=plan, base_version=plan.version, user=manager.user)
    return plan


def _closed_cycle(person: Person, manager: Person, data: dict[str, Any], today: date) -> None:
    """Last quarter: an assessment, a plan both agreed, reviewed and closed."""
    start = default_start(today - timedelta(days=100))
    delta = (start - timedelta(days=10)) - data["assessed_on"]
    _import(person, manager, shifted(data, delta))
    _plan(person, manager, shifted(data, delta), "closed", today, start=start)
