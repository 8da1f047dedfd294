"""Importing a whole organisation: all or nothing, idempotent, bulk, admin only.

Personas from conftest: Ada (admin), Morgan and Casey (managers), Pat (PM under Morgan) and
Quinn (PM under Casey). The files are written here, row by row, so each test shows its input.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from rung.core.errors import InputError, Problem
from rung.web.assessments.models import Assessment, EvidenceNote, Rating, Score
from rung.web.audit.models import AuditEntry, Event
from rung.web.imports.services import ImportResult, org_import
from rung.web.people.models import Person

from webtools import Org, client_for, page_text, post

RATINGS = ("person_id", "person_name", "level", "target_level", "competency", "rater",
           "rater_name", "score", "assessed_on", "evidence", "manager")
PEOPLE = ("person_id", "person_name", "role", "manager", "level", "email")
COMPETENCIES = ("user-research", "data-analysis", "execution")
ON = "2026-11-02"
URL = reverse("imports:upload")


def person_rows(pid: str, name: str, manager: str, *, level: str = "pm", on: str = ON,
                manager_name: str = "Lee Park", base: float = 3) -> list[tuple[str, ...]]:
    """Self and manager scores for three competencies: six rows."""
    rows: list[tuple[str, ...]] = []
    for i, comp in enumerate(COMPETENCIES):
        rows.append((pid, name, level, "", comp, "self", "", str(base + i * 0.5), on, "",
                     manager))
        rows.append((pid, name, level, "", comp, "manager", manager_name, str(base), on, "",
                     manager))
    return rows


def write_csv(path: Path, header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> Path:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def org_files(tmp_path: Path, *, people: list[tuple[str, ...]] | None = None,
              ratings: list[tuple[str, ...]] | None = None) -> tuple[Path, Path]:
    people = people if people is not None else [
        ("lee", "Lee Park", "manager", "", "", "lee@example.com"),
    ]
    ratings = ratings if ratings is not None else [
        *person_rows("ana", "Ana Silva", "lee"),
        *person_rows("bo", "Bo Chen", "Lee Park", level="apm", base=2),
    ]
    return (write_csv(tmp_path / "ratings.csv", RATINGS, ratings),
            write_csv(tmp_path / "people.csv", PEOPLE, people))


def run(ratings: Path | None, people: Path | None = None, **kw: Any) -> ImportResult:
    return org_import(ratings=(ratings, ratings.name) if ratings else None,
                      people=(people, people.name) if people else None, **kw)


def problems_of(ratings: Path | None, people: Path | None = None) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        run(ratings, people)
    return caught.value.problems


def counts() -> dict[str, int]:
    return {"people": Person.objects.count(), "users": User.objects.count(),
            "assessments": Assessment.objects.count(), "ratings": Rating.objects.count(),
            "scores": Score.objects.count(), "notes": EvidenceNote.objects.count()}


# --- the happy path -------------------------------------------------------------------------


def test_import_creates_people_managers_assessments_and_scores(org: Org, tmp_path: Path):
    ratings, people = org_files(tmp_path)
    result = run(ratings, people, user=org.ada.user)
    assert (result.people.created, result.assessments.created, result.ratings.created,
            result.scores.created) == (3, 2, 4, 12)
    lee, ana, bo = (Person.objects.get(slug=s) for s in ("lee", "ana", "bo"))
    assert lee.role == "manager"
    assert lee.manager is None
    assert ana.manager == lee
    assert bo.manager == lee
    assert (ana.role, ana.level, bo.level) == ("pm", "pm", "apm")
    assert lee.user.email == "lee@example.com"
    assert lee.user.username == "lee"
    assert not ana.user.has_usable_password()
    assessment = Assessment.objects.get(person=ana)
    assert assessment.created_by == org.ada.user
    manager = assessment.ratings.get(role="manager")
    assert manager.rater_name == "Lee Park"
    assert {s.competency: s.score for s in manager.scores.all()} == dict.fromkeys(
        COMPETENCIES, Decimal("3.00"))


def test_a_manager_named_only_in_the_ratings_becomes_a_manager(org: Org, tmp_path: Path):
    ratings = write_csv(tmp_path / "r.csv", RATINGS, [
        *person_rows("lee", "Lee Park", "morgan"),
        *person_rows("ana", "Ana Silva", "lee"),
    ])
    run(ratings)
    lee = Person.objects.get(slug="lee")
    assert (lee.role, lee.manager) == ("manager", org.morgan)
    assert Person.objects.get(slug="ana").manager == lee


def test_one_workbook_can_hold_the_people_and_the_ratings_sheets(org: Org, tmp_path: Path):
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "people"
    people: tuple[tuple[str, ...], ...] = (PEOPLE, ("lee", "Lee Park", "manager", "", "", ""))
    for row in people:
        sheet.append(list(row))
    ratings = wb.create_sheet("ratings")
    for row in (RATINGS, *person_rows("ana", "Ana Silva", "lee")):
        ratings.append(list(row))
    path = tmp_path / "org.xlsx"
    wb.save(path)
    result = run(path)
    assert (result.people.created, result.scores.created) == (2, 6)
    assert Person.objects.get(slug="ana").manager == Person.objects.get(slug="lee")


# --- idempotent, updates, nothing lost -------------------------------------------------------


def test_the_same_files_twice_add_nothing(org: Org, tmp_path: Path):
    ratings, people = org_files(tmp_path)
    run(ratings, people)
    before = counts()
    again = run(ratings, people)
    assert counts() == before
    assert (again.people.created, again.people.updated, again.people.unchanged) == (0, 0, 3)
    assert (again.assessments.created, again.assessments.unchanged) == (0, 2)
    assert (again.scores.created, again.scores.updated, again.scores.unchanged) == (0, 0, 12)


def test_a_changed_score_updates_that_score_only(org: Org, tmp_path: Path):
    ratings, people = org_files(tmp_path)
    run(ratings, people)
    text = ratings.read_text().replace("ana,Ana Silva,pm,,execution,self,,4.0",
                                       "ana,Ana Silva,pm,,execution,self,,1.5")
    ratings.write_text(text)
    result = run(ratings, people)
    assert (result.scores.created, result.scores.updated, result.scores.unchanged) == (0, 1, 11)
    assert (result.assessments.updated, result.assessments.unchanged) == (1, 1)
    score = Score.objects.get(rating__assessment__person__slug="ana", rating__role="self",
                              competency="execution")
    assert score.score == Decimal("1.50")


def test_scores_the_file_does_not_mention_are_kept(org: Org, assessment: Assessment,
                                                   tmp_path: Path):
    # Pat already has a full assessment of 2026-11-12 (12 competencies, self, manager, peers).
    before = Score.objects.filter(rating__assessment=assessment).count()
    ratings = write_csv(tmp_path / "r.csv", RATINGS, [
        ("pat", "Pat Quinn", "pm", "senior-pm", "execution", "self", "", "1", "2026-11-12", "",
         "morgan"),
    ])
    result = run(ratings)
    assert (result.assessments.created, result.assessments.updated) == (0, 1)
    assert Score.objects.filter(rating__assessment=assessment).count() == before
    assert Score.objects.get(rating__assessment=assessment, rating__role="self",
                             competency="execution").score == Decimal("1.00")
    assert Person.objects.get(slug="pat").product_area == "Onboarding"  # not in the file: kept


def test_evidence_notes_are_added_once(org: Org, tmp_path: Path):
    rows = person_rows("ana", "Ana Silva", "morgan")
    rows[0] = (*rows[0][:9], "Ran five customer interviews", rows[0][10])
    ratings = write_csv(tmp_path / "r.csv", RATINGS, rows)
    assert run(ratings).notes_created == 1
    assert run(ratings).notes_created == 0
    assert EvidenceNote.objects.get().text == "Ran five customer interviews"


def test_a_dry_run_counts_but_writes_nothing(org: Org, tmp_path: Path):
    ratings, people = org_files(tmp_path)
    before = counts()
    result = run(ratings, people, dry_run=True)
    assert result.dry_run
    assert result.people.created == 3
    assert result.scores.created == 12
    assert counts() == before


# --- all or nothing: every problem at once ---------------------------------------------------


def test_three_bad_rows_in_different_places_are_all_listed_and_nothing_is_written(
        org: Org, tmp_path: Path):
    ratings, people = org_files(tmp_path, people=[
        ("lee", "Lee Park", "manager", "", "", ""),
        ("kai", "Kai Moss", "manager", "nobody-here", "", ""),        # people row 3
    ], ratings=[
        *person_rows("ana", "Ana Silva", "lee"),
        ("bo", "Bo Chen", "pm", "", "execution", "self", "", "7", ON, "", "lee"),  # row 8
        *person_rows("pat", "Pat Jones", "lee"),                        # rows 9-14: not Pat Quinn
    ])
    before = counts()
    found = problems_of(ratings, people)
    assert [(p.source, p.where) for p in found] == [
        ("people.csv", "row 3, column manager"),
        ("ratings.csv", "row 8, column score"),
        ("ratings.csv", "row 9, column person_id"),
    ]
    assert "'nobody-here' is neither in this file nor in rung" in found[0].message
    assert "outside the scale" in found[1].message
    assert "Pat Quinn in rung" in found[2].message
    assert "Pat Jones" in found[2].message
    assert counts() == before


@pytest.mark.parametrize(("people", "ratings", "where", "words"), [
    pytest.param([], person_rows("ana", "Ana Silva", "pat"),
                 "row 2, column manager", "'pat' is a pm in rung", id="manager-is-a-pm"),
    pytest.param([], person_rows("ana", "Ana Silva", "ada"),
                 "row 2, column manager", "'ada' is an admin", id="manager-is-an-admin"),
    pytest.param([("x1", "Xi One", "manager", "x2", "", ""),
                  ("x2", "Xi Two", "manager", "x1", "", "")], [],
                 "row 2, column manager", "loop (x1 → x2 → x1)", id="loop-in-file"),
    pytest.param([("morgan", "Morgan Blake", "", "lee", "", ""),
                  ("lee", "Lee Park", "manager", "pat", "", "")], [],
                 "row 2, column manager", "loop", id="loop-through-the-database"),
    pytest.param([("lee", "Lee Park", "manager", "lee", "", "")], [],
                 "row 2, column manager", "would manage themselves", id="self-manager"),
    pytest.param([("lee", "Lee Park", "manager", "", "vp", "")], [],
                 "row 2, column level", "unknown level 'vp'", id="level-not-in-framework"),
    pytest.param([("lee", "Lee Park", "boss", "", "", "")], [],
                 "row 2, column role", "not a role", id="bad-role"),
    pytest.param([("lee", "Lee Park", "manager", "", "", "lee-at-example")], [],
                 "row 2, column email", "not an email", id="bad-email"),
    pytest.param([("morgan", "Morgan Blake", "pm", "", "", "")], [],
                 "row 2, column role", "still manages pat", id="demoted-manager-keeps-reports"),
    pytest.param([("lee", "Morgan Blake", "manager", "", "", "")],
                 person_rows("ana", "Ana Silva", "Morgan Blake"),
                 "row 2, column manager", "names 2 people", id="ambiguous-manager-name"),
    pytest.param([("new", "New Person", "pm", "", "", "")], [],
                 "row 2, column person_id", "reserved", id="reserved-id"),
    pytest.param([("a b", "Ab Cd", "pm", "", "", "")], [],
                 "row 2, column person_id", "cannot be a person id", id="bad-slug"),
])
def test_problems_only_the_database_reveals(org: Org, tmp_path: Path, people: Any,
                                            ratings: Any, where: str, words: str):
    people_path = write_csv(tmp_path / "people.csv", PEOPLE, people) if people else None
    ratings_path = write_csv(tmp_path / "ratings.csv", RATINGS, ratings) if ratings else None
    before = counts()
    found = problems_of(ratings_path, people_path)
    assert any(p.where == where and words in p.message for p in found), found
    assert counts() == before


def test_a_manager_whose_own_row_is_bad_is_reported_once(org: Org, tmp_path: Path):
    ratings, people = org_files(tmp_path, people=[("lee", "Lee Park", "boss", "", "", "")])
    found = problems_of(ratings, people)
    assert [(p.source, p.where) for p in found] == [("people.csv", "row 2, column role")]


def test_a_login_without_a_person_blocks_that_id(org: Org, tmp_path: Path):
    User.objects.create_user(username="root")
    people = write_csv(tmp_path / "people.csv", PEOPLE, [("root", "Ro Ot", "pm", "", "", "")])
    [problem] = problems_of(None, people)
    assert problem.where == "row 2, column person_id"
    assert "login named 'root'" in problem.message


def test_an_uploaded_framework_path_is_refused(org: Org, tmp_path: Path):
    (tmp_path / "fw.yaml").write_text("id: evil\n")
    rows = [(*row, str(tmp_path / "fw.yaml")) for row in person_rows("ana", "Ana", "morgan")]
    ratings = write_csv(tmp_path / "r.csv", (*RATINGS, "framework"), rows)
    found = problems_of(ratings)
    assert found[0].where == "row 2, column framework"
    assert "frameworks in rung: pm-quadrants" in found[0].message


# --- speed: no query per row ---------------------------------------------------------------


def _org_of(n: int, tmp_path: Path, tag: str) -> tuple[Path, Path]:
    people = [(f"{tag}-lead", f"Lead {tag}", "manager", "", "", "")]
    ratings = [row for i in range(n)
               for row in person_rows(f"{tag}{i}", f"P{tag} {i}", f"{tag}-lead")]
    folder = tmp_path / tag
    folder.mkdir()
    return (write_csv(folder / "r.csv", RATINGS, ratings),
            write_csv(folder / "p.csv", PEOPLE, people))


def test_the_number_of_queries_does_not_grow_with_the_rows(
        org: Org, tmp_path: Path, django_assert_max_num_queries: Any):
    small, large = _org_of(2, tmp_path, "s"), _org_of(40, tmp_path, "l")  # 20 times the rows
    with CaptureQueriesContext(connection) as first:
        run(*small)
    with django_assert_max_num_queries(len(first)):
        run(*large)
    with CaptureQueriesContext(connection) as first_again:
        run(*small)
    with django_assert_max_num_queries(len(first_again)):
        run(*large)  # an import that changes nothing, too


# --- the page -------------------------------------------------------------------------------


def test_the_page_explains_the_columns_and_offers_the_template(org: Org):
    page = client_for(org.ada).get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "person_id, person_name, level, competency, rater, score, assessed_on" in text
    assert "role, manager, level, target_level" in text
    download = client_for(org.ada).get(URL + "?template=xlsx")
    assert download["Content-Disposition"] == 'attachment; filename="organisation-template.xlsx"'
    workbook = load_workbook(io.BytesIO(download.content))
    assert workbook.sheetnames == ["people", "ratings"]


def test_the_template_imports_cleanly(org: Org, tmp_path: Path):
    download = client_for(org.ada).get(URL + "?template=xlsx")
    path = tmp_path / "template.xlsx"
    path.write_bytes(download.content)
    result = run(path)
    assert (result.people.created, result.scores.created) == (2, 24)
    assert Person.objects.get(slug="ana").manager == Person.objects.get(slug="lee")


def test_posting_a_good_file_shows_the_summary(org: Org, tmp_path: Path):
    """(The import is a task: with the tests' immediate backend it has run by the redirect.)"""
    ratings, people = org_files(tmp_path)
    client = client_for(org.ada)
    client.get(URL)
    with ratings.open("rb") as r, people.open("rb") as p:
        response = post(client, URL, {"ratings": r, "people": p}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="import-summary"' in text
    assert "Imported" in text
    assert Person.objects.filter(slug__in=["lee", "ana", "bo"]).count() == 3


def test_the_check_only_box_counts_without_writing(org: Org, tmp_path: Path):
    ratings, people = org_files(tmp_path)
    client = client_for(org.ada)
    assert 'type="checkbox" name="dry_run"' in client.get(URL).content.decode()
    before = counts()
    with ratings.open("rb") as r, people.open("rb") as p:
        response = post(client, URL, {"ratings": r, "people": p, "dry_run": "1"}, follow=True)
    assert "Checked: nothing was written" in response.content.decode()
    assert counts() == before


def test_posting_a_bad_file_lists_every_problem_and_writes_nothing(org: Org, tmp_path: Path):
    ratings = write_csv(tmp_path / "org.csv", RATINGS, [
        ("ana", "Ana Silva", "pm", "", "execution", "self", "", "9", ON, "", "morgan"),
        ("bo", "Bo Chen", "pm", "", "execution", "chef", "", "3", ON, "", "morgan"),
    ])
    before = counts()
    client = client_for(org.ada)
    client.get(URL)
    with ratings.open("rb") as r:
        response = post(client, URL, {"ratings": r}, follow=True)
    text = response.content.decode()
    assert "2 problems found; nothing was written" in text
    assert "row 2, column score" in text
    assert "row 3, column rater" in text
    assert "org.csv" in text  # the uploaded name, not the temporary file's
    assert counts() == before


def test_a_non_csv_upload_is_refused_by_the_form(org: Org, tmp_path: Path):
    path = tmp_path / "org.xls"
    path.write_bytes(b"old excel")
    client = client_for(org.ada)
    client.get(URL)
    with path.open("rb") as f:
        response = post(client, URL, {"ratings": f})
    assert "save it as .xlsx" in response.content.decode()


def test_an_upload_over_the_limit_is_refused_before_reading(
        org: Org, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("rung.web.imports.forms.ORG_UPLOAD_BYTES", 1024 * 1024)
    ratings = write_csv(tmp_path / "big.csv", RATINGS,
                        person_rows("ana", "Ana Silva", "morgan") * 20_000)
    client = client_for(org.ada)
    client.get(URL)
    with ratings.open("rb") as r:
        response = post(client, URL, {"ratings": r})
    assert "the limit is 1.0 MB" in response.content.decode()
    assert not Person.objects.filter(slug="ana").exists()


@pytest.mark.parametrize("who", ["pat", "morgan", "casey"])
def test_only_the_admin_can_import(org: Org, tmp_path: Path, who: str):
    ratings, _ = org_files(tmp_path)
    client = client_for(org.by_name(who))
    with ratings.open("rb") as r:
        response = post(client, URL, {"ratings": r})
    assert response.status_code == 404
    assert client.get(URL + "?template=xlsx").status_code == 404
    assert not Person.objects.filter(slug="ana").exists()


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_file_at_once_create_everything_once(org: Org, tmp_path: Path):
    import threading

    from django.db import connections

    ratings, people = org_files(tmp_path)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def one() -> None:
        try:
            barrier.wait()
            run(ratings, people)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Assessment.objects.filter(person__slug__in=["ana", "bo"]).count() == 2
    assert Person.objects.filter(slug__in=["lee", "ana", "bo"]).count() == 3


# --- PMs without a manager ------------------------------------------------------------------

README = Path(__file__).resolve().parents[2] / "README.md"
README_COLUMNS = ("person_id", "person_name", "level", "target_level", "competency", "rater",
                  "rater_name", "score", "assessed_on", "evidence")


def unmanaged(tmp_path: Path) -> Path:
    """Nina and Omar with the README's long-form columns and no manager column."""
    rows = [(*r[:10],) for pid, name in (("nina", "Nina Ruiz"), ("omar", "Omar Haddad"))
            for r in person_rows(pid, name, "")]
    return write_csv(tmp_path / "org.csv", README_COLUMNS, rows)


def test_the_readme_documents_the_manager_column_of_the_csv_contract():
    text = " ".join(README.read_text(encoding="utf-8").split())
    contract = text[text.index("CSV/XLSX use the long form"):][:900]
    assert "`manager`" in contract
    assert "dashboard" in contract


def test_pms_left_without_a_manager_are_a_warning_not_a_silent_success(org: Org,
                                                                        tmp_path: Path):
    result = run(unmanaged(tmp_path))
    assert result.people.created == 2  # imported all the same
    assert [(w.source, w.where) for w in result.warnings] == [
        ("org.csv", "row 2, column manager"), ("org.csv", "row 8, column manager")]
    assert "Nina Ruiz (nina) is a PM with no manager" in result.warnings[0].message
    assert "warning(s): PMs without a manager" in result.summary()
    # a PM whose manager is known is no warning
    ratings, people = org_files(tmp_path)
    assert run(ratings, people).warnings == ()


def test_the_import_page_shows_the_warning(org: Org, tmp_path: Path):
    client = client_for(org.ada)
    client.get(URL)
    with unmanaged(tmp_path).open("rb") as r:
        response = post(client, URL, {"ratings": r}, follow=True)
    text = page_text(response)
    assert "2 warnings: PMs without a manager" in text
    assert "Omar Haddad (omar) is a PM with no manager" in text


def test_the_import_command_prints_the_warning(org: Org, tmp_path: Path):
    from click.testing import CliRunner

    from rung.cli.org_import import import_cmd

    result = CliRunner().invoke(import_cmd, [str(unmanaged(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.stderr
    assert "Nina Ruiz (nina) is a PM with no manager" in \
        result.stderr


def test_an_assessment_dated_in_the_future_is_refused(org: Org, tmp_path: Path):
    ratings = write_csv(tmp_path / "r.csv", RATINGS,
                        person_rows("ana", "Ana Silva", "morgan", on="2027-01-04"))
    problems = problems_of(ratings)
    assert [(p.where, p.message[:28]) for p in problems] == [
        ("row 2, column assessed_on", "2027-01-04 is in the future;")]


# --- on record (issue 13): the import, and each PM it moves to another manager, who is told


def _moving_pat_to_casey(tmp_path: Path) -> tuple[Path, Path]:
    people = [("casey", "Casey Nguyen", "manager", "", "", ""),
              ("pat", "Pat Quinn", "pm", "casey", "pm", "pat@example.com")]
    return (write_csv(tmp_path / "ratings.csv", RATINGS, person_rows("pat", "Pat Quinn", "casey")),
            write_csv(tmp_path / "people.csv", PEOPLE, people))


def test_an_import_is_recorded_with_who_ran_it_and_what_it_wrote(org: Org, tmp_path: Path):
    ratings, people = org_files(tmp_path)
    run(ratings, people, user=org.ada.user)
    [entry] = AuditEntry.objects.filter(event=Event.IMPORT)
    assert entry.actor == "ada"
    assert "ratings.csv, people.csv: people 3 created" in entry.detail


def test_a_dry_run_or_a_refused_import_leaves_no_entry(org: Org, tmp_path: Path):
    ratings, people = org_files(tmp_path)
    run(ratings, people, user=org.ada.user, dry_run=True)
    bad = write_csv(tmp_path / "bad.csv", RATINGS, [("x", "X", "pm", "", "nope", "self", "",
                                                       "9", "2026-11-02", "", "")])
    with pytest.raises(InputError):
        run(bad, user=org.ada.user)
    assert not AuditEntry.objects.filter(event=Event.IMPORT).exists()


def test_a_pm_the_file_moves_to_another_manager_is_on_record_and_told(
        org: Org, tmp_path: Path, django_capture_on_commit_callbacks: Any):
    assert Person.objects.get(slug="pat").manager != Person.objects.get(slug="casey")
    with django_capture_on_commit_callbacks(execute=True):
        run(*_moving_pat_to_casey(tmp_path), user=org.ada.user)
    [moved] = AuditEntry.objects.filter(event=Event.MANAGER_CHANGED, subject="pat")
    assert moved.actor == "ada"
    assert "→ Casey Nguyen (casey)" in moved.detail
    [notice] = [m for m in mail.outbox if m.to == ["pat@example.com"]]
    assert "to Casey Nguyen (by ada)" in notice.body


def test_the_same_file_again_moves_nobody(org: Org, tmp_path: Path):
    files = _moving_pat_to_casey(tmp_path)
    run(*files, user=org.ada.user)
    run(*files, user=org.ada.user)
    assert AuditEntry.objects.filter(event=Event.MANAGER_CHANGED, subject="pat").count() == 1
