import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from system_packages import require

# Test helpers (factories) live beside the tests, importable as `factories`.
sys.path.insert(0, str(Path(__file__).parent))

# Property tests draw the same examples on every run and machine, so `make test` gives one
# answer; HYPOTHESIS_PROFILE=explore searches with fresh random examples (and keeps failures
# in .hypothesis/ to replay).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session", autouse=True)
def _content_cache_of_its_own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests keep the parsed built-in content in a folder of their own, never in the
    user's cache (rung.io.content_cache)."""
    before = os.environ.get("RUNG_CACHE_DIR")
    os.environ["RUNG_CACHE_DIR"] = str(tmp_path_factory.mktemp("content-cache"))
    yield
    if before is None:
        os.environ.pop("RUNG_CACHE_DIR", None)
    else:
        os.environ["RUNG_CACHE_DIR"] = before


@pytest.fixture
def poppler() -> None:
    """pdftotext and pdftoppm, or a failure naming poppler-utils and how to install it."""
    require("poppler-utils")
