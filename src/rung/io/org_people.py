"""An organisation file for `rung import`: the ratings (long form) and, optionally, who is who.

- **ratings**: the long form of `rung plan --batch` (one score per row; DESIGN.md section 4),
  read and checked by `rung.io.long_form` unchanged, so one file serves both commands.
- **people** (optional): one row per person, for managers and admins who are not rated and for
  anything the ratings cannot say (role, email, product area). Columns: `PEOPLE_COLUMNS`.
- Both may sit in one XLSX workbook as sheets named "people" and "ratings", or come as two
  files (`rung import ratings.csv --people people.csv`).

Nothing here knows about the database: `read_org` returns what the files say, with every
problem it found, and the caller adds the checks against what is already stored.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import PlainValidator, ValidationError

from rung.core.assessment import Assessment
from rung.core.errors import InputError, Problem
from rung.core.framework import Framework

from . import long_form, tables
from ._resolve import FrameworkResolver
from ._types import LevelId, SpecializationId, Strict, Text, target_below_level
from .frameworks import DEFAULT_FRAMEWORK
from .validation import rung_error
from .validation import validation_problems as _validation_problems
from .wording import FILE, describe, did_you_mean, listing

PEOPLE_COLUMNS = (
    "person_id",
    "person_name",
    "role",
    "manager",
    "level",
    "target_level",
    "specialization",
    "framework",
    "email",
    "product_area",
)
PEOPLE_REQUIRED = ("person_id", "person_name")
ROLES = ("pm", "manager", "admin")
SUFFIXES = (".csv", ".xlsx")
PEOPLE_SHEET, RATINGS_SHEET = "people", "ratings"
PEOPLE_WHAT = f"a header row ({', '.join(PEOPLE_REQUIRED)}, ...) and one row per person"

Source = tuple[Path, str]  # (where the bytes are, the name problems give the file)


def _role(value: Any) -> str:
    role = value.strip().lower() if isinstance(value, str) else value
    if role in ROLES:
        return str(role)
    hint = did_you_mean(role, ROLES) if isinstance(role, str) else ""
    raise rung_error(f"{describe(value)} is not a role{hint}; use one of: {', '.join(ROLES)}")


def _email(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    local, at, domain = text.rpartition("@")
    if not (at and local and "." in domain and " " not in text and len(text) <= 254):
        raise rung_error(f"{describe(value)} is not an email address, e.g. pat@example.com")
    return text


class PeopleRowIn(Strict):
    person_id: Text
    person_name: Text
    role: Annotated[str, PlainValidator(_role)] | None = None
    manager: Text | None = None
    level: LevelId | None = None
    target_level: LevelId | None = None
    specialization: SpecializationId | None = None
    framework: Text | None = None
    email: Annotated[str, PlainValidator(_email)] | None = None
    product_area: Text | None = None


@dataclass(frozen=True)
class PersonRow:
    """One row of the people sheet, checked."""

    source: str
    row: int
    person_id: str
    name: str
    role: str | None = None  # None: decided by the importer (manager if anyone reports to them)
    manager: str | None = None  # a person id or a name, as written
    level: str | None = None
    target_level: str | None = None
    specialization: str | None = None
    framework: str | None = None  # None: not given
    email: str | None = None
    product_area: str | None = None


@dataclass(frozen=True)
class RatedPerson:
    """The person cells of someone's first ratings row, as written (before any check)."""

    source: str
    row: int
    person_id: str
    name: str
    manager: str | None
    framework: str | None
    level: str | None
    target_level: str | None
    specialization: str | None


@dataclass
class OrgRead:
    people: list[PersonRow] = field(default_factory=list)
    rated: dict[str, RatedPerson] = field(default_factory=dict)  # by person id, in file order
    assessments: list[tuple[Assessment, Framework]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Ids and names of people-sheet rows with a problem: named as someone's manager, they are
    # not also "unknown".
    unreadable: set[str] = field(default_factory=set)
    ratings_source: str | None = None
    people_source: str | None = None


class KnownFrameworks(FrameworkResolver):
    """Only frameworks `lookup` knows by id: an org file cannot make rung read other paths."""

    def __init__(
        self, source: str, lookup: Callable[[str], Framework | None], known: Iterable[str]
    ) -> None:
        super().__init__(source, Path.cwd(), None)
        self.lookup = lookup
        self.known = tuple(known)

    def _load(self, ref: str, where: str) -> tuple[Framework | None, list[Problem]]:
        found = self.lookup(ref)
        if found is not None:
            return found, []
        return None, [
            Problem(
                self.source,
                where,
                f"unknown framework {describe(ref)}{did_you_mean(ref, self.known)}; frameworks "
                f"in rung: {listing(list(self.known))} (an admin uploads others first)",
            )
        ]


def read_org(
    ratings: Source | None,
    people: Source | None = None,
    *,
    frameworks: Callable[[str], Framework | None],
    known_frameworks: Iterable[str],
    stored_frameworks: Mapping[str, str] | None = None,
) -> OrgRead:
    """Everything the files say, and every problem in them (never raises for bad input).

    `frameworks` looks a framework id up (None: unknown); `stored_frameworks` gives the
    framework of people already known (by person id), used where their rows name none.
    """
    known = tuple(known_frameworks)
    out = OrgRead()
    ratings_records: list[tables.Record] | None = None
    people_records: list[tables.Record] | None = None
    try:
        if ratings is not None:
            out.ratings_source = ratings[1]
            sheets = _read_table(ratings, both=True)
            ratings_records = sheets.get(RATINGS_SHEET)
            if PEOPLE_SHEET in sheets:
                if people is not None:
                    raise InputError([Problem(people[1], FILE, (
                        f"{ratings[1]} has a '{PEOPLE_SHEET}' sheet already; give the people "
                        "once: in that sheet or in this file"))])
                people = (ratings[0], f"{ratings[1]} [{PEOPLE_SHEET}]")
                people_records = sheets[PEOPLE_SHEET]
        if people is not None and people_records is None:
            people_records = _read_table(people, both=False)[PEOPLE_SHEET]
    except InputError as exc:
        out.problems += exc.problems
        return out
    stored = dict(stored_frameworks or {})
    if people is not None and people_records is not None:
        out.people_source = people[1]
        resolver = KnownFrameworks(people[1], frameworks, known)
        out.people = _people(people_records, people[1], resolver, stored, out)
    if ratings is not None and ratings_records is not None:
        source = ratings[1]
        defaults = {**stored, **{p.person_id: p.framework for p in out.people if p.framework}}
        with tables.gc_paused():
            records = _with_frameworks(ratings_records, defaults)
            out.rated = _rated_people(records, source)
            try:
                out.assessments = long_form.load_long_form(
                    records, source, KnownFrameworks(source, frameworks, known)
                )
            except InputError as exc:
                out.problems += exc.problems
    return out


# --- reading the files ------------------------------------------------------------------------


def _read_table(source: Source, *, both: bool) -> dict[str, list[tables.Record]]:
    """The sheets of one file by role: a CSV is one table (ratings, or people if not `both`)."""
    path, name = source
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        hint = " (the old Excel format: save it as .xlsx)" if suffix == ".xls" else ""
        raise InputError([Problem(name, FILE, (
            f"unsupported file type {describe(suffix or path.name)}{hint}; an organisation "
            f"file is {' or '.join(SUFFIXES)}"))])
    role = RATINGS_SHEET if both else PEOPLE_SHEET
    if suffix == ".csv":
        return {role: tables.read_csv(path, name, long_form.TABLE_WHAT)}
    return _read_workbook(path, name, role if not both else None)


def _read_workbook(path: Path, source: str, only: str | None) -> dict[str, list[tables.Record]]:
    what = PEOPLE_WHAT if only == PEOPLE_SHEET else long_form.TABLE_WHAT
    with tables.open_workbook(path, source, what) as workbook:
        by_name = {ws.title.strip().casefold(): ws for ws in workbook.worksheets}
        if only is not None:  # a people file: its "people" sheet, else its first
            chosen = {only: by_name.get(only, workbook.worksheets[0])}
        elif PEOPLE_SHEET in by_name or RATINGS_SHEET in by_name:
            chosen = {k: by_name[k] for k in (PEOPLE_SHEET, RATINGS_SHEET) if k in by_name}
        else:
            chosen = {RATINGS_SHEET: workbook.worksheets[0]}
        return {role: tables.read_sheet(sheet, source) for role, sheet in chosen.items()}


# --- the people sheet -----------------------------------------------------------------------


def _people(
    records: list[tables.Record],
    source: str,
    resolver: FrameworkResolver,
    stored: Mapping[str, str],
    out_read: OrgRead,
) -> list[PersonRow]:
    problems = out_read.problems
    records = [(n, cells) for n, cells in records if any(cells)]
    if not records:
        problems.append(Problem(source, FILE, f"the file is empty; expected {PEOPLE_WHAT}"))
        return []
    header_number, header = records[0]
    columns = [tables.header_name(h) for h in header]
    if not _people_header(header_number, header, columns, source, problems):
        return []
    first: dict[str, int] = {}
    for i, column in enumerate(columns):
        if column in PEOPLE_COLUMNS:
            first.setdefault(column, i)
    out: list[PersonRow] = []
    seen: dict[str, int] = {}
    for number, cells in records[1:]:
        for i in range(len(columns), len(cells)):
            if cells[i]:
                problems.append(Problem(source, f"row {number}, column "
                                        f"{tables.column_letter(i)}",
                                        f"value {describe(cells[i])} is in a column without a "
                                        f"header; name the column in row {header_number} or "
                                        "delete the value"))
                break
        data = {c: cells[i] for c, i in first.items() if i < len(cells) and cells[i]}
        person_id = data.get("person_id", "")
        if person_id in seen:
            problems.append(Problem(source, f"row {number}, column person_id", (
                f"'{person_id}' is listed twice (also row {seen[person_id]}); keep one row "
                "per person")))
            continue
        if person_id:
            seen[person_id] = number
        ref = data.get("framework") or stored.get(person_id) or DEFAULT_FRAMEWORK
        framework, fw_problems = resolver.resolve(ref, f"row {number}, column framework")
        problems += fw_problems
        try:
            row = PeopleRowIn.model_validate(
                data, context={"framework": framework} if framework else None
            )
        except ValidationError as exc:
            problems += _validation_problems(
                exc, source, PeopleRowIn, where=functools.partial(_where, number),
                missing=lambda column: f"empty; fill in {column}",
            )
            row = None
            out_read.unreadable.update(v for v in (person_id, data.get("person_name")) if v)
        if framework is not None:  # on the cells, so it is reported beside any other problem
            message = target_below_level(data.get("level"), data.get("target_level"), framework)
            if message:
                problems.append(Problem(source, f"row {number}, column target_level", message))
        if row is None:
            continue
        out.append(PersonRow(
            source=source, row=number, person_id=row.person_id, name=row.person_name,
            role=row.role, manager=row.manager, level=row.level, target_level=row.target_level,
            specialization=row.specialization,
            framework=framework.id if framework and row.framework else None,
            email=row.email, product_area=row.product_area,
        ))
    if len(records) == 1:
        problems.append(Problem(source, f"row {header_number + 1}",
                                "no people under the header; add one row per person"))
    return out


def _people_header(
    number: int, header: list[str], columns: list[str], source: str, problems: list[Problem]
) -> bool:
    """Report header problems; False when the rows cannot be read."""
    missing = [c for c in PEOPLE_REQUIRED if c not in columns]
    unexpected = [(h, c) for h, c in zip(header, columns, strict=True)
                  if c and c not in PEOPLE_COLUMNS]
    seen: set[str] = set()
    for i, column in enumerate(columns):
        if column in seen:
            problems.append(Problem(source, f"row {number}, column {tables.column_letter(i)}",
                                    f"column '{column}' appears twice; keep one"))
        seen.add(column)
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(f"missing columns: {', '.join(missing)}")
        if unexpected:
            parts.append("unexpected columns: " + ", ".join(
                f"'{h}'{did_you_mean(c, PEOPLE_COLUMNS)}" for h, c in unexpected))
        optional = [c for c in PEOPLE_COLUMNS if c not in PEOPLE_REQUIRED]
        problems.append(Problem(source, f"row {number}", "; ".join(parts) + (
            f". Required columns: {', '.join(PEOPLE_REQUIRED)}; optional: {', '.join(optional)}")))
    return not missing and not unexpected


def _where(row: int, loc: tuple[int | str, ...]) -> str:
    return f"row {row}, column {loc[0]}" if loc else f"row {row}"


# --- the ratings: who is in them, and each person's framework ---------------------------------


def _with_frameworks(
    records: list[tables.Record], defaults: Mapping[str, str]
) -> list[tables.Record]:
    """Rows naming no framework get their person's (from the people sheet or the database).

    Without this a stored person on an uploaded framework would be checked against the
    default framework whenever the ratings file leaves the column out.
    """
    rows = [(n, cells) for n, cells in records if any(cells)]
    if not rows or not defaults:
        return records
    header_number, header = rows[0]
    columns = [tables.header_name(h) for h in header]
    if "person_id" not in columns:
        return records
    at_id = columns.index("person_id")
    if "framework" in columns:
        at_fw, header_out = columns.index("framework"), header
    else:
        at_fw, header_out = len(header), [*header, "framework"]
    width = len(header_out)
    out: list[tables.Record] = [(header_number, header_out)]
    for number, cells in rows[1:]:
        person_id = cells[at_id] if at_id < len(cells) else ""
        default = defaults.get(person_id)
        if default and (at_fw >= len(cells) or not cells[at_fw]):
            cells = cells + [""] * (width - len(cells)) if len(cells) < width else list(cells)
            cells[at_fw] = default
        out.append((number, cells))
    return out


def _rated_people(records: list[tables.Record], source: str) -> dict[str, RatedPerson]:
    rows = [(n, cells) for n, cells in records if any(cells)]
    if not rows:
        return {}
    columns = [tables.header_name(h) for h in rows[0][1]]
    at = {c: columns.index(c) for c in long_form.COLUMNS if c in columns}
    if "person_id" not in at:
        return {}

    def cell(cells: list[str], column: str) -> str | None:
        i = at.get(column)
        return (cells[i] or None) if i is not None and i < len(cells) else None

    out: dict[str, RatedPerson] = {}
    id_at = at["person_id"]
    for number, cells in rows[1:]:
        person_id = cells[id_at] if id_at < len(cells) else ""
        if not person_id or person_id in out:
            continue
        out[person_id] = RatedPerson(
            source=source, row=number, person_id=person_id,
            name=cell(cells, "person_name") or "", manager=cell(cells, "manager"),
            framework=cell(cells, "framework"), level=cell(cells, "level"),
            target_level=cell(cells, "target_level"),
            specialization=cell(cells, "specialization"),
        )
    return out


__all__ = [
    "PEOPLE_COLUMNS",
    "PEOPLE_REQUIRED",
    "ROLES",
    "KnownFrameworks",
    "OrgRead",
    "PersonRow",
    "RatedPerson",
    "Source",
    "read_org",
]
