"""Hostile input for the tests: a sparse workbook, and the values a fuzzer types into every
form field, query parameter and command-line option."""

from __future__ import annotations

import zipfile
from pathlib import Path

from hypothesis import strategies as st

HEADER = ("person_id", "person_name", "level", "competency", "rater", "score", "assessed_on")
WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?><workbook
 xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
RELS = """<?xml version="1.0" encoding="UTF-8"?><Relationships
 xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"
 Target="{target}"/></Relationships>"""
TYPES = """<?xml version="1.0" encoding="UTF-8"?><Types
 xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels"
 ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default
 Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""


def sparse_xlsx_bytes(far_cell: str = "XFD1048576") -> bytes:
    """A header and one cell at `far_cell`, the sheet claiming A1:far_cell: about 1.6 KB."""
    import io

    header = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
                     for i, h in enumerate(HEADER))
    row = "".join(ch for ch in far_cell if ch.isdigit())
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             f'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:{far_cell}"/>'
             f'<sheetData><row r="1">{header}</row><row r="{row}"><c r="{far_cell}"><v>1</v>'
             "</c></row></sheetData></worksheet>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("_rels/.rels", RELS.format(
            kind="officeDocument", target="xl/workbook.xml"))
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS.format(
            kind="worksheet", target="worksheets/sheet1.xml"))
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def sparse_xlsx(path: Path, far_cell: str = "XFD1048576") -> Path:
    path.write_bytes(sparse_xlsx_bytes(far_cell))
    return path


# Values people (or attackers) type: empty, huge, unicode, NUL, CR/LF, formulas, far dates,
# huge and negative numbers, markup, paths, deep nesting.
HOSTILE_TEXT = (
    "", " ", "\x00", "a\x00b", "\r\nSet-Cookie: x=1", "line\rbreak", "\t", "=HYPERLINK(\"http://x\")",
    "+1", "-1", "@SUM(A1)", "0", "-0", "1e308", "NaN", "inf", "-99999999999999999999999",
    "99999999999999999999999", "3.5", "2.25", "9999-12-31", "0001-01-01", "1969-12-31",
    "2200-12-31", "2026-02-30", "2026-11-30", "<script>alert(1)</script>", "' OR 1=1 --",
    "../../etc/passwd", "%00", "\u202eevil", "𝕏" * 50, "ä" * 3000, "x" * 100_000,
    "[" * 5000 + "]" * 5000, '{"a":' * 1000 + "1" + "}" * 1000, "pat", "ada", "self", "peer",
)
hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    st.integers(-(10**30), 10**30).map(str),
    st.dates().map(lambda d: d.isoformat()),
)
