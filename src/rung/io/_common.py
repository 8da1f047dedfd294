"""Shared plumbing for the loaders: reading files, parsing YAML/JSON, wording problems.

Every loader gathers `Problem`s and raises one `InputError`; nothing here raises a traceback
for bad input. Wording follows one pattern: what is wrong, the value, and what is allowed.
"""

from __future__ import annotations

import difflib
import json
import math
import types
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from rung.core.errors import InputError, Problem

FILE = "file"  # Problem.where for problems about the file as a whole
STRUCTURED_SUFFIXES = (".yaml", ".yml", ".json")

Loc = tuple[int | str, ...]


# --- wording -------------------------------------------------------------------------------


def rung_error(message: str) -> PydanticCustomError:
    """A validation error whose message is ours, passed through to the Problem unchanged."""
    return PydanticCustomError("rung", "{message}", {"message": message})


def num(x: float) -> str:
    """3.0 -> '3', 2.5 -> '2.5'."""
    if isinstance(x, int):
        return str(x) if abs(x) < 10**15 else "a huge number"
    return str(int(x)) if x.is_integer() else str(x)


def as_float(value: Any) -> float | None:
    """A finite float from an int or float (never from a bool or text), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        result = float(value)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def describe(value: Any) -> str:
    """The offending value, short and readable, for a message."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return repr(text)
    if isinstance(value, int):
        return num(value)
    if isinstance(value, float):
        return num(value) if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return "a mapping of key: value pairs"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__} ({value})"


def closest(word: str, choices: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" or "" — to append right after the complaint."""
    match = closest(word, choices)
    return f" (did you mean '{match}'?)" if match else ""


def listing(items: Sequence[str], limit: int = 8) -> str:
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f", … ({len(items)} in all)"


def loc_to_where(loc: Loc) -> str:
    """('ratings', 1, 'scores', 'x') -> 'ratings[1].scores.x'."""
    out = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "top level"


# --- reading -------------------------------------------------------------------------------


def read_bytes(path: Path, source: str, what: str) -> bytes:
    """The file's bytes; a missing, unreadable or empty file is an InputError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(source, FILE, "file not found; check the path")]) from None
    except IsADirectoryError:
        raise InputError(
            [Problem(source, FILE, "this is a folder, not a file; give the path of a file")]
        ) from None
    except OSError as exc:
        raise InputError(
            [Problem(source, FILE, f"cannot read the file ({exc.strerror})")]
        ) from None
    if not raw.strip():
        raise InputError([Problem(source, FILE, f"the file is empty; expected {what}")])
    return raw


def decode_utf8(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    source,
                    f"line {line}",
                    f"not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be read; save the "
                    "file as UTF-8 (in Excel: File > Save As > 'CSV UTF-8'; in an editor: "
                    "encoding UTF-8)",
                )
            ]
        ) from None


def read_text(path: Path, source: str, what: str) -> str:
    text = decode_utf8(read_bytes(path, source, what), source)
    if not text.strip():
        raise InputError([Problem(source, FILE, f"the file is empty; expected {what}")])
    return text


def parse_structured(text: str, suffix: str, source: str, what: str) -> Any:
    """YAML (safe_load) or JSON into plain data; syntax errors and duplicate keys are problems."""
    if suffix == ".json":
        data, problems = _parse_json(text, source)
    else:
        data, problems = _parse_yaml(text, source)
    if problems:
        raise InputError(problems)
    if data is None:
        raise InputError([Problem(source, FILE, f"the file is empty; expected {what}")])
    size_problem = _size_problem(data)
    if size_problem:
        raise InputError([Problem(source, FILE, f"{size_problem}; expected {what}")])
    return data


MAX_DEPTH = 50  # rung's own files nest about 6 levels
MAX_NODES = 200_000  # values after YAML aliases are expanded (no "billion laughs")


def _size_problem(data: Any) -> str | None:
    """Refuse cyclic, absurdly deep or alias-bombed data before anything walks it."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if depth > MAX_DEPTH:
            return f"nested more than {MAX_DEPTH} levels deep (or an alias refers to itself)"
        if nodes > MAX_NODES:
            return f"more than {MAX_NODES} values once aliases are expanded"
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return None


def _parse_yaml(text: str, source: str) -> tuple[Any, list[Problem]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else FILE
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [
            Problem(source, where, f"not valid YAML: {problem}; check indentation and colons")
        ]
    except ValueError as exc:  # e.g. 2026-13-02: YAML reads it as a date, Python refuses it
        try:
            # Read again keeping impossible dates as text, so the date check reports them
            # together with every other problem in the file.
            data = _load_keeping_bad_dates(text)
        except Exception:
            try:
                return None, _bad_yaml_values(text, source)
            except Exception:
                return None, [_unreadable_yaml(source, exc)]
    except Exception as exc:  # PyYAML fails oddly on some explicit tags ("!!timestamp x")
        return None, [_unreadable_yaml(source, exc)]
    problems: list[Problem] = []
    # Composing builds nodes only (no objects), so it is as safe as safe_load; libyaml's
    # composer, when present, makes this second pass cheap.
    root = _compose(text)
    if root is not None:
        _yaml_duplicate_keys(root, (), source, problems, set())
    return data, problems


def _compose(text: str) -> yaml.Node | None:
    for loader in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader):
        if loader is None:
            continue
        try:
            return yaml.compose(text, Loader=loader)
        except Exception:  # libyaml is stricter than PyYAML on a few escapes: try the other
            continue
    return None


class _KeepBadDatesLoader(yaml.SafeLoader):
    """SafeLoader (no Python objects, only plain data) that keeps '2026-13-02' as text."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_KeepBadDatesLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _KeepBadDatesLoader.construct_yaml_timestamp
)


def _load_keeping_bad_dates(text: str) -> Any:
    loader = _KeepBadDatesLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _bad_yaml_values(text: str, source: str) -> list[Problem]:
    """Locate scalars that PyYAML parses but cannot turn into values (impossible dates)."""
    out: list[Problem] = []
    constructor = yaml.SafeLoader("")
    seen: set[int] = set()

    def walk(node: yaml.Node, path: Loc) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                walk(value_node, (*path, str(key_node.value)))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))
        elif isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node, deep=True)
            except Exception as exc:
                line = node.start_mark.line + 1
                reason = f" ({exc})" if isinstance(exc, ValueError) else ""
                what = (
                    f"is not a real date{reason}; write dates as YYYY-MM-DD, e.g. 2026-11-02"
                    if node.tag.endswith(":timestamp")
                    else f"cannot be read as a value{reason}"
                )
                out.append(
                    Problem(
                        source,
                        loc_to_where(path),
                        f"{describe(node.value)} on line {line} {what}",
                    )
                )

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, ())
    return out or [Problem(source, FILE, "a value cannot be read; check dates and numbers")]


def _unreadable_yaml(source: str, exc: Exception) -> Problem:
    return Problem(
        source,
        FILE,
        f"not valid YAML: a value cannot be read ({type(exc).__name__}); check explicit "
        "tags such as !!timestamp and very deep nesting",
    )


def _yaml_duplicate_keys(
    node: yaml.Node, path: Loc, source: str, out: list[Problem], seen_nodes: set[int]
) -> None:
    if id(node) in seen_nodes:  # aliases can make the node graph cyclic
        return
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or key == "<<":
                continue
            line = key_node.start_mark.line + 1
            if key in first_line:
                out.append(
                    Problem(
                        source,
                        loc_to_where((*path, key)),
                        f"key '{key}' appears twice (lines {first_line[key]} and {line}); "
                        "YAML would keep only the last one: remove or merge one of them",
                    )
                )
            else:
                first_line[key] = line
            _yaml_duplicate_keys(value_node, (*path, key), source, out, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _yaml_duplicate_keys(item, (*path, i), source, out, seen_nodes)


def _parse_json(text: str, source: str) -> tuple[Any, list[Problem]]:
    problems: list[Problem] = []

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                problems.append(
                    Problem(
                        source,
                        FILE,
                        f"key '{key}' appears twice in one object; JSON readers keep only "
                        "the last one: remove or merge one of them",
                    )
                )
            out[key] = value
        return out

    try:
        data = json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        return None, [
            Problem(source, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}")
        ]
    except (ValueError, RecursionError) as exc:  # a number with 5000 digits, deep nesting
        return None, [Problem(source, FILE, f"not valid JSON: {type(exc).__name__}: {exc}")]
    return data, problems


# --- pydantic errors -> problems ----------------------------------------------------------


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


def _message(
    err: ErrorDetails, loc: Loc, model: type[BaseModel], missing: Callable[[str], str] | None
) -> str:
    kind = err["type"]
    value = err.get("input")
    got = describe(value)
    if kind == "rung":
        return str(err["msg"])
    if kind == "missing":
        name = str(loc[-1]) if loc else "value"
        return missing(name) if missing else f"'{name}' is required but missing; add it"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = allowed_keys(model, loc[:-1])
        hint = did_you_mean(key, allowed)
        tail = f"; allowed keys here: {', '.join(allowed)}" if allowed else ""
        return f"unknown key '{key}'{hint}{tail}"
    if kind in ("string_type", "str_type"):
        extra = " (put it in quotes)" if isinstance(value, int | float) else ""
        return f"expected text, got {got}{extra}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in ("dict_type", "model_type", "model_attributes_type", "mapping_type"):
        return f"expected a mapping of key: value pairs, got {got}"
    if kind in ("list_type", "tuple_type", "iterable_type"):
        extra = ' (write a single item as ["..."])' if isinstance(value, str) else ""
        return f"expected a list, got {got}{extra}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {got}"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return f"expected a number, got {got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {got}"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        hint = did_you_mean(value, _literal_words(str(expected))) if isinstance(value, str) else ""
        return f"{got} is not allowed{hint}; use one of: {expected}"
    return f"{err['msg']} (got {got})"


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


# --- placeholders ----------------------------------------------------------------------------

PLACEHOLDER_MARKS = ("TODO", "<fill in>", "??")


def placeholder_problems(data: Any, source: str, path: Loc = ()) -> list[Problem]:
    """Every string value still holding TODO / <fill in> / ?? (left by an importer)."""
    out: list[Problem] = []
    if isinstance(data, dict):
        for key, value in data.items():
            out += placeholder_problems(value, source, (*path, str(key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += placeholder_problems(value, source, (*path, i))
    elif isinstance(data, str) and is_placeholder(data):
        out.append(
            Problem(
                source,
                loc_to_where(path),
                f"placeholder left to fill in: {describe(data)}; replace it with real content",
            )
        )
    return out


def is_placeholder(text: str) -> bool:
    return "TODO" in text or "<fill in>" in text.lower() or "??" in text
