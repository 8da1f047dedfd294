"""The browser tests' screenshots stay out of the repository unless RUNG_SCREENSHOTS asks for
them (`make screenshots`); no browser needed here."""

from __future__ import annotations

from pathlib import Path

from screenshots import ROOT, publish


def test_without_a_destination_nothing_is_copied(tmp_path: Path):
    (tmp_path / "01-page.png").write_bytes(b"png")
    assert publish(tmp_path, None) == []
    assert publish(tmp_path, "") == []


def test_a_destination_gets_every_screenshot(tmp_path: Path):
    shots, target = tmp_path / "shots", tmp_path / "docs"
    shots.mkdir()
    for name in ("01-a.png", "02-b.png"):
        (shots / name).write_bytes(name.encode())
    (shots / "notes.txt").write_text("not a screenshot", encoding="utf-8")
    copied = publish(shots, str(target))
    assert [p.name for p in copied] == ["01-a.png", "02-b.png"]
    assert (target / "02-b.png").read_bytes() == b"02-b.png"
    assert not (target / "notes.txt").exists()


def test_a_relative_destination_is_inside_the_repository():
    assert (ROOT / "docs" / "screenshots").is_dir()
    assert (ROOT / "pyproject.toml").is_file()
