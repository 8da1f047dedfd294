"""Assessment files into `(Assessment, Framework)` pairs.

Formats by extension: `.yaml`/`.yml`/`.json` hold one person (DESIGN.md section 4 contract);
`.csv`/`.xlsx` hold the long form, one score per row, possibly many people. Every value is
checked against the framework the file names (`framework:`; default pm-quadrants) unless the
caller overrides it. All problems are collected and raised as one `InputError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from rung.core.assessment import (
    Assessment,
    Context,
    FeedbackPerson,
    Person,
    PmChoice,
    Rating,
)
from rung.core.errors import InputError, Problem
from rung.core.events import typed_event
from rung.core.framework import Framework

from ._resolve import FrameworkResolver
from ._types import (
    CompetencyId,
    Country,
    EventKind,
    IsoDate,
    LevelId,
    Role,
    Score,
    SpecializationId,
    Strict,
    Text,
    non_empty,
    target_below_level,
)
from .files import read_text
from .frameworks import load_framework
from .structured import parse_structured
from .validation import checked
from .wording import FILE, describe

SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")
ASSESSMENT_WHAT = "an assessment (person, assessed_on, ratings)"


# --- boundary models (YAML/JSON) ------------------------------------------------------------


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Notes = Annotated[list[Text], BeforeValidator(_one_or_many), non_empty("note")]


class PersonIn(Strict):
    id: Text
    name: Text
    level: LevelId | None = None  # None: not a PM yet (career changer)
    target_level: LevelId | None = None  # None: the next level, chosen by the engine
    specialization: SpecializationId | None = None
    manager: Text | None = None
    country: Country | None = None


class RatingIn(Strict):
    rater: Role
    name: Text | None = None
    scores: Annotated[dict[CompetencyId, Score], non_empty("score, e.g. user-research: 3")]


class UpcomingIn(Strict):
    name: Text
    date: IsoDate
    kind: EventKind | None = None


class FeedbackPersonIn(Strict):
    name: Text
    role: Text | None = None
    competencies: list[CompetencyId] = Field(default_factory=list)


class ContextIn(Strict):
    product_area: Text | None = None
    company: Text | None = None
    upcoming: list[UpcomingIn] = Field(default_factory=list)
    feedback_people: list[FeedbackPersonIn] = Field(default_factory=list)


class PmChoiceIn(Strict):
    replace: CompetencyId
    with_: CompetencyId = Field(alias="with")
    reason: Text | None = None


class AssessmentIn(Strict):
    person: PersonIn
    framework: Text | None = None
    assessed_on: IsoDate
    ratings: Annotated[list[RatingIn], non_empty("rating, e.g. {rater: self, scores: {...}}")]
    evidence: dict[CompetencyId, Notes] = Field(default_factory=dict)
    context: ContextIn = Field(default_factory=ContextIn)
    calibrated: dict[CompetencyId, Score] = Field(default_factory=dict)
    pm_choice: PmChoiceIn | None = None
    first_action: Text | None = None


# --- public API -----------------------------------------------------------------------------


def load_assessments(
    path: Path, *, framework_override: str | Path | None = None
) -> list[tuple[Assessment, Framework]]:
    """Every person's assessment in the file, each with its framework."""
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        hint = " (the old Excel format: save it as .xlsx)" if suffix == ".xls" else ""
        raise InputError(
            [
                Problem(
                    source,
                    FILE,
                    f"unsupported file type {describe(suffix or path.name)}{hint}; rung reads "
                    f"assessments from {', '.join(SUFFIXES)} files",
                )
            ]
        )
    override = load_framework(framework_override) if framework_override is not None else None
    resolver = FrameworkResolver(source, path.parent, override)
    if suffix in (".csv", ".xlsx"):
        from . import long_form, tables

        read = tables.read_csv if suffix == ".csv" else tables.read_xlsx
        with tables.gc_paused():
            return long_form.load_long_form(read(path, source, long_form.TABLE_WHAT), source,
                                            resolver)
    text = read_text(path, source, ASSESSMENT_WHAT)
    data = parse_structured(text, suffix, source, ASSESSMENT_WHAT)
    return [_from_data(data, source, resolver)]


def load_assessment(
    path: Path, *, framework_override: str | Path | None = None
) -> tuple[Assessment, Framework]:
    """The one person's assessment in the file; a file with several people is an error."""
    found = load_assessments(path, framework_override=framework_override)
    if len(found) != 1:
        ids = ", ".join(a.person.id for a, _ in found)
        raise InputError(
            [
                Problem(
                    str(path),
                    FILE,
                    f"expected one person's assessment, found {len(found)} people ({ids}); "
                    "split the file per person or load it with load_assessments",
                )
            ]
        )
    return found[0]


def assessment_from_dict(
    data: Any, source: str = "<input>", *, framework: Framework | None = None
) -> tuple[Assessment, Framework]:
    """Parsed YAML/JSON assessment data (a web upload, an API body) into core objects.

    Without `framework`, the data's own `framework` key (default pm-quadrants) is used; a
    relative path there is taken from the current directory.
    """
    return _from_data(data, source, FrameworkResolver(source, Path.cwd(), framework))


def validate_assessment(
    data: Any, source: str = "<input>", *, framework: Framework | None = None
) -> list[Problem]:
    """Every problem in parsed YAML/JSON assessment data; [] when it is valid."""
    try:
        assessment_from_dict(data, source, framework=framework)
    except InputError as exc:
        return exc.problems
    return []


def _from_data(data: Any, source: str, resolver: FrameworkResolver) -> tuple[Assessment, Framework]:
    if not isinstance(data, dict):
        raise InputError(
            [
                Problem(
                    source,
                    "top level",
                    "expected key: value pairs (person, framework, assessed_on, ratings, ...), "
                    f"got {describe(data)}; a YAML/JSON file holds one person's assessment",
                )
            ]
        )
    framework, framework_problems = resolver.resolve(data.get("framework"), "framework")
    problems = list(framework_problems)
    model, shape = checked(AssessmentIn, data, source,
                           context={"framework": framework} if framework else None)
    problems += shape
    problems += _cross_checks(data, source, framework)
    if problems or model is None or framework is None:
        raise InputError(problems)
    return _to_core(model, framework), framework


# --- checks across fields (on the raw data, so they run alongside the shape checks) ---------


def _cross_checks(data: dict[str, Any], source: str, fw: Framework | None) -> list[Problem]:
    out: list[Problem] = []
    ratings = data.get("ratings")
    if isinstance(ratings, list):
        out += _duplicate_raters(ratings, source)
    person = data.get("person")
    if isinstance(person, dict) and fw is not None:
        problem = target_below_level(person.get("level"), person.get("target_level"), fw)
        if problem:
            out.append(Problem(source, "person.target_level", problem))
    choice = data.get("pm_choice")
    if isinstance(choice, dict):
        replace, with_ = choice.get("replace"), choice.get("with")
        if isinstance(replace, str) and replace.strip() and replace == with_:
            out.append(
                Problem(
                    source,
                    "pm_choice",
                    f"replace and with are the same competency '{replace}'; `replace` is the "
                    "proposed focus area to drop, `with` the one the PM works on instead",
                )
            )
    return out


def _duplicate_raters(ratings: list[Any], source: str) -> list[Problem]:
    out: list[Problem] = []
    first: dict[tuple[str, str], int] = {}
    for i, rating in enumerate(ratings):
        if not isinstance(rating, dict) or not isinstance(rating.get("rater"), str):
            continue
        role = rating["rater"].strip().lower()
        name = rating.get("name")
        name = name.strip() if isinstance(name, str) else ""
        key = (role, "" if role in ("self", "manager") else name.casefold())
        if key not in first:
            first[key] = i
            continue
        j = first[key]
        where = f"ratings[{i}]"
        if role == "self":
            message = (
                f"a second self rating (the first is ratings[{j}]); put all of the person's "
                "own scores in one entry"
            )
        elif role == "manager":
            message = (
                f"a second manager rating (the first is ratings[{j}]); one manager rates per "
                "assessment: list other leaders as rater: peer with their name"
            )
        elif name:
            message = f"peer {describe(name)} is listed twice (also ratings[{j}]); merge them"
        else:
            message = (
                f"a second peer without a name (the first is ratings[{j}]): unnamed peers "
                "cannot be told apart, so this counts as one rater listed twice; add `name:` "
                "to each peer"
            )
        out.append(Problem(source, where, message))
    return out


# --- conversion -----------------------------------------------------------------------------


def _to_core(m: AssessmentIn, fw: Framework) -> Assessment:
    p = m.person
    return Assessment(
        person=Person(p.id, p.name, p.level, p.target_level, p.specialization, p.manager,
                      p.country),
        framework=fw.id,
        assessed_on=m.assessed_on,
        ratings=tuple(Rating(r.rater, dict(r.scores), r.name) for r in m.ratings),
        evidence={cid: tuple(notes) for cid, notes in m.evidence.items()},
        context=Context(
            product_area=m.context.product_area,
            company=m.context.company,
            upcoming=tuple(typed_event(e.name, e.date, e.kind) for e in m.context.upcoming),
            feedback_people=tuple(
                FeedbackPerson(f.name, f.role, tuple(f.competencies))
                for f in m.context.feedback_people
            ),
        ),
        calibrated=dict(m.calibrated),
        pm_choice=(
            PmChoice(m.pm_choice.replace, m.pm_choice.with_, m.pm_choice.reason)
            if m.pm_choice
            else None
        ),
        first_action=m.first_action,
    )


__all__ = [
    "SUFFIXES",
    "assessment_from_dict",
    "load_assessment",
    "load_assessments",
    "validate_assessment",
]
