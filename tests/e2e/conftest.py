"""Browser tests: Playwright (python) driving Debian's /usr/bin/chromium against a live server.

Every test module here sets `pytestmark = pytest.mark.e2e`: select them with `-m e2e` (or
leave them out with `-m "not e2e"`). A missing /usr/bin/chromium (or axe-core) fails them with
the command that installs it: a browser test that cannot run is a failure, never a skip.
`playwright install` is never used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browsertools import Screenshots

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# ordinary synchronous code all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium with "
                    "`apt-get install chromium` (.ci/run does it)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def shots() -> Iterator[Screenshots]:
    """Screenshots into a temporary folder, kept only on request (browsertools.Screenshots)."""
    found = Screenshots()
    yield found
    found.finish()


@pytest.fixture
def screenshots(shots: Screenshots) -> Path:
    return shots.folder
