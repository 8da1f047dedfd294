"""Organisation imports run as background tasks (issue 13): the request stores the files and
answers at once, the task worker imports them, a status page shows progress and then the
outcome, to the admin who started it only.

The tests' settings run tasks at once (django-tasks' immediate backend); the tests marked
"database" queue them as production does and run the worker (`rung worker`) themselves.
"""

from __future__ import annotations

import signal
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rung.cli.main import cli
from rung.io.limits import PROGRESS_ROWS
from rung.web.assessments.models import Assessment, Score
from rung.web.imports.models import ImportJob
from rung.web.people.models import Person
from rung.web.people.services import person_create

from webtools import PASSWORD, Org, client_for, page_text, post

URL = reverse("imports:upload")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
RATINGS = ("person_id", "person_name", "level", "target_level", "competency", "rater",
           "rater_name", "score", "assessed_on", "evidence", "manager")
ON = "2026-11-02"
QUEUED = override_settings(RUNG_TASKS="database",
                           TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


def write_csv(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> Path:
    path.write_text("\n".join(",".join(row) for row in [header, *rows]) + "\n",
                    encoding="utf-8")
    return path


def person_rows(pid: str, name: str, manager: str) -> list[tuple[str, ...]]:
    """Self and manager scores for three competencies: six rows."""
    return [(pid, name, "pm", "", comp, rater, rater_name, "3", ON, "", manager)
            for comp in ("user-research", "data-analysis", "execution")
            for rater, rater_name in (("self", ""), ("manager", "Lee Park"))]


def org_files(tmp_path: Path) -> tuple[Path, Path]:
    """Lee manages Ana and Bo: two people with 6 scores each, and a people file."""
    people = write_csv(tmp_path / "people.csv", ("person_id", "person_name", "role"),
                       [("lee", "Lee Park", "manager")])
    ratings = write_csv(tmp_path / "ratings.csv", RATINGS, [
        *person_rows("ana", "Ana Silva", "lee"), *person_rows("bo", "Bo Chen", "lee")])
    return ratings, people


def counts() -> dict[str, int]:
    return {"people": Person.objects.count(), "assessments": Assessment.objects.count(),
            "scores": Score.objects.count()}


def upload(client: Any, ratings: Path, people: Path | None = None, **extra: Any) -> Any:
    with ratings.open("rb") as r:
        data = {"ratings": r}
        if people is None:
            return post(client, URL, data, **extra)
        with people.open("rb") as p:
            return post(client, URL, {**data, "people": p}, **extra)


def admin_client(org: Org) -> Any:
    client = client_for(org.ada)
    client.get(URL)
    return client


def the_job() -> ImportJob:
    [job] = ImportJob.objects.all()
    return job


# --- the request only stores and queues ------------------------------------------------------


@QUEUED
def test_the_upload_request_stores_the_files_and_redirects_without_reading_them(
        org: Org, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def no_reading(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the request read the file")

    monkeypatch.setattr("rung.web.imports.jobs.org_import", no_reading)
    monkeypatch.setattr("rung.web.imports.services.read_org", no_reading)
    ratings, people = org_files(tmp_path)
    response = upload(admin_client(org), ratings, people)
    job = the_job()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:status", args=[job.pk])
    assert job.status == ImportJob.Status.QUEUED
    assert bytes(job.ratings_data or b"") == ratings.read_bytes()
    assert (job.ratings_name, job.people_name) == ("ratings.csv", "people.csv")
    assert DBTaskResult.objects.get().args_kwargs["args"] == [str(job.pk)]


@QUEUED
def test_a_queued_import_says_it_waits_for_the_worker_and_keeps_polling(org: Org,
                                                                          tmp_path: Path):
    client = admin_client(org)
    page = client.get(upload(client, org_files(tmp_path)[0])["Location"])
    text = page.content.decode()
    assert "Waiting for the worker" in text
    assert 'hx-trigger="every 2s"' in text
    assert "rung worker" in text


@QUEUED
def test_a_queued_import_says_how_many_imports_come_before_it(org: Org, tmp_path: Path):
    client = admin_client(org)
    upload(client, *org_files(tmp_path))
    second = upload(client, *org_files(tmp_path))["Location"]
    assert "Waiting: 1 import before this one" in page_text(client.get(second))


@QUEUED
def test_an_import_running_for_over_half_an_hour_is_said_to_have_stopped(org: Org,
                                                                          tmp_path: Path):
    client = admin_client(org)
    status_url = upload(client, *org_files(tmp_path))["Location"]
    started = timezone.now() - timedelta(minutes=31)
    ImportJob.objects.update(status=ImportJob.Status.RUNNING, started_at=started,
                             phase="read")
    assert "This import seems to have stopped" in page_text(client.get(status_url))
    ImportJob.objects.update(started_at=timezone.now())
    assert "step 1 of 2, reading the files" in page_text(client.get(status_url))


@QUEUED
@pytest.mark.usefixtures("transactional_db")  # the worker reads outside any transaction
def test_a_big_file_being_read_counts_its_rows_on_the_status_page(org: Org, tmp_path: Path):
    rows = [row for n in range(700) for row in person_rows(f"p{n}", f"Person {n}", "lee")]
    people = org_files(tmp_path)[1]
    ratings = write_csv(tmp_path / "big.csv", RATINGS, rows)  # 4,201 lines with the header
    client = admin_client(org)
    status_url = upload(client, ratings, people)["Location"]
    ran = CliRunner().invoke(cli, ["worker", "--batch"])
    assert ran.exit_code == 0, ran.output
    assert the_job().rows_read == PROGRESS_ROWS  # told once, at row 4,096
    ImportJob.objects.update(status=ImportJob.Status.RUNNING, started_at=timezone.now(),
                             phase="read")
    assert "reading the files: 4,096 rows so far" in page_text(client.get(status_url))


@QUEUED
@pytest.mark.usefixtures("transactional_db")
def test_the_worker_runs_a_queued_import_and_the_page_shows_it_done(org: Org,
                                                                      tmp_path: Path):
    client = admin_client(org)
    status_url = upload(client, *org_files(tmp_path))["Location"]
    assert not Person.objects.filter(slug="ana").exists()
    ran = CliRunner().invoke(cli, ["worker", "--batch"])
    assert ran.exit_code == 0, ran.output
    page = client.get(status_url)
    text = page.content.decode()
    assert 'id="import-summary"' in text
    assert "hx-trigger" not in text  # finished: the page stops polling
    assert Person.objects.filter(slug__in=["lee", "ana", "bo"]).count() == 3
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@QUEUED
@pytest.mark.usefixtures("transactional_db")
def test_a_worker_that_returned_leaves_this_process_s_signal_handlers_as_they_were(
        org: Org, tmp_path: Path):
    """The task worker's graceful-stop handlers live as long as the worker: left behind, they
    would swallow the SIGTERM meant for processes this one forks later."""
    upload(admin_client(org), *org_files(tmp_path))
    before = {s: signal.getsignal(s) for s in STOP_SIGNALS}
    assert CliRunner().invoke(cli, ["worker", "--batch"]).exit_code == 0
    assert the_job().status == ImportJob.Status.DONE
    assert {s: signal.getsignal(s) for s in STOP_SIGNALS} == before


@pytest.mark.usefixtures("transactional_db")
def test_imports_finished_over_90_days_ago_are_pruned_when_another_one_ends(org: Org,
                                                                           tmp_path: Path):
    client = admin_client(org)
    with QUEUED:
        upload(client, *org_files(tmp_path))
        assert CliRunner().invoke(cli, ["worker", "--batch"]).exit_code == 0
    long_ago = timezone.now() - timedelta(days=91)
    ImportJob.objects.update(finished_at=long_ago)
    DBTaskResult.objects.update(finished_at=long_ago)
    recent = upload(client, *org_files(tmp_path))["Location"]  # run in the request (tests)
    [kept] = ImportJob.objects.all()
    assert recent == reverse("imports:status", args=[kept.pk])
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_the_worker_refuses_to_run_when_tasks_run_in_the_request():
    ran = CliRunner().invoke(cli, ["worker", "--batch"])
    assert ran.exit_code == 2
    assert "RUNG_TASKS=immediate" in ran.output


def test_an_import_runs_once_even_when_its_task_is_run_twice(org: Org, tmp_path: Path):
    from rung.web.imports.jobs import run_import

    upload(admin_client(org), *org_files(tmp_path))
    job = the_job()
    assert run_import.call(str(job.pk)) == "skipped"
    assert str(job) == f"import {job.pk} (done)"


# --- the outcome -----------------------------------------------------------------------------


def test_the_files_are_dropped_once_the_import_has_run(org: Org, tmp_path: Path):
    upload(admin_client(org), *org_files(tmp_path))
    job = the_job()
    assert job.status == ImportJob.Status.DONE
    assert (job.ratings_data, job.people_data) == (None, None)
    assert job.result is not None
    assert job.result["scores"]["created"] == 12


def test_a_failing_file_shows_file_row_and_fix_on_the_status_page_and_writes_nothing(
        org: Org, tmp_path: Path):
    ratings = write_csv(tmp_path / "org.csv", RATINGS, [
        *person_rows("ana", "Ana Silva", "morgan"),
        ("bo", "Bo Chen", "pm", "", "execution", "self", "", "7", ON, "", "morgan"),
    ])
    before = counts()
    text = page_text(upload(admin_client(org), ratings, follow=True))
    assert "1 problem found; nothing was written" in text
    assert "org.csv" in text
    assert "row 8, column score" in text
    assert counts() == before
    assert the_job().status == ImportJob.Status.FAILED


def test_an_unexpected_error_is_reported_without_a_traceback_and_writes_nothing(
        org: Org, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("rung.web.imports.jobs.org_import", broken)
    before = counts()
    response = upload(admin_client(org), *org_files(tmp_path), follow=True)
    text = page_text(response)
    assert response.status_code == 200
    assert "stopped on an unexpected error and nothing was written" in text
    assert "disk on fire" not in text
    assert "Traceback" not in text
    assert counts() == before
    assert the_job().status == ImportJob.Status.ERROR


def test_the_import_page_lists_the_admins_recent_imports(org: Org, tmp_path: Path):
    client = admin_client(org)
    upload(client, *org_files(tmp_path))
    text = client.get(URL).content.decode()
    assert reverse("imports:status", args=[the_job().pk]) in text


def test_an_htmx_poll_gets_only_the_status_part(org: Org, tmp_path: Path):
    client = admin_client(org)
    status_url = upload(client, *org_files(tmp_path))["Location"]
    part = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="import-summary"' in part
    assert "<html" not in part


# --- privacy ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["pat", "morgan", "casey", "another admin"])
def test_only_the_admin_who_started_an_import_sees_its_page(org: Org, tmp_path: Path,
                                                              who: str):
    status_url = upload(admin_client(org), *org_files(tmp_path))["Location"]
    person = (person_create(username="grace", password=PASSWORD, name="Grace Hopper",
                            slug="grace", role="admin")
              if who == "another admin" else org.by_name(who))
    assert client_for(person).get(status_url).status_code == 404
    assert client_for(org.ada).get(status_url).status_code == 200


def test_an_unknown_import_is_not_found(org: Org):
    missing = reverse("imports:status", args=["00000000-0000-4000-8000-000000000000"])
    assert client_for(org.ada).get(missing).status_code == 404


def test_another_admins_imports_are_not_listed(org: Org, tmp_path: Path):
    upload(admin_client(org), *org_files(tmp_path))
    grace = person_create(username="grace", password=PASSWORD, name="Grace Hopper",
                          slug="grace", role="admin")
    assert reverse("imports:status", args=[the_job().pk]) not in client_for(
        grace).get(URL).content.decode()



# --- the demo ----------------------------------------------------------------------------------


class FakeChild:
    def __init__(self, args: list[str], **kwargs: Any) -> None:
        self.args, self.stopped = args, False
        STARTED.append(self)

    def terminate(self) -> None:
        self.stopped = True

    def wait(self, timeout: float) -> int:
        return 0


STARTED: list[FakeChild] = []


@QUEUED
def test_the_demo_server_runs_a_worker_beside_it_and_stops_it_after(
        db: Any, monkeypatch: pytest.MonkeyPatch):
    from rung.cli import web

    served: list[int] = []
    monkeypatch.setattr(web, "run_server", lambda host, port, workers: served.append(port))
    monkeypatch.setattr("rung.cli.worker.subprocess.Popen", FakeChild)
    STARTED.clear()
    result = CliRunner().invoke(web.demo_cmd, ["--serve", "--port", "8200"])
    assert result.exit_code == 0, result.output
    assert served == [8200]
    [child] = STARTED
    assert child.args[1:] == ["-m", "rung.cli.main", "worker"]
    assert child.stopped


@pytest.mark.django_db
def test_no_worker_is_started_beside_a_server_whose_tasks_run_in_the_request(
        monkeypatch: pytest.MonkeyPatch):
    from rung.cli.worker import worker_beside

    STARTED.clear()
    monkeypatch.setattr("rung.cli.worker.subprocess.Popen", FakeChild)
    with worker_beside():
        pass
    assert STARTED == []
