"""Browser tests: Playwright (python) driving Debian's /usr/bin/chromium against a live server.

Every test module here sets `pytestmark = pytest.mark.e2e`: select them with `-m e2e` (or
leave them out with `-m "not e2e"`). They are skipped, with the reason,
only when /usr/bin/chromium is missing; `playwright install` is never used.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# ordinary synchronous code all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/") and not CHROMIUM.exists():
            item.add_marker(pytest.mark.skip(
                reason=f"{CHROMIUM} is missing: install Debian's chromium "
                       "(apt-get install chromium) to run the browser tests"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
