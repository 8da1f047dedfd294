"""The Debian packages the tests need beyond Python, found or named with the one command that
installs them.

    python3 tests/system_packages.py check     # exit 1 naming what is missing (make test runs it)
    python3 tests/system_packages.py install   # apt-get the missing ones (make system-packages)

The tests call `require(...)`, so a test that cannot run fails with the same message instead
of being skipped. Standard library only: `make test` checks before the virtualenv exists.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
INSTALL = "make system-packages"


@dataclass(frozen=True)
class Package:
    name: str  # the Debian package
    why: str
    present: Callable[[], bool]


def _library(name: str) -> Callable[[], bool]:
    return lambda: ctypes.util.find_library(name) is not None


def _programs(*names: str) -> Callable[[], bool]:
    return lambda: all(shutil.which(n) for n in names)


PACKAGES = (
    Package("chromium", f"the browser tests drive {CHROMIUM}", CHROMIUM.exists),
    Package("npm", "the browser tests run axe-core, which `make test` installs with npm ci "
            "(tests/package.json)", _programs("npm")),
    Package("poppler-utils", "the PDF tests read pages with pdftotext and pdftoppm",
            _programs("pdftotext", "pdftoppm")),
    Package("libpango-1.0-0", "WeasyPrint lays out PDF text with Pango", _library("pango-1.0")),
    Package("libpangoft2-1.0-0", "WeasyPrint loads fonts through PangoFT2",
            _library("pangoft2-1.0")),
    # Without it WeasyPrint subsets fonts with fontTools, which writes the current time into
    # every font: two renders of one plan then differ (and WeasyPrint warns).
    Package("libharfbuzz-subset0", "byte-stable PDFs: WeasyPrint subsets fonts with it",
            _library("harfbuzz-subset")),
    Package("fonts-dejavu-core", "the fonts PDFs are set in",
            lambda: Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists()),
)


def missing() -> list[Package]:
    return [p for p in PACKAGES if not p.present()]


def message(packages: list[Package]) -> str:
    lines = [f"{p.name} is missing: {p.why}" for p in packages]
    names = " ".join(p.name for p in packages)
    return "; ".join(lines) + (f". Install it with `{INSTALL}` "
                               f"(apt-get install {names})")


def require(name: str) -> None:
    """Fail the calling test, naming the package and the command, when `name` is missing."""
    import pytest

    package = next(p for p in PACKAGES if p.name == name)
    if not package.present():
        pytest.fail(message([package]), pytrace=False)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    absent = missing()
    if command == "check":
        if absent:
            print(f"error: {message(absent)}", file=sys.stderr)
            return 1
        return 0
    if command == "install":
        if not absent:
            return 0
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends",
                        *(p.name for p in absent)], check=True, env=env)
        return 0
    print(f"usage: {argv[0]} [check|install]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
