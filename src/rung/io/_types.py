"""Field types shared by the boundary models.

Checks that need the framework (is this a known competency? is the score on the scale?) read
it from the validation context, `model_validate(data, context={"framework": fw})`, so pydantic
collects every problem in one pass with its exact location.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainValidator,
    StringConstraints,
    ValidationInfo,
)

from rung.core.assessment import RATER_ROLES, RaterRole
from rung.core.dates import UnsupportedDate, supported
from rung.core.events import EVENT_KINDS
from rung.core.framework import QUADRANT_KEYS, Framework

from .validation import rung_error
from .wording import as_float, describe, did_you_mean, listing, num


class Strict(BaseModel):
    """Unknown keys are errors (typo protection); no silent type coercion.

    A model's validator is built when it first validates, not when its module is imported:
    a command pays only for the models it uses (the built-in content comes from a cache).
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise rung_error(
            f"{describe(value)} is not a valid id; use lowercase letters, digits and hyphens, "
            "e.g. 'user-research'"
        )
    return value


Slug = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_slug)]


def _number(value: Any) -> float:
    result = as_float(value)
    if result is None:
        raise rung_error(f"expected a number, got {describe(value)}")
    return result


Number = Annotated[float, PlainValidator(_number)]


def _version(value: Any) -> str:
    if as_float(value) is not None:
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise rung_error(f"expected a version such as '1' or '2026.1', got {describe(value)}")


Version = Annotated[str, PlainValidator(_version)]


def _quadrant_key(value: Any) -> str:
    if not isinstance(value, str) or value not in QUADRANT_KEYS:
        hint = did_you_mean(value, QUADRANT_KEYS) if isinstance(value, str) else ""
        raise rung_error(
            f"{describe(value)} is not a quadrant{hint}; use one of: {', '.join(QUADRANT_KEYS)}"
        )
    return value


QuadrantKey = Annotated[str, PlainValidator(_quadrant_key)]


def _event_kind(value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in EVENT_KINDS:
        return value.strip().lower()
    hint = did_you_mean(value.strip().lower(), EVENT_KINDS) if isinstance(value, str) else ""
    raise rung_error(
        f"{describe(value)} is not an event kind{hint}; use one of: {', '.join(EVENT_KINDS)} "
        "(or leave `kind` out to have it read from the name)"
    )


EventKind = Annotated[str, PlainValidator(_event_kind)]


def _country(value: Any) -> str:
    from .holiday_calendar import country_problem

    if not isinstance(value, str) or not value.strip():
        raise rung_error(f"{describe(value)} is not a country code; use an ISO code such as GB")
    problem = country_problem(value)
    if problem:
        raise rung_error(problem)
    return value.strip().upper()


Country = Annotated[str, PlainValidator(_country)]


# --- dates ----------------------------------------------------------------------------------

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_HELP = "write dates as YYYY-MM-DD, e.g. 2026-11-02"


def parse_date(value: Any) -> date:
    try:
        return supported(_any_date(value))
    except UnsupportedDate as exc:
        raise rung_error(str(exc)) from None


def _any_date(value: Any) -> date:
    if isinstance(value, datetime):
        raise rung_error(f"{value.isoformat(sep=' ')} has a time of day; {DATE_HELP}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if ISO_DATE.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise rung_error(f"{describe(text)} is not a real date; {DATE_HELP}") from None
    raise rung_error(f"{describe(value)} is not a date; {DATE_HELP}")


IsoDate = Annotated[date, PlainValidator(parse_date)]


# --- values checked against the framework in the validation context ------------------------


def framework_in(info: ValidationInfo) -> Framework | None:
    ctx = info.context
    if isinstance(ctx, dict):
        fw = ctx.get("framework")
        if isinstance(fw, Framework):
            return fw
    return None


def scale_text(fw: Framework | None) -> str:
    if fw is None:
        return "a number"
    return (
        f"a number from {num(fw.scale.min)} to {num(fw.scale.max)} "
        "(decimals such as 2.5 are allowed)"
    )


def parse_score(value: Any, fw: Framework | None) -> float:
    """A score: a number (or numeric text, as in CSV cells) on the framework's scale."""
    if isinstance(value, bool):
        raise rung_error(f"{describe(value)} is not a score; a score is {scale_text(fw)}")
    if isinstance(value, int | float):
        number = as_float(value)  # None for infinities and numbers too big for a float
        score = math.nan if number is None else number
    elif isinstance(value, str):
        text = value.strip()
        try:
            score = float(text)
        except ValueError:
            hint = ""
            if re.fullmatch(r"\d+,\d+", text):
                hint = f" (use a dot for decimals: {text.replace(',', '.')})"
            raise rung_error(
                f"not a number: {describe(value)}{hint}; a score is {scale_text(fw)}"
            ) from None
    else:
        raise rung_error(f"not a number: {describe(value)}; a score is {scale_text(fw)}")
    if not math.isfinite(score):
        raise rung_error(f"not a number: {describe(value)}; a score is {scale_text(fw)}")
    if fw is not None and not fw.scale.min <= score <= fw.scale.max:
        raise rung_error(f"score {num(score)} is outside the scale; use {scale_text(fw)}")
    return score


def _score(value: Any, info: ValidationInfo) -> float:
    return parse_score(value, framework_in(info))


Score = Annotated[float, PlainValidator(_score)]


def _text_id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise rung_error(f"expected a {what} id, got {describe(value)}")
    return value.strip()


def unknown_competency(cid: str, fw: Framework) -> str:
    ids = [c.id for c in fw.competencies]
    return (
        f"unknown competency '{cid}' in framework {fw.id}{did_you_mean(cid, ids)}; "
        f"valid ids: {listing(ids)}"
    )


def _known(what: str, known: Callable[[Framework, str], bool],
           unknown: Callable[[str, Framework], str]) -> PlainValidator:
    """An id checked against the framework in the validation context: `known(fw, id)`, else
    the problem `unknown(id, fw)`."""

    def check(value: Any, info: ValidationInfo) -> str:
        ident = _text_id(value, what)
        fw = framework_in(info)
        if fw is not None and not known(fw, ident):
            raise rung_error(unknown(ident, fw))
        return ident

    return PlainValidator(check)


CompetencyId = Annotated[str, _known("competency", Framework.has_competency, unknown_competency)]


def unknown_level(level_id: str, fw: Framework) -> str:
    ids = [lv.id for lv in fw.levels_by_rank()]
    return (
        f"unknown level '{level_id}' in framework {fw.id}{did_you_mean(level_id, ids)}; "
        f"levels: {', '.join(ids)}"
    )


LevelId = Annotated[str, _known("level", Framework.has_level, unknown_level)]


def target_below_level(level: Any, target: Any, fw: Framework) -> str | None:
    """A message when the target level ranks below the current level, else None."""
    if not (isinstance(level, str) and isinstance(target, str)):
        return None
    level, target = level.strip(), target.strip()
    if not (fw.has_level(level) and fw.has_level(target)):
        return None
    if fw.level(target).rank >= fw.level(level).rank:
        return None
    higher = [lv.id for lv in fw.levels_by_rank() if lv.rank >= fw.level(level).rank]
    return (
        f"target level '{target}' is below the current level '{level}'; choose one of: "
        f"{', '.join(higher)}"
    )


def _unknown_specialization(spec_id: str, fw: Framework) -> str:
    ids = [s.id for s in fw.specializations]
    if not ids:
        return (f"unknown specialization '{spec_id}': framework {fw.id} defines none; "
                "leave specialization out")
    return (f"unknown specialization '{spec_id}' in framework {fw.id}"
            f"{did_you_mean(spec_id, ids)}; specializations: {', '.join(ids)}")


SpecializationId = Annotated[
    str, _known("specialization", Framework.has_specialization, _unknown_specialization)
]


def parse_role(value: Any) -> RaterRole:
    if isinstance(value, str):
        role = value.strip().lower()
        for allowed in RATER_ROLES:
            if role == allowed:
                return allowed
        hint = did_you_mean(role, RATER_ROLES)
    else:
        hint = ""
    raise rung_error(
        f"{describe(value)} is not a rater role{hint}; use one of: {', '.join(RATER_ROLES)}"
    )


Role = Annotated[RaterRole, PlainValidator(parse_role)]


def _none_to_empty(value: Any) -> Any:
    return "" if value is None else value


OptText = Annotated[str, BeforeValidator(_none_to_empty), StringConstraints(strip_whitespace=True)]


def non_empty(what: str) -> AfterValidator:
    """A list or mapping that must hold at least one entry; `what` says what to add."""

    def check(value: Any) -> Any:
        if not value:
            raise rung_error(f"empty; add at least one {what}")
        return value

    return AfterValidator(check)


def _weight(value: Any) -> float:
    result = as_float(value)
    if result is None or not result > 0:
        raise rung_error(
            f"expected a positive number such as 1.25 (leans toward) or 0.75 (leans away), "
            f"got {describe(value)}"
        )
    return result


Weight = Annotated[float, PlainValidator(_weight)]


def _label_key(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,9}", value.strip()):
        return int(value)
    raise rung_error(f"a scale label key must be a whole score such as 3, got {describe(value)}")


LabelKey = Annotated[int, PlainValidator(_label_key)]
