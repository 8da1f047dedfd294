"""No WeasyPrint or no Pango: a clear message naming what to install, never a traceback."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from rung.cli.documents import ladder_cmd, pack_cmd
from rung.core.errors import InputError
from rung.io.assessments import load_assessment
from rung.planning import make_plan
from rung.render import pdf
from rung.render.formats import render_plan

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "apm-b2b-saas.yaml"
PANGO_ERROR = (
    "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file: "
    "No such file or directory"
)


@pytest.fixture
def no_pango(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(name: str):
        raise OSError(PANGO_ERROR)

    monkeypatch.setattr(pdf, "_import_module", broken)


@pytest.fixture
def no_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import raises ImportError


def _plan():
    assessment, framework = load_assessment(EXAMPLE)
    return make_plan(assessment, framework, start=date(2026, 11, 30))


def test_missing_pango_names_the_debian_packages(no_pango: None) -> None:
    with pytest.raises(pdf.MissingSystemLibrary) as info:
        render_plan(_plan(), "pdf")
    message = str(info.value)
    assert "libpango-1.0-0 libpangoft2-1.0-0" in message
    assert "apt-get install" in message
    assert "--format html" in message
    assert isinstance(info.value, InputError)  # the CLI's _guard turns it into exit 2


def test_missing_weasyprint_package_says_pip_install(no_weasyprint: None) -> None:
    with pytest.raises(pdf.MissingSystemLibrary, match="pip install weasyprint"):
        pdf.html_to_pdf("<p>x</p>")


def test_html_still_works_without_weasyprint(no_weasyprint: None) -> None:
    html = render_plan(_plan(), "html")
    assert isinstance(html, str)
    assert "<svg" in html


@pytest.mark.parametrize("command", [pack_cmd, ladder_cmd])
def test_commands_exit_2_with_the_message_and_write_nothing(
    command, no_pango: None, tmp_path: Path
) -> None:
    out = tmp_path / "doc.pdf"
    result = CliRunner().invoke(command, [str(EXAMPLE), "--start", "2026-11-30", "--format",
                                          "pdf", "-o", str(out)])
    assert result.exit_code == 2
    assert "libpango-1.0-0 libpangoft2-1.0-0" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.exists()
