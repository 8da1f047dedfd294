"""The built-in content cache: parsed once per version of the content and of the code, and
never trusted when it could be stale or written by someone else."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

import rung.io.builtin_content as content
from rung.core.errors import InputError, Problem
from rung.io import clear_caches, content_cache
from rung.io.frameworks import load_framework

BUILTIN = Path(content.__file__).resolve().parents[1] / "content"


class Builds:
    """A build function that counts its calls."""

    def __init__(self, value: object = "built") -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("RUNG_CACHE_DIR", str(folder))
    content_cache.clear_stamp()
    return folder


def test_a_second_load_comes_from_the_cache(cache: Path):
    build = Builds({"a": (1, 2)})
    assert content_cache.cached("thing", build) == {"a": (1, 2)}
    assert content_cache.cached("thing", build) == {"a": (1, 2)}
    assert build.calls == 1
    (written,) = cache.glob("thing-*.pickle")
    assert written.stat().st_mode & 0o077 == 0  # only the user can read it


def test_a_changed_content_file_means_a_fresh_parse(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    root = tmp_path / "content"
    shutil.copytree(BUILTIN / "frameworks", root / "frameworks")
    monkeypatch.setattr(content, "content_root", lambda: root)
    build = Builds()
    content_cache.cached("thing", build)
    shown = root / "frameworks" / "pmwheel.yaml"
    shown.write_text(shown.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    content_cache.clear_stamp()  # a new process computes the stamp afresh
    content_cache.cached("thing", build)
    assert build.calls == 2


def test_an_edited_builtin_framework_is_read_again_in_the_next_run(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    root = tmp_path / "content"
    shutil.copytree(BUILTIN / "frameworks", root / "frameworks")
    monkeypatch.setattr(content, "content_root", lambda: root)
    clear_caches()
    assert load_framework("pmwheel").name == "PMwheel"
    path = root / "frameworks" / "pmwheel.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: PMwheel", "name: Wheel 2"),
                    encoding="utf-8")
    clear_caches()  # what a new process starts with
    assert load_framework("pmwheel").name == "Wheel 2"
    clear_caches()


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps("another stamp")])
def test_a_damaged_or_stale_file_is_built_again_and_replaced(cache: Path, damage: bytes):
    content_cache.cached("thing", Builds())
    (written,) = cache.glob("thing-*.pickle")
    written.write_bytes(damage)
    build = Builds("fresh")
    assert content_cache.cached("thing", build) == "fresh"
    assert content_cache.cached("thing", build) == "fresh"
    assert build.calls == 1


def test_a_file_others_may_write_is_never_unpickled(cache: Path):
    content_cache.cached("thing", Builds("mine"))
    (written,) = cache.glob("thing-*.pickle")
    os.chmod(written, 0o666)
    build = Builds("rebuilt")
    assert content_cache.cached("thing", build) == "rebuilt"
    assert build.calls == 1


def test_a_failed_build_is_not_cached(cache: Path):
    def broken() -> object:
        raise InputError([Problem("rung/content/x.yaml", "file", "broken")])

    for _ in range(2):
        with pytest.raises(InputError, match="broken"):
            content_cache.cached("thing", broken)
    assert not list(cache.glob("thing-*"))


def test_an_empty_cache_setting_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("RUNG_CACHE_DIR", "")
    build = Builds()
    content_cache.cached("thing", build)
    content_cache.cached("thing", build)
    assert build.calls == 2


def test_the_default_folder_is_the_users_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("RUNG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert content_cache.cache_folder() == tmp_path / "rung"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert content_cache.cache_folder() == Path.home() / ".cache" / "rung"


def test_a_folder_that_cannot_be_written_only_costs_a_parse(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("RUNG_CACHE_DIR", str(blocked / "cache"))
    build = Builds("value")
    assert content_cache.cached("thing", build) == "value"
    assert content_cache.cached("thing", build) == "value"
    assert build.calls == 2
