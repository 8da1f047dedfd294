"""The command line starts fast: it loads what a command uses, and the built-in content it
parsed once comes from the cache afterwards (the timings themselves: bench/bench_cli.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "apm-b2b-saas.yaml"
# What only some commands need: the web app, spreadsheets, PDF, validation, templates.
HEAVY = ("django", "openpyxl", "weasyprint", "pydantic", "jinja2")
# Also kept out of a single plan: the batch machinery, calendars, Markdown parsing, holidays.
NOT_FOR_ONE_PLAN = ("django", "openpyxl", "weasyprint", "jinja2", "multiprocessing",
                    "icalendar", "markdown_it", "holidays", "rich")


def loaded_after(code: str, tmp_path: Path) -> set[str]:
    """The top-level packages a fresh interpreter has imported after running `code`."""
    script = (f"import sys\n{code}\n"
              "import json; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    env = {**os.environ, "RUNG_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, check=True, cwd=ROOT)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_importing_the_command_line_loads_none_of_the_heavy_libraries(tmp_path: Path):
    loaded = loaded_after("import rung.cli.main", tmp_path)
    assert "click" in loaded
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_help_loads_none_of_the_heavy_libraries(tmp_path: Path):
    code = ("from rung.cli.main import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit as e:\n    assert e.code == 0")
    loaded = loaded_after(code, tmp_path)
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


@pytest.mark.parametrize("twice", [False, True], ids=["first run", "from the cache"])
def test_one_plan_loads_only_what_a_plan_needs(tmp_path: Path, twice: bool):
    code = ("from rung.cli.main import cli\n"
            f"for _ in range({2 if twice else 1}):\n"
            "    try:\n"
            f"        cli(['plan', {str(EXAMPLE)!r}, '--start', '2027-01-04', '-o', "
            f"{str(tmp_path / 'plan.md')!r}])\n"
            "    except SystemExit as e:\n        assert e.code == 0")
    loaded = loaded_after(code, tmp_path)
    assert (tmp_path / "plan.md").read_text(encoding="utf-8").startswith("# Development plan")
    assert loaded.isdisjoint(NOT_FOR_ONE_PLAN), sorted(loaded & set(NOT_FOR_ONE_PLAN))


def test_a_cached_framework_is_read_without_parsing_yaml(tmp_path: Path):
    warm = "from rung.io.frameworks import load_framework\nload_framework('pm-quadrants')"
    assert "yaml" in loaded_after(warm, tmp_path)  # the first run parses and caches it
    assert "yaml" not in loaded_after(warm, tmp_path)
    assert "pydantic" not in loaded_after(warm, tmp_path)
