"""YAML and JSON into plain data: syntax errors, duplicate keys, impossible dates and
alias bombs become problems with a line and column, never a traceback.

Valid YAML is read with libyaml when PyYAML has it (several times faster); anything libyaml
refuses is read again by the pure-Python parser, whose messages the problems quote.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from rung.core.errors import InputError, Problem

from .files import STRUCTURED_SUFFIXES
from .wording import FILE, Loc, describe, loc_to_where

__all__ = ["STRUCTURED_SUFFIXES", "parse_structured"]
_FAST_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


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
    fast = _parse_yaml_fast(_FAST_LOADER, text, source) if _FAST_LOADER else None
    if fast is not None:
        return fast
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


def _parse_yaml_fast(
    loader_class: type[yaml.SafeLoader], text: str, source: str
) -> tuple[Any, list[Problem]] | None:
    """libyaml's reading of a document it takes without complaint (one pass: the duplicate
    keys are found on the same nodes); None sends the text to the pure-Python parser."""
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, []
        problems: list[Problem] = []
        _yaml_duplicate_keys(root, (), source, problems, set())
        return loader.construct_document(root), problems
    except Exception:  # bad syntax, an impossible date, an odd tag: worded by the slow path
        return None
    finally:
        loader.dispose()


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

