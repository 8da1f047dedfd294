"""Import a whole organisation (people, managers, levels, ratings) from CSV/XLSX, all or nothing.

`org_import` reads the files with rung.io (every rule of the long form lives there), checks
the result against the stored people, and only then writes everything in one transaction with
bulk inserts and updates. Any problem anywhere raises one `InputError` listing every problem
(file, row, column, value, fix) and writes nothing. Running it twice with the same files
changes nothing the second time; nothing the files do not mention is ever deleted.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import connection, transaction

from rung.core.errors import InputError, Problem
from rung.core.framework import Framework
from rung.io.frameworks import BUILTIN_FRAMEWORKS
from rung.io.org_people import OrgRead, Source, read_org
from rung.web.assessments.services import future_problem
from rung.web.audit.log import record
from rung.web.audit.models import Event
from rung.web.imports.people_plan import PeoplePlan, StoredPerson, plan_people
from rung.web.imports.writes import Tally, write_assessments, write_people
from rung.web.people.frameworks import get_framework
from rung.web.people.models import FrameworkEntry, Person, Role
from rung.web.people.services import manager_changed

Progress = Callable[[str], None]  # told the name of each phase as it starts


@dataclass(frozen=True)
class ImportResult:
    people: Tally
    assessments: Tally
    ratings: Tally
    scores: Tally
    notes_created: int
    dry_run: bool = False
    timings: dict[str, float] = field(default_factory=dict)  # seconds: read, check, write
    # Imported, but worth a look: PMs left without a manager (on nobody's dashboard).
    warnings: tuple[Problem, ...] = ()

    def summary(self) -> str:
        def part(what: str, t: Tally) -> str:
            return f"{what}: {t.created} created, {t.updated} updated, {t.unchanged} unchanged"

        lead = "Dry run, nothing written. " if self.dry_run else ""
        tail = (f"; {len(self.warnings)} warning(s): PMs without a manager"
                if self.warnings else "")
        return lead + "; ".join([part("people", self.people),
                                 part("assessments", self.assessments),
                                 part("scores", self.scores)]) + (
            f"; {self.notes_created} evidence note(s) added") + tail


def org_import(
    *,
    ratings: Source | None,
    people: Source | None = None,
    user: User | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the files; `Source` is (path, the file name problems should show).

    Raises `InputError` with every problem found, and then nothing is written; with `dry_run`
    everything is checked and counted, and the transaction is rolled back.
    """
    tell = progress or (lambda phase: None)
    if ratings is None and people is None:
        raise InputError([Problem("<input>", "file", "give a ratings file, a people file, "
                                  "or both")])
    t0 = time.perf_counter()
    tell("read")
    known = _known_frameworks()
    stored_fw = dict(Person.objects.values_list("slug", "framework"))
    read = read_org(ratings, people, frameworks=_lookup(known), known_frameworks=known,
                    stored_frameworks=stored_fw)
    t_read = time.perf_counter()
    tell("check")  # before the transaction: a background job records it (jobs._phase)
    with transaction.atomic():
        _one_import_at_a_time()
        stored = _stored_people()
        usernames = User.objects.values_list("username", flat=True)
        plan = plan_people(read, stored, usernames)
        problems = read.problems + plan.problems + _future_assessments(read)
        if problems:
            raise InputError(_in_order(problems, read))
        t_check = time.perf_counter()
        tell("write")
        people_tally, pk_of = write_people(plan, stored)
        tallies = write_assessments(read.assessments, pk_of, user)
        if dry_run:
            transaction.set_rollback(True)
        else:
            _on_record(people_tally, tallies.assessments, ratings, people, user)
    t_end = time.perf_counter()
    return ImportResult(
        people=people_tally, assessments=tallies.assessments, ratings=tallies.ratings,
        scores=tallies.scores, notes_created=tallies.notes, dry_run=dry_run,
        timings={"read": t_read - t0, "check": t_check - t_read, "write": t_end - t_check},
        warnings=tuple(_without_manager(plan)),
    )


def _on_record(people_tally: Tally, assessments: Tally, ratings: Source | None,
               people: Source | None, user: User | None) -> None:
    """The import and every move to another manager enter the audit log (with the import,
    so a refused or rolled-back import leaves no entry); each moved PM is told."""
    files = ", ".join(name for _, name in filter(None, (ratings, people)))
    record(Event.IMPORT, actor=user, detail=(
        f"{files}: people {people_tally.created} created, {people_tally.updated} updated; "
        f"assessments {assessments.created} created, {assessments.updated} updated; "
        f"{len(people_tally.moves)} moved to another manager"))
    if not people_tally.moves:
        return
    moved = {pk for move in people_tally.moves for pk in move if pk is not None}
    person_of = Person.objects.select_related("user").in_bulk(moved)
    for pk, old, new in people_tally.moves:
        manager_changed(person_of[pk], person_of.get(old) if old else None,
                        person_of.get(new) if new else None, actor=user)


def _future_assessments(read: OrgRead) -> list[Problem]:
    problems = []
    for core, _ in read.assessments:
        rated = read.rated.get(core.person.id)
        source, where = ((rated.source, f"row {rated.row}, column assessed_on") if rated
                         else (read.ratings_source or "<ratings>", "assessed_on"))
        if (problem := future_problem(source, where, core.assessed_on)) is not None:
            problems.append(problem)
    return problems


def _without_manager(plan: PeoplePlan) -> list[Problem]:
    """PMs of the file who end up with no manager: imported, but on nobody's dashboard."""
    return [
        Problem(p.source, f"row {p.row}, column manager",
                f"{p.name} ({p.slug}) is a PM with no manager, so no manager sees their "
                "plans; write their manager's person id in the manager column and import "
                "again, or set the manager on the People page")
        for p in plan.wanted.values() if p.role == Role.PM and not p.manager
    ]


# Any constant: the key of PostgreSQL's advisory lock that imports queue on.
IMPORT_LOCK = 0x72756E67  # "rung"


def _one_import_at_a_time() -> None:
    """Two imports of one new file at once would each see "no such assessment" and both create
    it. SQLite already runs them one after the other (IMMEDIATE transactions); on PostgreSQL
    the second waits here, then reads what the first wrote, until the transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def _known_frameworks() -> tuple[str, ...]:
    stored = FrameworkEntry.objects.values_list("key", flat=True)
    return tuple(dict.fromkeys([*BUILTIN_FRAMEWORKS, *stored]))


def _lookup(known: tuple[str, ...]) -> Callable[[str], Framework | None]:
    def lookup(key: str) -> Framework | None:
        if key not in known:
            return None
        try:
            return get_framework(key)
        except KeyError:
            return None

    return lookup


def _stored_people() -> dict[str, StoredPerson]:
    rows = Person.objects.values_list(
        "pk", "slug", "name", "role", "manager_id", "framework", "level", "target_level",
        "specialization", "product_area", "user_id", "user__email",
    )
    return {row[1]: StoredPerson(*row) for row in rows}


def _in_order(problems: list[Problem], read: OrgRead) -> list[Problem]:
    """The people sheet first, then the ratings; by row within each file."""
    order = {read.people_source: 0, read.ratings_source: 1}

    def key(p: Problem) -> tuple[int, str, int]:
        match = re.match(r"row (\d+)", p.where)
        return (order.get(p.source, 2), p.source, int(match.group(1)) if match else 0)

    return sorted(dict.fromkeys(problems), key=key)
