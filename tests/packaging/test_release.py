"""Each release says what it is: `rung --version`, and a CHANGELOG.md entry for the version with
upgrade notes for the operator (docs/deploy.md, "Upgrades")."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from click.testing import CliRunner

from rung import __version__
from rung.cli.main import cli

CHANGELOG = Path(__file__).resolve().parents[2] / "CHANGELOG.md"
RELEASE = re.compile(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})$", re.MULTILINE)


def test_rung_version_prints_the_release() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"rung, version {__version__}\n"


def test_the_newest_changelog_entry_is_this_version() -> None:
    releases = RELEASE.findall(CHANGELOG.read_text())
    assert releases, "CHANGELOG.md has no release entry"
    assert releases[0][0] == __version__, (
        f"CHANGELOG.md's newest release is {releases[0][0] if releases else None}, the code says "
        f"{__version__}: add its entry with upgrade notes")
    dates = [d for _v, d in releases]
    assert dates == sorted(dates, reverse=True)


def test_every_release_after_the_first_has_upgrade_notes() -> None:
    text = CHANGELOG.read_text()
    starts = [m.start() for m in RELEASE.finditer(text)] + [len(text)]
    entries = [text[a:b] for a, b in itertools.pairwise(starts)]
    for entry in entries[:-1]:  # the last is the first release: nothing to upgrade from
        assert "### Upgrade notes" in entry, entry.splitlines()[0]
        assert re.search(r"\*\*(No migration|Migrations?)", entry), (
            f"{entry.splitlines()[0]}: say whether it has migrations")
