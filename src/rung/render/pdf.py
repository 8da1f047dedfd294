"""HTML → PDF with WeasyPrint, from the very HTML the HTML renderers produce.

WeasyPrint is imported lazily: the CLI, the web app and every other format work without it,
and the import (which loads Pango through cffi) costs about a second. When WeasyPrint or one of
its system libraries is missing, `MissingSystemLibrary` (an `InputError`, so the CLI exits 2
with a message and writes nothing) names what to install instead of showing a traceback.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import NamedTuple

from rung.core.errors import InputError, Problem

DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"

# Indirection so tests can simulate a machine without WeasyPrint or Pango.
_import_module = importlib.import_module


class MissingSystemLibrary(InputError):
    """PDF output is unavailable on this machine; the message says what to install."""

    def __init__(self, detail: str, *, python_package: bool = False) -> None:
        if python_package:
            how = (
                "the WeasyPrint Python package is not installed: run 'pip install weasyprint' "
                f"(and on Debian/Ubuntu 'apt-get install {DEBIAN_PACKAGES}')"
            )
        else:
            how = (
                "WeasyPrint could not load the Pango text library it draws with: on "
                f"Debian/Ubuntu run 'apt-get install {DEBIAN_PACKAGES}'"
            )
        message = (
            f"PDF output needs WeasyPrint and Pango; {how}, then try again. "
            f"HTML output (--format html) works without them. Detail: {detail}"
        )
        super().__init__([Problem("pdf", "system library", message)])


class PdfResult(NamedTuple):
    data: bytes
    pages: int


def weasyprint() -> ModuleType:
    """The weasyprint module, or MissingSystemLibrary naming what to install."""
    try:
        return _import_module("weasyprint")
    except ImportError as e:
        # An ImportError that names a shared object is a system library, not the package.
        system = "cannot load library" in str(e) or ".so" in str(e)
        raise MissingSystemLibrary(str(e).strip() or type(e).__name__,
                                   python_package=not system) from e
    except OSError as e:
        raise MissingSystemLibrary(str(e).strip() or type(e).__name__) from e


def html_to_pdf_result(html: str) -> PdfResult:
    """Render `html` (a complete, self-contained document) to PDF bytes and count its pages."""
    module = weasyprint()
    try:
        document = module.HTML(string=html, base_url=None).render()
        data = document.write_pdf()
    except OSError as e:  # a library that loads lazily (fonts, image codecs) is missing
        raise MissingSystemLibrary(str(e).strip() or type(e).__name__) from e
    if not isinstance(data, bytes):  # pragma: no cover - WeasyPrint returns bytes without target
        raise TypeError("WeasyPrint returned no PDF bytes")
    return PdfResult(data, len(document.pages))


def html_to_pdf(html: str) -> bytes:
    return html_to_pdf_result(html).data
