"""pydantic's validation errors as rung's problems: our own wording for every error kind,
with the allowed keys and a "did you mean" for an unknown one."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from rung.core.errors import Problem

from .wording import Loc, describe, did_you_mean, loc_to_where


def rung_error(message: str) -> PydanticCustomError:
    """A validation error whose message is ours, passed through to the Problem unchanged."""
    return PydanticCustomError("rung", "{message}", {"message": message})


M = TypeVar("M", bound=BaseModel)


def checked(
    model: type[M],
    data: Any,
    source: str,
    *,
    context: dict[str, Any] | None = None,
    where: Callable[[Loc], str] = loc_to_where,
    missing: Callable[[str], str] | None = None,
) -> tuple[M | None, list[Problem]]:
    """`data` validated as `model`, or None with every problem in rung's wording."""
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as exc:
        return None, validation_problems(exc, source, model, where=where, missing=missing)


def validation_problems(
    error: ValidationError,
    source: str,
    model: type[BaseModel],
    *,
    where: Callable[[Loc], str] = loc_to_where,
    missing: Callable[[str], str] | None = None,
) -> list[Problem]:
    problems = []
    for err in error.errors(include_url=False):
        loc: Loc = tuple(err["loc"])
        problems.append(Problem(source, where(loc), _message(err, loc, model, missing)))
    return problems


# The wording for pydantic's error types that say "wrong type": (types, what was expected).
_EXPECTED: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"dict_type", "model_type", "model_attributes_type", "mapping_type"}),
     "a mapping of key: value pairs"),
    (frozenset({"int_type", "int_parsing", "int_from_float"}), "a whole number"),
    (frozenset({"float_type", "float_parsing", "finite_number"}), "a number"),
    (frozenset({"bool_type", "bool_parsing"}), "true or false"),
)


def _message(
    err: ErrorDetails, loc: Loc, model: type[BaseModel], missing: Callable[[str], str] | None
) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "rung":
        return str(err["msg"])
    if kind == "missing":
        name = str(loc[-1]) if loc else "value"
        return missing(name) if missing else f"'{name}' is required but missing; add it"
    if kind == "extra_forbidden":
        return _unknown_key(str(loc[-1]), allowed_keys(model, loc[:-1]))
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "literal_error":
        return _not_allowed(value, str(err.get("ctx", {}).get("expected", "")))
    return _wrong_type(kind, value) or f"{err['msg']} (got {describe(value)})"


def _unknown_key(key: str, allowed: list[str]) -> str:
    tail = f"; allowed keys here: {', '.join(allowed)}" if allowed else ""
    return f"unknown key '{key}'{did_you_mean(key, allowed)}{tail}"


def _not_allowed(value: Any, expected: str) -> str:
    hint = did_you_mean(value, _literal_words(expected)) if isinstance(value, str) else ""
    return f"{describe(value)} is not allowed{hint}; use one of: {expected}"


def _wrong_type(kind: str, value: Any) -> str | None:
    got = describe(value)
    if kind in ("string_type", "str_type"):
        extra = " (put it in quotes)" if isinstance(value, int | float) else ""
        return f"expected text, got {got}{extra}"
    if kind in ("list_type", "tuple_type", "iterable_type"):
        extra = ' (write a single item as ["..."])' if isinstance(value, str) else ""
        return f"expected a list, got {got}{extra}"
    for kinds, expected in _EXPECTED:
        if kind in kinds:
            return f"expected {expected}, got {got}"
    return None


def _literal_words(expected: str) -> list[str]:
    return [w.strip(" '\"") for w in expected.replace(" or ", ",").split(",") if w.strip()]


def allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the model accepts at `loc` (for 'did you mean' on an unknown key)."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            fields = {(f.alias or name): f for name, f in tp.model_fields.items()}
            if part not in fields:
                return []
            tp = fields[str(part)].annotation
        elif get_origin(tp) in (list, tuple):
            tp = get_args(tp)[0]
        elif get_origin(tp) is dict:
            if part == "[key]":
                return []
            tp = get_args(tp)[1]
        else:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [f.alias or name for name, f in tp.model_fields.items()]
    return []


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp

