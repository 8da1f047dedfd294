"""Backups lose nothing: a JSON export restored into an empty database gives back every row of
every rung table and every user (logins keep working, new rows get fresh ids), on SQLite and on
PostgreSQL; the SQLite online copy round-trips too. A restore refuses to replace data without
--force, refuses an export from a newer schema, and a failure half-way changes nothing.

The round trips use real transactions (transaction=True): the restore's own transaction,
its deferred foreign-key checks and the sequence reset are what is being tested."""

from __future__ import annotations

import io
import json
import sqlite3
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection, models

from rung import __version__
from rung.core.errors import InputError
from rung.io.frameworks import framework_to_dict, load_framework
from rung.web import backup as ops
from rung.web.api.tokens import person_for_secret, token_create
from rung.web.people.models import FrameworkEntry, Person
from rung.web.people.services import framework_upload, person_create
from rung.web.plans.models import Plan
from rung.web.tracking.calendar import token_new
from rung.web.tracking.models import SelfCheck
from rung.web.tracking.selectors import core_plan
from rung.web.tracking.services import check_in_create, mark_create, self_check_create

from webtools import PASSWORD, Org, latest_migrations, on

real_transactions = pytest.mark.django_db(transaction=True)
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'",
                                 reason="the online copy is SQLite's backup API")


@pytest.fixture
def populated(org: Org, plan: Plan) -> Org:
    """The personas, an assessment and a plan, plus tracking rows and an uploaded framework.
    Tracking rows have save receivers that write to their plan: a restore must not let them
    rewrite the plan it just restored."""
    focus = [fa.competency for fa in core_plan(plan).focus_areas]
    self_check_create(plan=plan, entries={focus[0]: ("Ran the pricing interview", "Listen more")},
                      user=org.pat.user, today=date(2026, 12, 4))
    with on("2026-12-30"):
        check_in_create(plan=plan, kind="monthly-check-in", held_on=date(2026, 12, 30),
                        focus=[{"competency": c, "rag": "amber", "blocker": "", "note": "ok",
                                "milestones_met": 1} for c in focus],
                        adjustments=[], base_version=plan.version, user=org.morgan.user)
    mark_create(plan=plan, kind="first-visible-action", user=org.pat.user, today=date(2026, 12, 1))
    token_new(org.pat)
    fw = framework_to_dict(load_framework("pm-ladder"))
    fw["id"], fw["name"] = "acme-ladder", "ACME ladder"
    framework_upload(content=json.dumps(fw).encode(), filename="acme.json")
    return org


@pytest.fixture
def api_secret(populated: Org) -> str:
    """Pat's API token (only its digest is stored): it must still work after a restore."""
    return token_create(person=populated.pat, name="HR sync").secret


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every backed-up table (and many-to-many table), as stored."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for model in ops.backup_models():
        rows[model._meta.label_lower] = list(model._default_manager.order_by("pk").values())
        for field in model._meta.local_many_to_many:
            through: type[models.Model] = field.remote_field.through  # type: ignore[assignment]
            rows[through._meta.db_table] = list(through._default_manager.order_by("pk").values())
    return rows


def assert_same(after: dict[str, list[dict[str, Any]]],
                before: dict[str, list[dict[str, Any]]]) -> None:
    """Equal snapshots, or the first differing row and field named (not a wall of dicts)."""
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for new, old in zip(after[table], rows, strict=True):
            for field, value in old.items():
                assert new[field] == value, f"{table} id {old.get('id')}: {field}"


def filled_tables(rows: dict[str, list[dict[str, Any]]]) -> set[str]:
    return {label for label, r in rows.items() if r}


@real_transactions
def test_a_json_export_restored_into_an_empty_database_loses_nothing(
        populated: Org, api_secret: str, tmp_path: Path) -> None:
    before = snapshot()
    assert {"auth.user", "people.person", "people.frameworkentry", "assessments.assessment",
            "assessments.rating", "assessments.score", "assessments.evidencenote",
            "plans.plan", "plans.planversion", "tracking.selfcheck", "tracking.checkinrecord",
            "tracking.launchmark", "tracking.calendartoken", "api.apitoken"
            } <= filled_tables(before)
    result = ops.backup_json(tmp_path / "org.json")
    header = json.loads((tmp_path / "org.json").read_text())["header"]
    assert header["format"] == "rung.backup/1"
    assert header["schema"]["people"] >= "0002"
    assert header["counts"]["auth.user"] == 5
    assert result.rows == sum(header["counts"].values())

    call_command("flush", interactive=False, verbosity=0)
    assert not Person.objects.exists()
    ops.restore_json(tmp_path / "org.json")

    assert_same(snapshot(), before)
    assert authenticate(username="pat", password=PASSWORD) is not None
    assert person_for_secret(api_secret) == Person.objects.get(slug="pat")
    newcomer = person_create(username="rowan", password=PASSWORD, name="Rowan Ade",
                             slug="rowan", role="pm")
    assert newcomer.pk > max(p["id"] for p in before["people.person"])
    assert newcomer.user.pk > max(u["id"] for u in before["auth.user"])


@real_transactions
def test_a_restore_refuses_a_database_with_data_unless_forced(populated: Org,
                                                              tmp_path: Path) -> None:
    ops.backup_json(tmp_path / "org.json")
    Person.objects.filter(slug="quinn").update(name="Quinn Changed")
    before = snapshot()
    with pytest.raises(InputError) as refused:
        ops.restore_json(tmp_path / "org.json")
    assert "already holds data" in str(refused.value)
    assert "--force" in str(refused.value)
    assert_same(snapshot(), before)

    ops.restore_json(tmp_path / "org.json", force=True)
    assert Person.objects.get(slug="quinn").name == "Quinn Ito"


@real_transactions
def test_a_restore_that_fails_half_way_leaves_the_database_untouched(populated: Org,
                                                                     tmp_path: Path) -> None:
    ops.backup_json(tmp_path / "org.json")
    doc = json.loads((tmp_path / "org.json").read_text())
    # The last self-check names a plan that does not exist: found only after every other
    # row (and the deletion of the old ones) went in.
    doc["tables"]["tracking.selfcheck"][-1]["fields"]["plan"] = 987654
    (tmp_path / "broken.json").write_text(json.dumps(doc))
    SelfCheck.objects.update(entries=[{"note": "made after the export"}])
    before = snapshot()

    with pytest.raises(InputError) as failed:
        ops.restore_json(tmp_path / "broken.json", force=True)
    assert "nothing was changed" in str(failed.value)
    assert_same(snapshot(), before)


@pytest.mark.django_db
def test_an_export_from_a_newer_schema_is_refused(populated: Org, tmp_path: Path) -> None:
    ops.backup_json(tmp_path / "org.json")
    doc = json.loads((tmp_path / "org.json").read_text())
    doc["header"]["schema"]["plans"] = "0042_goals"
    doc["header"]["rung_version"] = "9.0.0"
    (tmp_path / "newer.json").write_text(json.dumps(doc))
    before = snapshot()
    with pytest.raises(InputError) as refused:
        ops.restore_json(tmp_path / "newer.json", force=True)
    message = str(refused.value)
    assert "made by rung 9.0.0, whose schema is newer than this rung's" in message
    assert "does not know plans.0042_goals" in message
    assert "install rung 9.0.0 again, run `rung migrate`, then run this restore again" in message
    assert_same(snapshot(), before)


@pytest.mark.django_db
def test_a_restore_into_a_database_a_newer_rung_migrated_says_how_to_roll_back(
        populated: Org, tmp_path: Path) -> None:
    """The mistake of issue 16: the older rung installed first, then the restore, which
    failed half-way on a NOT NULL column the newer rung had added."""
    from django.db.migrations.recorder import MigrationRecorder

    ops.backup_json(tmp_path / "before-upgrade.json")
    MigrationRecorder(connection).record_applied("people", "0099_from_a_newer_rung")
    before = snapshot()
    with pytest.raises(InputError) as refused:
        ops.refuse_newer_database(tmp_path / "before-upgrade.json")
    message = str(refused.value)
    assert "migrated by a newer rung (it has people.0099_from_a_newer_rung" in message
    assert ("install the newer rung again, run `rung migrate --to-backup "
            f"{tmp_path / 'before-upgrade.json'}`, install rung") in message
    assert_same(snapshot(), before)


@pytest.mark.django_db
def test_a_backup_records_its_schema_and_the_rung_that_made_it(populated: Org,
                                                                tmp_path: Path) -> None:
    ops.backup_json(tmp_path / "org.json.gz")
    schema, version = ops.backup_schema(tmp_path / "org.json.gz")
    assert schema == ops.applied_schema()
    assert version == __version__
    assert schema["plans"] == latest_migrations("plans")[0]


@pytest.mark.django_db
def test_an_export_from_an_older_schema_loads_with_a_note(populated: Org,
                                                           tmp_path: Path) -> None:
    ops.backup_json(tmp_path / "org.json")
    doc = json.loads((tmp_path / "org.json").read_text())
    doc["header"]["schema"]["plans"] = "0001_initial"
    (tmp_path / "older.json").write_text(json.dumps(doc))
    result = ops.restore_json(tmp_path / "older.json", force=True)
    assert result.rows == sum(doc["header"]["counts"].values())
    assert len(result.notes) == 1
    assert "plans 0001_initial <" in result.notes[0]


@pytest.mark.django_db
def test_a_gzipped_export_carries_the_same_rows(populated: Org, tmp_path: Path) -> None:
    ops.backup_json(tmp_path / "org.json")
    ops.backup_json(tmp_path / "org.json.gz")
    plain = json.loads((tmp_path / "org.json").read_text())
    packed = ops.read_export(tmp_path / "org.json.gz")
    assert packed["tables"] == plain["tables"]
    assert (tmp_path / "org.json.gz").stat().st_size < (tmp_path / "org.json").stat().st_size / 4


@sqlite_only
@real_transactions
def test_the_sqlite_copy_is_consistent_while_someone_writes_and_restores_exactly(
        populated: Org, tmp_path: Path) -> None:
    before = snapshot()
    live = sqlite3.connect(connection.settings_dict["NAME"], timeout=20)
    live.execute("BEGIN IMMEDIATE")  # a writer holds the lock, mid-transaction
    live.execute("UPDATE people_person SET name = 'Half-written' WHERE slug = 'pat'")
    ops.backup_sqlite(tmp_path / "copy.sqlite3")
    live.rollback()
    live.close()

    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    assert copy.execute("SELECT name FROM people_person WHERE slug = 'pat'").fetchone() == (
        "Pat Quinn",)
    copy.close()
    assert not (tmp_path / "copy.sqlite3-wal").exists()

    Plan.objects.all().delete()
    FrameworkEntry.objects.filter(key="acme-ladder").delete()
    with pytest.raises(InputError, match="--force"):
        ops.restore_sqlite(tmp_path / "copy.sqlite3")
    ops.restore_sqlite(tmp_path / "copy.sqlite3", force=True)
    assert_same(snapshot(), before)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


@sqlite_only
@real_transactions
def test_the_json_export_reads_one_moment_without_waiting_for_writers(
        populated: Org, tmp_path: Path) -> None:
    live = sqlite3.connect(connection.settings_dict["NAME"], timeout=20)
    live.execute("BEGIN IMMEDIATE")
    live.execute("UPDATE people_person SET name = 'Half-written' WHERE slug = 'pat'")
    started = time.perf_counter()
    ops.backup_json(tmp_path / "org.json")
    assert time.perf_counter() - started < 5  # the writer's lock did not hold it up
    live.commit()
    live.close()
    people = json.loads((tmp_path / "org.json").read_text())["tables"]["people.person"]
    assert "Pat Quinn" in [p["fields"]["name"] for p in people]
    assert Person.objects.get(slug="pat").name == "Half-written"


@pytest.mark.django_db
def test_a_sqlite_copy_cannot_go_into_postgresql(tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite3"
    with sqlite3.connect(copy) as db:
        db.execute("CREATE TABLE django_migrations (app, name)")
        db.execute("CREATE TABLE auth_user (id)")
    db.close()
    if connection.vendor == "sqlite":
        pytest.skip("the target is SQLite")
    with pytest.raises(InputError, match=r"make a portable export .*rung backup FILE\.json"):
        ops.restore(copy)


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "not a rung backup"),
    (b"plain text, not a backup\n", "not a rung backup"),
    (b'{"header": {"format": "rung.backup/1"', "not valid JSON"),
    (b'[{"model": "people.person", "pk": 1}]', "not a rung backup"),
    (b'{"header": {"format": "something/2"}}', "expected format 'rung.backup/1'"),
    (b"SQLite format 3\x00" + b"\x00" * 200, "not a readable SQLite database"),
])
@pytest.mark.django_db
def test_files_that_are_not_backups_get_one_clear_message(tmp_path: Path, content: bytes,
                                                          expected: str) -> None:
    path = tmp_path / "suspect.json"
    path.write_bytes(content)
    with pytest.raises(InputError) as refused:
        ops.restore(path)
    assert len(refused.value.problems) == 1
    assert str(path) in str(refused.value)
    assert expected in str(refused.value)


@pytest.mark.django_db
def test_an_export_whose_rows_do_not_match_its_header_is_refused(populated: Org,
                                                                 tmp_path: Path) -> None:
    ops.backup_json(tmp_path / "org.json")
    doc = json.loads((tmp_path / "org.json").read_text())
    del doc["tables"]["people.person"][-1]
    out = io.StringIO()
    json.dump(doc, out)
    (tmp_path / "cut.json").write_text(out.getvalue())
    with pytest.raises(InputError, match=r"tables\.people\.person: holds 4 rows, the header "
                       r"says 5"):
        ops.read_export(tmp_path / "cut.json")


@pytest.mark.django_db
def test_a_json_backup_of_a_database_behind_its_code_is_refused(tmp_path: Path) -> None:
    from django.db.migrations.recorder import MigrationRecorder

    latest = ops.applied_schema()["plans"]
    MigrationRecorder(connection).record_unapplied("plans", latest)
    with pytest.raises(InputError, match=r"org\.json: schema: the database lacks migrations "
                       rf"\(plans\.{latest}\): run `rung migrate`, then back up"):
        ops.backup_json(tmp_path / "org.json")
    assert not (tmp_path / "org.json").exists()


@pytest.mark.django_db
def test_a_json_backup_of_a_database_a_newer_rung_migrated_is_refused(tmp_path: Path) -> None:
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder(connection).record_applied("plans", "0099_from_a_newer_rung")
    with pytest.raises(InputError, match=r"migrated by a newer rung \(plans\.0099_from_a_newe"
                       r"r_rung\): back it up with that rung"):
        ops.backup_json(tmp_path / "org.json")
