"""Browser tests: Playwright (python) driving Debian's /usr/bin/chromium against a live server.

Every test module here sets `pytestmark = pytest.mark.e2e`: select them with `-m e2e` (or
leave them out with `-m "not e2e"`). Without /usr/bin/chromium they fail, naming the package
and the command that installs it (`make system-packages`); `playwright install` is never used.
Without axe-core (tests/node_modules, `npm ci --prefix tests`, which `make test` runs) the
accessibility checks fail the same way.

Screenshots go to a temporary folder, so a test run never rewrites the tracked
docs/screenshots/. `make screenshots` (RUNG_SCREENSHOTS=docs/screenshots) copies them there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from screenshots import publish
from system_packages import CHROMIUM, require

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# ordinary synchronous code all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def screenshots(tmp_path: Path) -> Iterator[Path]:
    """Where a test saves its screenshots; copied on to RUNG_SCREENSHOTS when that is set."""
    folder = tmp_path / "screenshots"
    folder.mkdir()
    yield folder
    publish(folder, os.environ.get("RUNG_SCREENSHOTS"))
