"""Who the organisation file says is who, checked against the people already stored.

Pure Python over a snapshot of the `Person` table (one query): the merged picture of every
person the file names (people sheet over ratings rows over what is stored), manager references
resolved to person ids, roles decided, and every problem only the database can reveal — an
unknown manager, a manager who is not a manager, a loop in who-manages-whom, an id already
used by someone else — each named at the file row that causes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rung.core.errors import Problem
from rung.io.org_people import OrgRead, PersonRow, RatedPerson
from rung.web.people.forms import RESERVED_SLUGS
from rung.web.people.models import Role

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
DEFAULT_FRAMEWORK = "pm-quadrants"
NAME_MAX = 200
# Person fields the import sets (the name never changes: a different name is a problem).
FIELDS = ("role", "framework", "level", "target_level", "specialization", "product_area")


@dataclass(frozen=True)
class StoredPerson:
    pk: int
    slug: str
    name: str
    role: str
    manager_id: int | None
    framework: str
    level: str
    target_level: str
    specialization: str
    product_area: str
    user_id: int
    email: str


@dataclass
class WantedPerson:
    """A person as they will be after the import."""

    slug: str
    name: str
    source: str
    row: int
    role: str = Role.PM
    framework: str = DEFAULT_FRAMEWORK
    level: str = ""
    target_level: str = ""
    specialization: str = ""
    product_area: str = ""
    email: str = ""
    manager: str | None = None  # a person id
    stored: StoredPerson | None = None

    def changes(self, manager_slug: str | None) -> dict[str, object]:
        """Fields that differ from the stored person (everything for a new one)."""
        s = self.stored
        if s is None:
            return {"new": True}
        out: dict[str, object] = {f: getattr(self, f) for f in FIELDS
                                  if getattr(self, f) != getattr(s, f)}
        if self.manager != manager_slug:
            out["manager"] = self.manager
        if self.email != s.email:
            out["email"] = self.email
        return out


@dataclass
class PeoplePlan:
    wanted: dict[str, WantedPerson] = field(default_factory=dict)  # file order
    problems: list[Problem] = field(default_factory=list)


def normal_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def plan_people(
    read: OrgRead, stored: Mapping[str, StoredPerson], usernames: Iterable[str]
) -> PeoplePlan:
    plan = PeoplePlan()
    by_pk = {p.pk: p for p in stored.values()}
    sheet = {p.person_id: p for p in read.people}
    rated_core = {a.person.id: a for a, _ in read.assessments}
    taken = set(usernames)
    refs: dict[str, str] = {}  # person id -> the manager cell, as written
    for slug in [*sheet, *(s for s in read.rated if s not in sheet)]:
        person = _merge(slug, sheet.get(slug), read.rated.get(slug), stored.get(slug), plan)
        core = rated_core.get(slug)
        if core is not None and slug not in sheet:
            # Checked values from the ratings (the raw cells were only for locating rows).
            person.level = core.person.level or person.level
            person.target_level = core.person.target_level or person.target_level
            person.specialization = core.person.specialization or person.specialization
        _check_identity(person, taken, plan.problems)
        ref = _manager_ref(sheet.get(slug), read.rated.get(slug))
        if ref:
            refs[slug] = ref
        plan.wanted[slug] = person
    resolved = _resolve_managers(plan, refs, stored, read.unreadable)
    current = {p.slug: by_pk[p.manager_id].slug if p.manager_id in by_pk else None
               for p in stored.values()}
    for slug, person in plan.wanted.items():
        person.manager = resolved.get(slug, current.get(slug))
    _decide_roles(plan, sheet, set(resolved.values()))
    _check_managers(plan, stored, current)
    _check_loops(plan, current)
    return plan


def _merge(
    slug: str,
    row: PersonRow | None,
    rated: RatedPerson | None,
    stored: StoredPerson | None,
    plan: PeoplePlan,
) -> WantedPerson:
    where = row or rated
    assert where is not None
    name = row.name if row else (rated.name if rated else "")
    if row and rated and rated.name and normal_name(rated.name) != normal_name(row.name):
        plan.problems.append(Problem(rated.source, f"row {rated.row}, column person_name", (
            f"'{rated.name}' differs from '{row.name}' in {row.source} row {row.row} for "
            f"person '{slug}'; one id is one person: fix the name or the id")))
    person = WantedPerson(slug=slug, name=stored.name if stored else name, source=where.source,
                          row=where.row, stored=stored)
    if stored is not None:
        for f in FIELDS:
            setattr(person, f, getattr(stored, f))
        person.email = stored.email
        if name and normal_name(name) != normal_name(stored.name):
            plan.problems.append(Problem(where.source, f"row {where.row}, column person_id", (
                f"'{slug}' is {stored.name} in rung, but this row names '{name}'; use another "
                f"person_id for {name}, or correct the name if it is the same person")))
    if rated is not None:
        person.framework = rated.framework or person.framework
        person.level = rated.level or person.level
        person.target_level = rated.target_level or person.target_level
        person.specialization = rated.specialization or person.specialization
    if row is not None:
        if row.role:
            person.role = row.role
        person.framework = row.framework or person.framework
        person.level = row.level or person.level
        person.target_level = row.target_level or person.target_level
        person.specialization = row.specialization or person.specialization
        person.product_area = row.product_area or person.product_area
        person.email = row.email or person.email
    return person


def _manager_ref(row: PersonRow | None, rated: RatedPerson | None) -> str | None:
    # The people sheet says who manages whom now; a ratings row said it when assessed.
    if row is not None and row.manager:
        return row.manager
    return rated.manager if rated is not None else None


def _check_identity(person: WantedPerson, taken: set[str], problems: list[Problem]) -> None:
    at = f"row {person.row}, column person_id"
    if not SLUG.fullmatch(person.slug):
        problems.append(Problem(person.source, at, (
            f"'{person.slug}' cannot be a person id in rung; use letters, digits, '-' and '_' "
            "(at most 80), e.g. pat-quinn")))
    elif person.slug in RESERVED_SLUGS:
        problems.append(Problem(person.source, at, (
            f"'{person.slug}' is reserved in rung's web addresses; choose another person id")))
    elif person.stored is None and person.slug in taken:
        problems.append(Problem(person.source, at, (
            f"a login named '{person.slug}' exists without a person; a new person's login is "
            "their person id, so choose another id or remove that login")))
    if len(person.name) > NAME_MAX:
        problems.append(Problem(person.source, f"row {person.row}, column person_name",
                                f"longer than {NAME_MAX} characters; shorten it"))


def _resolve_managers(
    plan: PeoplePlan,
    refs: Mapping[str, str],
    stored: Mapping[str, StoredPerson],
    unreadable: set[str],
) -> dict[str, str]:
    """person id -> their manager's person id, for every reference that resolves."""
    names: dict[str, set[str]] = {}
    for slug, name in [*((p.slug, p.name) for p in stored.values()),
                       *((w.slug, w.name) for w in plan.wanted.values())]:
        names.setdefault(normal_name(name), set()).add(slug)
    unreadable = {normal_name(u) for u in unreadable}
    out: dict[str, str] = {}
    for slug, ref in refs.items():
        person = plan.wanted[slug]
        at = f"row {person.row}, column manager"
        if ref in plan.wanted or ref in stored:
            out[slug] = ref
            continue
        if normal_name(ref) in unreadable:
            continue  # their own row's problem is reported; do not add a second one
        found = sorted(names.get(normal_name(ref), ()))
        if len(found) == 1:
            out[slug] = found[0]
        elif found:
            plan.problems.append(Problem(person.source, at, (
                f"'{ref}' names {len(found)} people ({', '.join(found)}); write the manager's "
                "person_id instead")))
        else:
            plan.problems.append(Problem(person.source, at, (
                f"manager '{ref}' is neither in this file nor in rung; add them to the people "
                "sheet (person_id, person_name, role manager) or write the person_id of "
                "someone in rung")))
    return out


def _decide_roles(
    plan: PeoplePlan,
    sheet: Mapping[str, PersonRow],
    managers: set[str],
) -> None:
    for slug, person in plan.wanted.items():
        explicit = slug in sheet and sheet[slug].role
        if person.stored is None and not explicit:
            person.role = Role.MANAGER if slug in managers else Role.PM


def _role_of(slug: str, plan: PeoplePlan, stored: Mapping[str, StoredPerson]) -> str:
    if slug in plan.wanted:
        return plan.wanted[slug].role
    return stored[slug].role


def _check_managers(
    plan: PeoplePlan, stored: Mapping[str, StoredPerson], current: Mapping[str, str | None]
) -> None:
    for slug, person in plan.wanted.items():
        manager = person.manager
        if manager is None or manager == slug:  # a self-reference is reported as a loop
            continue
        role = _role_of(manager, plan, stored)
        if role != Role.MANAGER:
            in_file = manager in plan.wanted
            plan.problems.append(Problem(person.source, f"row {person.row}, column manager", (
                f"'{manager}' is {'an' if role == Role.ADMIN else 'a'} {role} "
                f"{'in this file' if in_file else 'in rung'}; only a manager can have reports: "
                f"give '{manager}' the role manager "
                + ("in the people sheet" if in_file else "(people sheet or admin page)"))))
    # A manager the file demotes must not keep reports the file leaves with them.
    kept: dict[str, list[str]] = {}
    for slug, manager in current.items():
        final = plan.wanted[slug].manager if slug in plan.wanted else manager
        if final is not None:
            kept.setdefault(final, []).append(slug)
    for slug, person in plan.wanted.items():
        if person.stored is not None and person.role != Role.MANAGER and kept.get(slug):
            reports = sorted(kept[slug])
            plan.problems.append(Problem(person.source, f"row {person.row}, column role", (
                f"'{slug}' would stop being a manager but still manages "
                f"{', '.join(reports[:5])}{' …' if len(reports) > 5 else ''}; give them "
                "another manager in the people sheet first, or keep the role manager")))


def _check_loops(plan: PeoplePlan, current: Mapping[str, str | None]) -> None:
    manager_of = dict(current)
    manager_of.update({slug: p.manager for slug, p in plan.wanted.items()})
    done: set[str] = set()
    for start in plan.wanted:
        path: list[str] = []
        on_path: set[str] = set()
        slug: str | None = start
        while slug is not None and slug not in done and slug not in on_path:
            path.append(slug)
            on_path.add(slug)
            slug = manager_of.get(slug)
        if slug is not None and slug in on_path:
            loop = path[path.index(slug):]
            where = plan.wanted[next(s for s in loop if s in plan.wanted)]
            chain = " → ".join([*loop, slug])
            message = (
                f"'{slug}' would manage themselves; leave manager empty or name their manager"
                if len(loop) == 1 else
                f"who-manages-whom goes round in a loop ({chain}); someone in it must report "
                "outside the loop or to nobody")
            plan.problems.append(Problem(where.source, f"row {where.row}, column manager",
                                         message))
        done.update(path)
