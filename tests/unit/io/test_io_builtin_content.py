"""The frameworks and activity libraries shipped with rung load and validate clean."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from rung.core.activities import BANDS
from rung.core.framework import QUADRANT_KEYS
from rung.io.activity_library import (
    load_activity_library,
    validate_activity_library,
    validate_activity_path,
)
from rung.io.frameworks import (
    BUILTIN_FRAMEWORKS,
    framework_to_dict,
    load_framework,
    validate_framework,
)

CONTENT = files("rung") / "content"

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
def test_every_competency_has_content_of_its_own_for_every_band(framework_id: str) -> None:
    fw = load_framework(framework_id)
    folder = CONTENT / "activities" / framework_id

    assert validate_activity_path(Path(str(folder)), framework_id=framework_id) == []
    library = load_activity_library(framework_id)
    assert load_activity_library(framework_id) is library
    spec_ids = {s.id for s in fw.specializations}
    for comp in fw.competencies:
        content = library.by_competency[comp.id]
        assert set(content.bands) == set(BANDS)
        assert set(content.specializations) <= spec_ids
        entering = content.bands["entering"]
        assert entering.scaffold is not None, f"{comp.id}: a career changer needs a scaffold"
        for band in BANDS:
            aset = content.bands[band]
            assert any(not t.events and not t.requires for t in aset.stretch)
            assert aset.lever
            assert aset.observer.roles
            assert aset.rep_minutes


@pytest.mark.parametrize("framework_id", BUILTIN_FRAMEWORKS)
def test_bands_read_differently_and_no_stretch_is_written_twice(framework_id: str) -> None:
    library = load_activity_library(framework_id)
    texts: list[str] = []
    for content in library.by_competency.values():
        bands = [content.bands[b] for b in BANDS]
        assert len({b.coaching for b in bands}) == 3, content.competency
        assert len({b.weekly_rep for b in bands}) == 3, content.competency
        texts += [t.text for b in bands for t in b.stretch]
        texts += [t.text for by_band in content.specializations.values()
                  for b in by_band.values() for t in b.stretch if t not in bands[0].stretch
                  and t not in bands[1].stretch and t not in bands[2].stretch]
    repeated = {t for t in texts if texts.count(t) > 1}
    # A specialization's list may keep a band's own template; nothing else repeats.
    assert not repeated, repeated
