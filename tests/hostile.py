"""Hostile input files for the tests: a sparse workbook and friends."""

from __future__ import annotations

import zipfile
from pathlib import Path

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


def sparse_xlsx(path: Path, far_cell: str = "XFD1048576") -> Path:
    """A header and one cell at `far_cell`, the sheet claiming A1:far_cell: about 1.6 KB."""
    header = "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
                     for i, h in enumerate(HEADER))
    row = "".join(ch for ch in far_cell if ch.isdigit())
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             f'openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:{far_cell}"/>'
             f'<sheetData><row r="1">{header}</row><row r="{row}"><c r="{far_cell}"><v>1</v>'
             "</c></row></sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("_rels/.rels", RELS.format(
            kind="officeDocument", target="xl/workbook.xml"))
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS.format(
            kind="worksheet", target="worksheets/sheet1.xml"))
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path
