"""The downloadable XLSX template: the long form of DESIGN.md, pre-filled for one person."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from rung.core.framework import Framework
from rung.io.spreadsheet_cells import append_row
from rung.web.people.models import Person

COLUMNS = ("person_id", "person_name", "level", "target_level", "competency", "rater",
           "rater_name", "score", "assessed_on", "evidence")
RATERS = (("self", ""), ("manager", ""), ("peer", "Peer 1"), ("peer", "Peer 2"))


def assessment_template(person: Person, framework: Framework, assessed_on: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "scores"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    manager = person.manager.name if person.manager else ""
    for rater, name in RATERS:
        for comp in framework.competencies:
            append_row(ws, [person.slug, person.name, person.level, person.target_level, comp.id,
                       rater, manager if rater == "manager" else name, None, assessed_on, None])
    last = ws.max_row
    check = DataValidation(type="decimal", operator="between", formula1=str(framework.scale.min),
                           formula2=str(framework.scale.max), allow_blank=True,
                           error=f"A score is a number from {framework.scale.min:g} to "
                                 f"{framework.scale.max:g}.")
    ws.add_data_validation(check)
    check.add(f"H2:H{last}")
    for col, width in zip("ABCDEFGHIJ", (12, 18, 10, 12, 28, 9, 16, 7, 12, 50), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    guide = wb.create_sheet("how to fill")
    guide.append(["Fill the score column (blank = not rated) and, if you like, evidence."])
    guide.append(["Scale: " + ", ".join(f"{k} {v}" for k, v in
                                        sorted(framework.scale.labels.items()))])
    guide.append(["Rename 'Peer 1' / 'Peer 2' to the peers' names, or delete their rows. The "
                  "PM sees peer scores only as the mean of two or more peers."])
    guide.append([])
    guide.append(["competency", "name", "description"])
    for comp in framework.competencies:
        append_row(guide, [comp.id, comp.name, comp.description])
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 28
    guide.column_dimensions["C"].width = 90
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
