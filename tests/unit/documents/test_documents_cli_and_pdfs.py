"""`rung pack` and `rung ladder` through click, and their PDFs rendered and looked at."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from rung.cli.documents import ladder_cmd, pack_cmd
from rung.core.hr_boundary import NON_HR_LABEL
from rung.core.lint import has_errors, lint
from rung.io.plan_documents import read_plan_document
from rung.render import coaching_pack_html, ladder_html, pdf

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "tactical-to-strategic.yaml"
START = ["--start", "2026-11-30"]


def run(command, *args: str):
    return CliRunner().invoke(command, [str(EXAMPLE), *START, *args])


def _first_page_ink(pdf: bytes, tmp_path: Path) -> float:
    src = tmp_path / "doc.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(src),
                    str(tmp_path / "page")], check=True, capture_output=True)
    (png,) = sorted(tmp_path.glob("page*.png"))
    grey = Image.open(png).convert("L")
    histogram = grey.histogram()
    return 1 - sum(histogram[250:]) / sum(histogram)


def test_pack_markdown_to_stdout() -> None:
    result = run(pack_cmd)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# PM Coaching Pack: Pat Morgan")
    assert "## 7. Risks, open questions and next steps" in result.stdout


def test_pip_request_is_declined_with_exit_2_and_nothing_written(tmp_path: Path) -> None:
    out = tmp_path / "pack.md"
    result = run(pack_cmd, "--purpose", "I need to start a PIP and document underperformance",
                 "-o", str(out))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "declined" in result.stderr
    assert "HR process" in result.stderr
    assert "--non-hr-plan" in result.stderr
    assert not out.exists()


def test_pip_request_with_non_hr_plan_gives_only_the_labelled_plan(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    result = run(pack_cmd, "--purpose", "performance improvement plan for Pat",
                 "--non-hr-plan", "-o", str(out))
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Coaching plan: Pat Morgan\n")
    assert NON_HR_LABEL in text
    assert "performance improvement plan" not in text  # the HR purpose is not echoed
    assert "Current assessment" not in text
    assert "Evidence:" not in text
    assert "not an HR or performance document" in result.stderr


def test_pack_html_and_goal(tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    result = run(pack_cmd, "--format", "html", "--purpose", "Own the H2 strategy", "-o", str(out))
    assert result.exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<svg" in html
    assert "Own the H2 strategy." in html


def test_ladder_markdown_written_by_the_cli_lints_clean(tmp_path: Path) -> None:
    out = tmp_path / "ladder.md"
    result = run(ladder_cmd, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert not has_errors(lint(read_plan_document(out)))


def test_bad_input_exits_2_with_the_usual_message(tmp_path: Path) -> None:
    for command in (pack_cmd, ladder_cmd):
        result = CliRunner().invoke(command, [str(tmp_path / "missing.yaml")])
        assert result.exit_code == 2
        assert "nothing was written" in result.stderr
        bad_start = run(command, "--start", "2026-02-30")
        assert bad_start.exit_code == 2
        assert "is not a date" in bad_start.stderr


def test_commands_have_help() -> None:
    for command in (pack_cmd, ladder_cmd):
        result = CliRunner().invoke(command, ["--help"])
        assert result.exit_code == 0
        assert "--format [md|html|pdf]" in result.stdout
    assert "--non-hr-plan" in CliRunner().invoke(pack_cmd, ["--help"]).stdout


@pytest.mark.parametrize(
    ("command", "spy_module", "minimum", "maximum"),
    [(pack_cmd, coaching_pack_html, 3, 12), (ladder_cmd, ladder_html, 2, 6)],
)
def test_document_pdfs_render_from_their_html(
    command, spy_module, minimum: int, maximum: int, tmp_path: Path, monkeypatch
) -> None:
    seen: list[str] = []
    pages: list[int] = []
    real_to_pdf, real_result = spy_module.html_to_pdf, pdf.html_to_pdf_result

    def spy(html: str) -> bytes:
        seen.append(html)
        made: bytes = real_to_pdf(html)
        return made

    def count(html: str) -> pdf.PdfResult:
        result = real_result(html)
        pages.append(result.pages)
        return result

    monkeypatch.setattr(spy_module, "html_to_pdf", spy)
    monkeypatch.setattr(pdf, "html_to_pdf_result", count)
    out = tmp_path / "doc.pdf"
    result = run(command, "--format", "pdf", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    html_out = tmp_path / "doc.html"
    assert run(command, "--format", "html", "-o", str(html_out)).exit_code == 0
    assert seen == [html_out.read_text(encoding="utf-8")]  # the very same page
    assert len(pages) == 1
    assert minimum <= pages[0] <= maximum


@pytest.mark.usefixtures("poppler")
@pytest.mark.parametrize("command", [pack_cmd, ladder_cmd])
def test_document_pdf_first_page_is_not_blank(command, tmp_path: Path) -> None:
    out = tmp_path / "doc.pdf"
    assert run(command, "--format", "pdf", "-o", str(out)).exit_code == 0
    assert _first_page_ink(out.read_bytes(), tmp_path) > 0.02


@pytest.mark.usefixtures("poppler")
def test_non_hr_label_is_on_every_pdf_page(tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    assert run(pack_cmd, "--non-hr-plan", "--format", "pdf", "-o", str(out)).exit_code == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                          check=True).stdout.decode()
    pages = [p for p in text.split("\f") if p.strip()]
    assert pages
    assert all(NON_HR_LABEL in p for p in pages)
