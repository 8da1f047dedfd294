"""The frameworks and activity libraries shipped with rung load and validate clean."""

from __future__ import annotations

from importlib.resources import files

import pytest
import yaml

from rung.core.framework import QUADRANT_KEYS
from rung.io import (
    BUILTIN_FRAMEWORKS,
    framework_to_dict,
    load_activity_library,
    load_framework,
    validate_activity_library,
    validate_framework,
)

CONTENT = files("rung") / "content"

pytestmark = pytest.mark.skipif(
    not (CONTENT / "frameworks" / "pm-quadrants.yaml").is_file(),
    reason="built-in content not written yet",
)


def read(*parts: str) -> object:
    resource = CONTENT.joinpath(*parts)
    return yaml.safe_load(resource.read_text(encoding="utf-8"))


@pytest.mark.parametrize("framework_id", BUILTIN_FRAMEWORKS)
def test_builtin_framework_validates_without_errors_or_warnings(framework_id: str) -> None:
    data = read("frameworks", f"{framework_id}.yaml")

    assert [str(p) for p in validate_framework(data, framework_id)] == []


@pytest.mark.parametrize("framework_id", BUILTIN_FRAMEWORKS)
def test_builtin_framework_loads_cached_and_round_trips(framework_id: str) -> None:
    fw = load_framework(framework_id)

    assert fw.id == framework_id
    assert load_framework(framework_id) is fw
    assert validate_framework(framework_to_dict(fw), "dumped") == []


def test_pm_quadrants_has_the_contract_levels() -> None:
    fw = load_framework("pm-quadrants")

    assert [lv.id for lv in fw.levels_by_rank()] == [
        "apm",
        "pm",
        "senior-pm",
        "principal-pm",
        "director",
    ]


def test_fallback_library_validates_and_covers_every_quadrant() -> None:
    data = read("activities", "fallback.yaml")

    assert [str(p) for p in validate_activity_library(data, "fallback.yaml")] == []
    library = load_activity_library("no-such-framework")
    assert set(library.by_quadrant) == set(QUADRANT_KEYS)


@pytest.mark.parametrize("framework_id", BUILTIN_FRAMEWORKS)
def test_builtin_activity_library_validates_and_covers_the_framework(framework_id: str) -> None:
    fw = load_framework(framework_id)
    own = CONTENT / "activities" / f"{framework_id}.yaml"
    if own.is_file():
        problems = validate_activity_library(
            read("activities", f"{framework_id}.yaml"),
            own.name,
            framework_id=framework_id,
            competency_ids=[c.id for c in fw.competencies],
        )
        assert [str(p) for p in problems] == []

    library = load_activity_library(framework_id)

    assert load_activity_library(framework_id) is library
    for comp in fw.competencies:
        assert comp.id in library.by_competency or library.by_quadrant.get(comp.quadrant.key)
