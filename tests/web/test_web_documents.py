"""Pure functions on plan documents and settings: no database."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from rung.web.plans import documents


@pytest.mark.parametrize(("message", "what", "how"), [
    ("Milestone 'Be more strategic' has no number or threshold. Add a minimum bar both the PM "
     "and the manager can count.", "Milestone 'Be more strategic' has no number or threshold.",
     "Add a minimum bar both the PM and the manager can count."),
    ("Milestone 'Ship it. Then rest' has no date. Give it a calendar date.",
     "Milestone 'Ship it. Then rest' has no date.", "Give it a calendar date."),
    ("The PM's plan has no review. Book it now.", "The PM's plan has no review.",
     "Book it now."),
    ("No sentence break here", "No sentence break here", ""),
])
def test_split_message_into_what_and_how(message: str, what: str, how: str) -> None:
    assert documents.split_message(message) == (what, how)


def test_redact_for_pm_hides_single_peer_scores_only() -> None:
    doc: Any = {"assessment": {"competencies": [
        {"id": "a", "peers": 3.0, "peer_count": 1},
        {"id": "b", "peers": 2.5, "peer_count": 2},
        {"id": "c", "peers": None, "peer_count": 0},
    ]}}
    out = documents.redact_for_pm(doc)
    assert [c["peers"] for c in out["assessment"]["competencies"]] == [None, 2.5, None]
    assert doc["assessment"]["competencies"][0]["peers"] == 3.0  # the stored one is untouched


def test_diff_lines_classify_changes() -> None:
    lines = documents.diff_lines("a\nb\n", "a\nc\n", old_name="v1", new_name="v2")
    assert ("del", "-b") in lines
    assert ("add", "+c") in lines


def _load_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> ModuleType:
    monkeypatch.setenv("RUNG_DATA_DIR", str(tmp_path))
    for key in ("DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    path = Path(documents.__file__).parent.parent / "settings.py"
    spec = importlib.util.spec_from_file_location("rung_settings_probe", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules.pop("rung_settings_probe", None)
    return module


def test_settings_default_to_sqlite_in_the_data_dir_with_wal_and_immediate(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    s = _load_settings(monkeypatch, tmp_path)
    db = s.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == tmp_path / "rung.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert s.DEBUG is False
    assert s.ALLOWED_HOSTS == ["127.0.0.1", "localhost"]
    assert (tmp_path / "secret_key").read_text() == s.SECRET_KEY  # generated once, kept
    assert _load_settings(monkeypatch, tmp_path).SECRET_KEY == s.SECRET_KEY
    assert s.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    s = _load_settings(monkeypatch, tmp_path,
                       DATABASE_URL="postgresql://postgres@127.0.0.1:5432/rung", DEBUG="1",
                       SECRET_KEY="k" * 50, ALLOWED_HOSTS="rung.example.com, localhost")
    db = s.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert db["NAME"] == "rung"
    assert db["TEST"]["NAME"] == "test_rung"
    assert s.DEBUG is True
    assert s.SECRET_KEY == "k" * 50
    assert s.ALLOWED_HOSTS == ["rung.example.com", "localhost"]
