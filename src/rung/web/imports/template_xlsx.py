"""The downloadable organisation template: a "people" sheet and a "ratings" sheet."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from rung.core.framework import Framework
from rung.io.long_form import COLUMNS as RATING_COLUMNS
from rung.io.org_people import PEOPLE_COLUMNS
from rung.io.spreadsheet_cells import append_row

EXAMPLE_PEOPLE = (
    ("lee", "Lee Park", "manager", "", "", "", "", "pm-quadrants", "lee@example.com", ""),
    ("ana", "Ana Silva", "pm", "lee", "pm", "senior-pm", "growth", "pm-quadrants",
     "ana@example.com", "Checkout"),
)


def org_template(framework: Framework, assessed_on: str) -> bytes:
    wb = Workbook()
    people = wb.active
    assert people is not None
    people.title = "people"
    people.append(list(PEOPLE_COLUMNS))
    for row in EXAMPLE_PEOPLE:
        append_row(people, row)
    ratings = wb.create_sheet("ratings")
    ratings.append(list(RATING_COLUMNS))
    # Example scores, so the template imports as it is; replace them with real ones.
    for rater, name, score in (("self", "", 3), ("manager", "Lee Park", 2.5)):
        for comp in framework.competencies:
            cells = {"person_id": "ana", "person_name": "Ana Silva", "level": "pm",
                     "target_level": "senior-pm", "competency": comp.id, "rater": rater,
                     "rater_name": name, "score": score, "assessed_on": assessed_on,
                     "specialization": "growth", "framework": framework.id, "manager": "lee"}
            append_row(ratings, [cells.get(c) for c in RATING_COLUMNS])
    for sheet in (people, ratings):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
