"""The coaching prose every pack shares is content (content/coaching.yaml), checked when read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import rung.io.builtin_content as content
from rung.core.bloom import BLOOM_IDS
from rung.core.errors import InputError
from rung.io import coaching_prose
from rung.io.coaching_prose import load_coaching_prose

BUILTIN = Path(content.__file__).resolve().parents[1] / "content" / "coaching.yaml"


@pytest.fixture
def own_prose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point the built-in content at a copy of coaching.yaml the test may change."""
    shutil.copy(BUILTIN, tmp_path / "coaching.yaml")
    monkeypatch.setattr(content, "content_root", lambda: tmp_path)
    coaching_prose.clear_cache()
    yield tmp_path / "coaching.yaml"
    coaching_prose.clear_cache()


def test_the_prose_is_read_from_the_content_file():
    prose = load_coaching_prose()
    data = yaml.safe_load(BUILTIN.read_text(encoding="utf-8"))
    assert tuple(b.id for b in prose.bloom) == BLOOM_IDS
    assert prose.questions == tuple(data["questions"])
    assert prose.workshop.minutes == 75
    assert "{compass}" in prose.workshop.steps[0][2]


def test_an_edited_question_reaches_the_pack(own_prose: Path):
    data = yaml.safe_load(own_prose.read_text(encoding="utf-8"))
    data["questions"][0] = "What would you like to be trusted with next?"
    own_prose.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert load_coaching_prose().questions[0] == "What would you like to be trusted with next?"


def test_depths_out_of_order_are_refused_naming_the_file(own_prose: Path):
    data = yaml.safe_load(own_prose.read_text(encoding="utf-8"))
    data["bloom"].reverse()
    own_prose.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_coaching_prose()
    (problem,) = error.value.problems
    assert problem.source == "rung/content/coaching.yaml"
    assert problem.where == "bloom"
    assert "know, understand, apply" in problem.message


def test_a_missing_part_is_refused_naming_it(own_prose: Path):
    data = yaml.safe_load(own_prose.read_text(encoding="utf-8"))
    del data["agenda"]
    data["cadence"][0]["kind"] = "coffee"
    own_prose.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputError, match="'agenda' is required"):
        load_coaching_prose()
