"""`make test` on a machine without a Debian package the tests need stops, naming the package
and the one command that installs it; a test needing it fails the same way, never skips."""

from __future__ import annotations

import pytest

import system_packages
from system_packages import Package


@pytest.fixture
def without_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(system_packages, "PACKAGES", (
        Package("chromium", "the browser tests drive it", lambda: False),
        Package("poppler-utils", "PDF pages are read with it", lambda: True),
    ))


@pytest.mark.usefixtures("without_chromium")
def test_the_check_names_the_missing_package_and_the_command(capsys: pytest.CaptureFixture[str]):
    assert system_packages.main(["system_packages.py", "check"]) == 1
    err = capsys.readouterr().err
    assert "chromium is missing: the browser tests drive it" in err
    assert "`make system-packages`" in err
    assert "apt-get install chromium" in err
    assert "poppler-utils" not in err


@pytest.mark.usefixtures("without_chromium")
def test_a_test_that_needs_it_fails_instead_of_skipping():
    with pytest.raises(pytest.fail.Exception, match=r"chromium is missing.*make system-packages"):
        system_packages.require("chromium")
    system_packages.require("poppler-utils")  # present: nothing happens


def test_this_machine_has_every_package():
    assert system_packages.main(["system_packages.py", "check"]) == 0, system_packages.message(
        system_packages.missing())
