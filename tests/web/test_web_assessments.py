"""Assessments through the web: rating forms, peers' privacy, uploads, calibration."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rung.web.assessments import services
from rung.web.assessments.models import Assessment, EvidenceNote, Rating, Score

from webtools import Org, client_for, post


def rate_url(a: Assessment, role: str) -> str:
    return reverse("assessments:rate", kwargs={"assessment_id": a.pk, "role": role})


@pytest.fixture
def fresh(org: Org) -> Assessment:
    """An assessment of Pat with no ratings yet."""
    response = post(client_for(org.morgan), reverse("assessments:new", kwargs={"slug": "pat"}),
                    {"assessed_on": "2026-11-12",
                     "upcoming": "2027-02-04 H2 strategy review",
                     "feedback_people": "Nadia Petrov, Director of Product"})
    assert response.status_code == 302
    return Assessment.objects.get(person=org.pat)


def test_new_assessment_keeps_the_context(fresh: Assessment) -> None:
    assert '"H2 strategy review"' in fresh.context
    assert "Nadia Petrov" in fresh.context
    assert fresh.level == "pm"
    assert fresh.target_level == "senior-pm"


def test_new_assessment_reports_a_bad_event_date_on_its_field(org: Org) -> None:
    response = post(client_for(org.pat), reverse("assessments:new", kwargs={"slug": "pat"}),
                    {"assessed_on": "2026-11-12", "upcoming": "2027-13-45 Launch"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "upcoming" in errors
    assert "line 1" in errors["upcoming"][0]
    assert not Assessment.objects.exists()


def test_self_rating_with_decimals_and_evidence(org: Org, fresh: Assessment) -> None:
    response = post(client_for(org.pat), rate_url(fresh, "self"),
                    {"score-user-research": "3.5", "score-execution": "4",
                     "evidence-user-research": "Ran 6 interviews\nShared the synthesis"})
    assert response.status_code == 302
    rating = Rating.objects.get(assessment=fresh, role="self")
    assert {s.competency: s.score for s in rating.scores.all()} == {
        "user-research": Decimal("3.5"), "execution": Decimal("4")}
    assert [n.text for n in rating.notes.all()] == ["Ran 6 interviews", "Shared the synthesis"]


@pytest.mark.parametrize(("value", "message"), [
    ("6", "less than or equal to 5"),
    ("-1", "greater than or equal to 0"),
    ("abc", "Enter a number"),
    ("2.125", "use one decimal (2.1 or 2.2)"),
    ("2.25", "use one decimal (2.2 or 2.3)"),  # one step, 0.1, in every form
])
def test_bad_scores_get_field_level_messages_and_nothing_is_saved(
    org: Org, fresh: Assessment, value: str, message: str
) -> None:
    response = post(client_for(org.pat), rate_url(fresh, "self"),
                    {"score-user-research": "3", "score-execution": value})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["score-execution"]
    assert message in errors["score-execution"][0]
    assert not Rating.objects.exists()
    assert not Score.objects.exists()


def test_a_rating_needs_at_least_one_score(org: Org, fresh: Assessment) -> None:
    response = post(client_for(org.pat), rate_url(fresh, "self"), {})
    assert "Give at least one score." in response.content.decode()


def test_a_failure_half_way_saves_nothing(org: Org, fresh: Assessment,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Scores are written, then the evidence fails: the transaction leaves no trace."""
    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(EvidenceNote.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        services.rating_save(assessment=fresh, framework=_fw(), role="self",
                             scores={"execution": Decimal(4)}, evidence={"execution": "x"},
                             entered_by=org.pat.user)
    assert not Rating.objects.exists()
    assert not Score.objects.exists()


def _fw() -> Any:
    from rung.web.people.frameworks import get_framework

    return get_framework("pm-quadrants")


def test_peer_scores_reach_the_pm_only_as_an_aggregate_of_two(org: Org,
                                                              assessment: Assessment) -> None:
    url = reverse("assessments:detail", kwargs={"assessment_id": assessment.pk})
    pat_page = client_for(org.pat).get(url).content.decode()
    morgan_page = client_for(org.morgan).get(url).content.decode()
    # product-strategy: two peers (2.5, 2) → the PM sees the mean 2.3 (2.25 rounded half up)
    rows = {r.id: r for r in client_for(org.pat).get(url).context["rows"]}
    assert rows["product-strategy"].peers == 2.3
    assert not rows["product-strategy"].peers_hidden
    # market-analysis and roadmapping: one peer each → hidden from the PM
    assert rows["market-analysis"].peers is None
    assert rows["market-analysis"].peers_hidden
    assert "hidden (1 peer)" in pat_page
    # names and private notes of peers never reach the PM; the manager sees them
    for secret in ("Kim", "Ravi", "private note"):
        assert secret not in pat_page
        assert secret in morgan_page


def test_pm_cannot_open_a_peer_rating(org: Org, assessment: Assessment) -> None:
    assert client_for(org.pat).get(rate_url(assessment, "peer") + "?name=Kim"
                                   ).status_code == 404


def test_peer_rating_needs_a_name(org: Org, fresh: Assessment) -> None:
    response = post(client_for(org.morgan), rate_url(fresh, "peer"), {"score-execution": "3"})
    assert "rater_name" in response.context["form"].errors


# --- uploads --------------------------------------------------------------------------------

HEADER = ("person_id,person_name,level,target_level,competency,rater,rater_name,score,"
          "assessed_on,evidence")


def _csv(rows: list[str]) -> io.BytesIO:
    f = io.BytesIO(("\n".join([HEADER, *rows]) + "\n").encode())
    f.name = "pat.csv"
    return f


def upload(org: Org, f: Any) -> Any:
    return post(client_for(org.morgan), reverse("assessments:upload", kwargs={"slug": "pat"}),
                {"file": f})


def test_csv_upload_creates_the_assessment(org: Org) -> None:
    response = upload(org, _csv([
        "pat,Pat Quinn,pm,senior-pm,execution,self,,4,2026-11-12,Shipped 3 releases",
        "pat,Pat Quinn,pm,senior-pm,execution,manager,Morgan Blake,3.5,2026-11-12,",
        "pat,Pat Quinn,pm,senior-pm,user-research,peer,Kim,3,2026-11-12,",
    ]))
    assert response.status_code == 302, response.content.decode()[:2000]
    a = Assessment.objects.get(person=org.pat)
    assert a.assessed_on.isoformat() == "2026-11-12"
    assert {(r.role, r.rater_name) for r in a.ratings.all()} == {
        ("self", ""), ("manager", "Morgan Blake"), ("peer", "Kim")}
    assert [n.text for n in a.evidence.all()] == ["Shipped 3 releases"]


def test_bad_csv_names_the_row_and_saves_nothing(org: Org) -> None:
    response = upload(org, _csv([
        "pat,Pat Quinn,pm,senior-pm,execution,self,,4,2026-11-12,",
        "pat,Pat Quinn,pm,senior-pm,executoin,self,,9,2026-11-12,",
    ]))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["__all__"])
    assert "row 3" in errors
    assert "executoin" in errors
    assert not Assessment.objects.exists()
    assert not Score.objects.exists()


def test_upload_of_someone_else_is_refused(org: Org) -> None:
    response = upload(org, _csv(["quinn,Quinn Ito,apm,,execution,self,,4,2026-11-12,"]))
    assert "upload only Pat Quinn's scores" in " ".join(response.context["form"].errors["__all__"])
    assert not Assessment.objects.exists()


def test_upload_refuses_other_file_types(org: Org) -> None:
    f = io.BytesIO(b"MZ\x90")
    f.name = "scores.exe"
    response = upload(org, f)
    assert "file" in response.context["form"].errors
    assert not Assessment.objects.exists()


def test_xlsx_template_round_trip(org: Org) -> None:
    response = client_for(org.morgan).get(reverse("assessments:template",
                                                  kwargs={"slug": "pat"}))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["scores"]
    header = [c.value for c in ws[1]]
    assert header[:10] == HEADER.split(",")
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == 4 * 12  # self, manager, two peers × 12 competencies
    for row in rows:  # fill every score with 3
        row[7].value = 3
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "pat.xlsx"
    response = upload(org, out)
    assert response.status_code == 302, response.content.decode()[:3000]
    a = Assessment.objects.get(person=org.pat)
    assert a.ratings.count() == 4
    assert Score.objects.filter(rating__assessment=a).count() == 48


# --- calibration ----------------------------------------------------------------------------


def test_calibration_lists_two_point_divergences_and_records_the_agreed_score(
    org: Org, assessment: Assessment
) -> None:
    url = reverse("assessments:calibrate", kwargs={"assessment_id": assessment.pk})
    page = client_for(org.pat).get(url)
    assert [r.id for r in page.context["divergent"]] == ["product-strategy"]
    response = post(client_for(org.pat), url, {"competency": "product-strategy", "score": "3",
                                               "note": "Compared the H1 memo and the roadmap"})
    assert response.status_code == 302
    record = assessment.calibrations.get()
    assert record.score == Decimal("3")
    assert record.recorded_by == org.pat.user
    rows = {r.id: r for r in client_for(org.morgan).get(url).context["rows"]}
    assert rows["product-strategy"].calibrated == 3.0
    assert not rows["product-strategy"].needs_calibration


def test_calibration_needs_a_note_and_a_score_on_the_scale(org: Org,
                                                           assessment: Assessment) -> None:
    url = reverse("assessments:calibrate", kwargs={"assessment_id": assessment.pk})
    response = post(client_for(org.morgan), url,
                    {"competency": "product-strategy", "score": "7", "note": ""})
    errors = response.context["form"].errors
    assert set(errors) == {"score", "note"}
    assert not assessment.calibrations.exists()
