"""Whatever a file holds, a loader returns a result or raises InputError: never a traceback."""

from __future__ import annotations

import copy
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rung.core.errors import InputError
from rung.io.activity_library import validate_activity_library
from rung.io.assessments import load_assessments, validate_assessment
from rung.io.frameworks import framework_to_dict, load_framework, validate_framework

FIXTURES = Path(__file__).parent / "fixtures"
TINY = load_framework(FIXTURES / "tiny-framework.yaml")
ASSESSMENT = yaml.safe_load((FIXTURES / "alex.yaml").read_text(encoding="utf-8"))
LIBRARY = yaml.safe_load((FIXTURES / "activities-tiny.yaml").read_text(encoding="utf-8"))
FRAMEWORK = framework_to_dict(TINY)

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(),
    st.text(max_size=10),
    st.dates(),
    st.datetimes(),
)
junk = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if prefix:
        yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths(value, (*prefix, i))


def mutated(document: Any, data: st.DataObject) -> Any:
    """The valid document with one to three values replaced by junk."""
    document = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(paths(document))))
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = data.draw(junk)
    return document


@SETTINGS
@given(st.data())
def test_a_damaged_assessment_gives_problems_not_a_crash(data: st.DataObject) -> None:
    validate_assessment(mutated(ASSESSMENT, data), "a.yaml", framework=TINY)


@SETTINGS
@given(st.data())
def test_a_damaged_framework_gives_problems_not_a_crash(data: st.DataObject) -> None:
    validate_framework(mutated(FRAMEWORK, data), "f.yaml")


@SETTINGS
@given(st.data())
def test_a_damaged_activity_library_gives_problems_not_a_crash(data: st.DataObject) -> None:
    validate_activity_library(mutated(LIBRARY, data), "lib.yaml")


cell = st.one_of(
    st.sampled_from(["alex", "kim", "pm", "delivery", "self", "peer", "3", "2026-11-02", ""]),
    st.text(max_size=8),
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(cells=st.lists(st.lists(cell, min_size=6, max_size=9), max_size=5))
def test_any_csv_cells_give_assessments_or_problems(tmp_path_factory: Any, cells: Any) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["person_id", "person_name", "level", "competency", "rater", "score", "assessed_on"]
    )
    writer.writerows(cells)
    path = tmp_path_factory.mktemp("csv") / "team.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))
    try:
        load_assessments(path, framework_override=FIXTURES / "tiny-framework.yaml")
    except InputError as exc:
        problems = exc.problems
    else:
        return
    assert problems


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("deep.json", "[" * 100_000, "not valid JSON"),
        ("deep.yaml", "[" * 60 + "]" * 60, "nested more than 50 levels deep"),
        ("loop.yaml", "ratings: &r [*r]\n", "an alias refers to itself"),
        ("bomb.yaml", BOMB, "more than 200000 values once aliases are expanded"),
        ("tag.yaml", "!!timestamp\n", "not valid YAML"),
        ("digits.json", "1" * 5000, "not valid JSON"),
    ],
)
def test_hostile_documents_are_refused_cleanly(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")

    with pytest.raises(InputError) as exc:
        load_assessments(path, framework_override=FIXTURES / "tiny-framework.yaml")

    assert expected in str(exc.value)
