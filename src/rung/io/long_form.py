"""The long form of an assessment table: one score per row, possibly many people, into
checked `Assessment`s (every problem at once, named by row and column).

A blank score means "not rated" (templates list every competency); a row may then still carry
an evidence note. The rows come from `rung.io.tables`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, TypeVar

from rung.core.assessment import Assessment, Person, RaterRole, Rating
from rung.core.errors import InputError, Problem
from rung.core.framework import Framework

from ._resolve import FrameworkResolver
from ._types import (
    CompetencyId,
    Country,
    IsoDate,
    LevelId,
    Role,
    Score,
    SpecializationId,
    Strict,
    Text,
    target_below_level,
)
from .tables import Record, column_letter, header_name
from .validation import checked
from .wording import FILE, Loc, describe, did_you_mean

COLUMNS = (
    "person_id",
    "person_name",
    "level",
    "target_level",
    "competency",
    "rater",
    "rater_name",
    "score",
    "assessed_on",
    "evidence",
    "specialization",
    "framework",
    "manager",
    "country",
)
REQUIRED = ("person_id", "person_name", "level", "competency", "rater", "score", "assessed_on")
# Columns describing the person: every row of one person must agree on them.
PERSON_COLUMNS = (
    "person_name",
    "level",
    "target_level",
    "assessed_on",
    "specialization",
    "framework",
    "manager",
    "country",
)
TABLE_WHAT = f"a header row ({', '.join(REQUIRED)}, ...) and one row per score"

_UNEXPECTED = "?"  # the column of an unexpected header


# --- boundary models (one per person, one per row) -------------------------------------------


class PersonRowIn(Strict):
    person_id: Text
    person_name: Text
    level: LevelId | None = None
    target_level: LevelId | None = None
    specialization: SpecializationId | None = None
    manager: Text | None = None
    country: Country | None = None
    assessed_on: IsoDate


class ScoreRowIn(Strict):
    competency: CompetencyId
    rater: Role | None = None
    rater_name: Text | None = None
    score: Score | None = None
    evidence: Text | None = None


_PERSON_FIELDS = tuple(PersonRowIn.model_fields)
_SCORE_FIELDS = tuple(ScoreRowIn.model_fields)
# (competency, rater, score) cells -> their validated values, per framework. Large files repeat
# the same few hundred combinations, and validation depends only on the cells and the framework,
# so each combination goes through pydantic once; failures are never cached (their problems
# name the row). A cached row's other fields (rater_name, evidence) are `Text`: any non-blank
# stripped cell passes unchanged, which is checked before the cache is trusted.
_In = TypeVar("_In", PersonRowIn, ScoreRowIn)
_ScoreKey = tuple[str, str, str]
_ScoreValue = tuple[str, RaterRole | None, float | None]


# --- rows -> assessments ---------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    number: int
    cells: dict[str, str]
    # The cells of the PERSON_COLUMNS in the header ('' when blank or past the row's end): one
    # comparison tells whether all rows of a person agree.
    person: tuple[str, ...] = ()
    # The (competency, rater, score) cells, '' when blank: the key of the validation cache.
    score_key: tuple[str, str, str] = ("", "", "")


def load_long_form(
    records: list[Record], source: str, resolver: FrameworkResolver
) -> list[tuple[Assessment, Framework]]:
    records = [(n, cells) for n, cells in records if any(cells)]
    if not records:
        raise InputError([Problem(source, FILE, f"the file is empty; expected {TABLE_WHAT}")])
    header_number, header = records[0]
    problems: list[Problem] = []
    columns, missing = _header(header_number, header, source, problems)
    if missing:
        raise InputError(problems)  # the rows cannot be read without these columns
    rows = _rows(records[1:], columns, header_number, source, problems)
    if not rows and not problems:
        problems.append(
            Problem(
                source,
                f"row {header_number + 1}",
                "no data rows under the header; add one row per score",
            )
        )
    people: dict[str, list[_Row]] = {}
    for row in rows:
        person_id = row.cells.get("person_id", "")
        if not person_id:
            problems.append(
                Problem(
                    source,
                    f"row {row.number}, column person_id",
                    "empty; every row needs the id of the person assessed",
                )
            )
            continue
        people.setdefault(person_id, []).append(row)
    out = []
    caches: dict[int, dict[_ScoreKey, _ScoreValue]] = {}
    for person_id, person_rows in people.items():
        result = _PersonBuilder(person_id, person_rows, source, resolver, caches).build()
        problems += result[1]
        if result[0] is not None:
            out.append(result[0])
    if problems:
        raise InputError(sorted(problems, key=_row_of))  # stable: row order, then discovery
    return out


def _row_of(problem: Problem) -> int:
    match = re.match(r"row (\d+)", problem.where)
    return int(match.group(1)) if match else 0


def _header(
    number: int, header: list[str], source: str, problems: list[Problem]
) -> tuple[list[str], list[str]]:
    """(canonical column name per position, '' where there is no header; missing columns)."""
    columns = [header_name(h) for h in header]
    unexpected = [(h, c) for h, c in zip(header, columns, strict=True) if c and c not in COLUMNS]
    missing = [c for c in REQUIRED if c not in columns]
    seen: dict[str, int] = {}
    for i, column in enumerate(columns):
        if column in COLUMNS and column in seen:
            problems.append(
                Problem(
                    source,
                    f"row {number}, column {column}",
                    f"column '{column}' appears twice (columns {column_letter(seen[column])} "
                    f"and {column_letter(i)}); keep one",
                )
            )
        seen.setdefault(column, i)
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(f"missing columns: {', '.join(missing)}")
        if unexpected:
            named = [f"'{h}'{did_you_mean(c, COLUMNS)}" for h, c in unexpected]
            parts.append(f"unexpected columns: {', '.join(named)}")
        optional = [c for c in COLUMNS if c not in REQUIRED]
        problems.append(
            Problem(
                source,
                f"row {number}",
                "; ".join(parts)
                + f". Required columns: {', '.join(REQUIRED)}; optional: {', '.join(optional)}",
            )
        )
    # Columns with an unexpected header are reported above; their values are not read.
    return [c if c in COLUMNS or not c else _UNEXPECTED for c in columns], missing


def _rows(
    records: list[Record],
    columns: list[str],
    header_number: int,
    source: str,
    problems: list[Problem],
) -> list[_Row]:
    rows = []
    unnamed_reported: set[int] = set()
    # A named column is read from its first position (a repeated header is reported above);
    # unexpected columns are not read; cells under no header are reported once per column.
    first: dict[str, int] = {}
    for i, column in enumerate(columns):
        if column and column != _UNEXPECTED:
            first.setdefault(column, i)
    names, positions = tuple(first), tuple(first.values())
    person_at = tuple(first[c] for c in PERSON_COLUMNS if c in first)
    key_at = tuple(first.get(c, -1) for c in ("competency", "rater", "score"))
    full_row = len(positions) > 1 and len(person_at) > 1 and min(key_at) >= 0
    take, take_person, take_key = (
        (itemgetter(*positions), itemgetter(*person_at), itemgetter(*key_at))
        if full_row
        else (None, None, None)
    )
    width = len(columns)
    unnamed = tuple(i for i, column in enumerate(columns) if not column)
    for number, cells in records:
        n = len(cells)
        if take is not None and take_person is not None and take_key is not None and n >= width:
            values = dict(zip(names, take(cells), strict=True))
            person = take_person(cells)
            score_key = take_key(cells)
        else:
            values = {name: cells[i] for name, i in zip(names, positions, strict=True) if i < n}
            person = tuple(cells[i] if i < n else "" for i in person_at)
            competency, rater, score = (cells[i] if 0 <= i < n else "" for i in key_at)
            score_key = (competency, rater, score)
        if unnamed or n > width:
            for i in (*unnamed, *range(width, n)):
                if i < n and cells[i] and i not in unnamed_reported:
                    unnamed_reported.add(i)
                    problems.append(
                        Problem(
                            source,
                            f"row {number}, column {column_letter(i)}",
                            f"value {describe(cells[i])} is in a column without a header; "
                            f"name the column in row {header_number} or delete the value",
                        )
                    )
        rows.append(_Row(number, values, person, score_key))
    return rows


def _cells(row: _Row, names: Iterable[str]) -> dict[str, str]:
    """The non-blank cells among `names` (blank cells count as absent)."""
    return {name: row.cells[name] for name in names if row.cells.get(name)}


class _PersonBuilder:
    """One person's rows: agreement checks, validation, and the Assessment."""

    def __init__(
        self,
        person_id: str,
        rows: list[_Row],
        source: str,
        resolver: FrameworkResolver,
        caches: dict[int, dict[_ScoreKey, _ScoreValue]] | None = None,
    ) -> None:
        self.person_id = person_id
        self.rows = rows
        self.source = source
        self.resolver = resolver
        self.caches = {} if caches is None else caches
        self.problems: list[Problem] = []

    def add(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.source, f"row {row}, column {column}", message))

    def build(self) -> tuple[tuple[Assessment, Framework] | None, list[Problem]]:
        first = self.rows[0]
        self._agreement(first)
        framework, problems = self.resolver.resolve(
            first.cells.get("framework") or None, f"row {first.number}, column framework"
        )
        self.problems += problems
        context = {"framework": framework} if framework else None
        person = self._person(first, context)
        ratings, evidence = self._scores(context, self.caches.setdefault(id(framework), {}))
        if person is not None and framework is not None:
            message = _target_below(person, framework)
            if message:
                self.add(first.number, "target_level", message)
        if self.problems or person is None or framework is None:
            return None, self.problems
        assessment = Assessment(
            person=Person(
                person.person_id,
                person.person_name,
                person.level,
                person.target_level,
                person.specialization,
                person.manager,
                person.country,
            ),
            framework=framework.id,
            assessed_on=person.assessed_on,
            ratings=ratings,
            evidence={cid: tuple(notes) for cid, notes in evidence.items()},
        )
        return (assessment, framework), []

    def _agreement(self, first: _Row) -> None:
        if all(row.person == first.person for row in self.rows):
            return  # the usual case; otherwise find every disagreeing cell below
        for column in PERSON_COLUMNS:
            expected = first.cells.get(column, "")
            for row in self.rows[1:]:
                value = row.cells.get(column, "")
                if value != expected:
                    self.add(
                        row.number,
                        column,
                        f"{describe(value) if value else 'empty'} differs from "
                        f"{describe(expected) if expected else 'empty'} in row {first.number} "
                        f"for person '{self.person_id}'; all rows of one person must agree on "
                        f"{column}",
                    )

    def _person(self, first: _Row, context: dict[str, Any] | None) -> PersonRowIn | None:
        return self._validated(PersonRowIn, first, _PERSON_FIELDS, context)

    def _validated(self, model: type[_In], row: _Row, fields: Iterable[str],
                   context: dict[str, Any] | None) -> _In | None:
        """The row's cells as `model`, or None with its problems recorded (row and column)."""
        found, problems = checked(model, _cells(row, fields), self.source, context=context,
                                  where=functools.partial(_where, row.number), missing=_missing)
        self.problems += problems
        return found

    def _scores(
        self, context: dict[str, Any] | None, cache: dict[_ScoreKey, _ScoreValue]
    ) -> tuple[tuple[Rating, ...], dict[str, list[str]]]:
        raters: dict[tuple[RaterRole, str], dict[str, Any]] = {}
        scored: dict[tuple[str, str, str], int] = {}
        managers: list[tuple[str, int]] = []  # the first manager named, and its row
        evidence: dict[str, list[str]] = {}
        for row in self.rows:
            checked = self._score_row(row, context, cache)
            if checked is None:
                continue
            competency, role, score, rater_name, note = checked
            if note:
                evidence.setdefault(competency, []).append(note)
            if score is None:
                continue  # not rated
            if role is None:
                self.add(
                    row.number, "rater", "empty; say who gave this score: self, manager or peer"
                )
                continue
            name = rater_name or ""
            if role == "manager" and name and not self._one_manager(name, row.number, managers):
                continue
            name_key = "" if role in ("self", "manager") else name.casefold()
            seen = (role, name_key, competency)
            if seen in scored:
                self.add(
                    row.number,
                    "competency",
                    _listed_twice(role, name, competency, scored[seen]),
                )
                continue
            scored[seen] = row.number
            rater = raters.get((role, name_key))
            if rater is None:
                rater = raters[(role, name_key)] = {"name": None, "scores": {}}
            rater["name"] = rater["name"] or rater_name
            rater["scores"][competency] = score
        if not raters and not self.problems:
            self.add(
                self.rows[0].number,
                "score",
                f"no scores for person '{self.person_id}'; fill in the score column",
            )
        ratings = tuple(
            Rating(role, scores["scores"], scores["name"]) for (role, _), scores in raters.items()
        )
        return ratings, evidence

    def _score_row(
        self, row: _Row, context: dict[str, Any] | None, cache: dict[_ScoreKey, _ScoreValue]
    ) -> tuple[str, RaterRole | None, float | None, str | None, str | None] | None:
        """(competency, rater, score, rater name, evidence) of a row, or None when the row has
        problems (recorded)."""
        cells = row.cells
        known = cache.get(row.score_key)
        rater_name, note = cells.get("rater_name") or None, cells.get("evidence") or None
        if (
            known is not None
            and (rater_name is None or rater_name == rater_name.strip())
            and (note is None or note == note.strip())
        ):
            return (*known, rater_name, note)
        parsed = self._validated(ScoreRowIn, row, _SCORE_FIELDS, context)
        if parsed is None:
            return None
        cache[row.score_key] = (parsed.competency, parsed.rater, parsed.score)
        return parsed.competency, parsed.rater, parsed.score, parsed.rater_name, parsed.evidence

    def _one_manager(self, name: str, number: int, managers: list[tuple[str, int]]) -> bool:
        """True for the first manager named and the same one again; a second is a problem."""
        if not managers:
            managers.append((name, number))
            return True
        first, first_row = managers[0]
        if name.casefold() == first.casefold():
            return True
        self.add(
            number,
            "rater_name",
            f"a second manager {describe(name)} (row {first_row} names {describe(first)}); "
            "one manager rates per assessment: list other leaders as rater peer",
        )
        return False


def _listed_twice(role: str, name: str, competency: str, first_row: int) -> str:
    if role == "peer" and not name:
        return (
            f"a peer without a name already scored '{competency}' in row {first_row}: unnamed "
            "peers cannot be told apart, so this counts as one rater listed twice; fill in "
            "rater_name"
        )
    who = {"self": "the person (self)", "manager": "the manager"}.get(
        role, f"peer {describe(name)}"
    )
    return (
        f"{who} already scored '{competency}' in row {first_row}; each rater scores a "
        "competency once: delete one of the rows"
    )


def _target_below(person: PersonRowIn, framework: Framework) -> str | None:
    return target_below_level(person.level, person.target_level, framework)


def _where(row: int, loc: Loc) -> str:
    return f"row {row}, column {loc[0]}" if loc else f"row {row}"


def _missing(column: str) -> str:
    return f"empty; fill in {column}"
