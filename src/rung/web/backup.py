"""Backups: an online SQLite copy, and a portable JSON export that moves an installation
between SQLite and PostgreSQL.

The JSON export (`rung.backup/1`) holds every table of every rung app plus auth users and
groups (password hashes included, so logins survive), in Django's serialization format with a
header: format id, rung version, schema (latest migration per app), created_at, row counts.
Sessions are not exported and are emptied by a restore: a restored row id may belong to someone
else than the id a live session cookie points at.

Everything a user can fix (missing file, not a backup, newer schema, data in the target)
raises `InputError` naming the file; a restore is one transaction, so it either loads every
row or leaves the target as it was.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from datetime import time as dt_time
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import signals
from django.utils import timezone

from rung import __version__
from rung.core.errors import InputError, Problem
from rung.web.schema import describe, schema_state

FORMAT_ID = "rung.backup/1"
SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"
SQLITE_SUFFIXES = (".sqlite3", ".sqlite", ".db")
JSON_SUFFIXES = (".json", ".json.gz")
# Apps whose rows are exported besides rung's own. Permissions and content types are not:
# `migrate` creates them, and exported rows point at them by natural key.
EXTRA_MODELS = ("auth.Group", "auth.User")


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (it cuts them to milliseconds,
    and a restored row must equal the original)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | dt_time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


@dataclass(frozen=True)
class Result:
    path: Path
    format: str  # "sqlite" | "json"
    rows: int
    counts: dict[str, int]
    seconds: float
    size: int
    notes: tuple[str, ...] = ()


def _problem(path: Path | str, where: str, message: str) -> InputError:
    return InputError([Problem(str(path), where, message)])


def format_for(path: Path, fmt: str | None = None) -> str:
    """The output format: as given, or from the file name."""
    if fmt:
        return fmt
    name = path.name.lower()
    if name.endswith(JSON_SUFFIXES):
        return "json"
    if name.endswith(SQLITE_SUFFIXES):
        return "sqlite"
    raise _problem(path, "name", "cannot tell the format from the name: end it in .sqlite3 "
                   "(SQLite copy) or .json / .json.gz (portable export), or give --format")


# --- what is backed up -------------------------------------------------------------------


def backup_models() -> list[type[models.Model]]:
    """Every rung model plus auth users and groups, users before the rows naming them."""
    rung_apps = [(cfg, None) for cfg in apps.get_app_configs() if cfg.name.startswith("rung.")]
    extra = [apps.get_model(label) for label in EXTRA_MODELS]
    app_list = [(apps.get_app_config("auth"), extra), *rung_apps]
    ordered: list[type[models.Model]] = serializers.sort_dependencies(app_list)
    return [m for m in ordered if m._meta.managed and not m._meta.proxy]


def _tables(model_list: list[type[models.Model]]) -> list[str]:
    tables = []
    for m in model_list:
        tables.append(m._meta.db_table)
        for f in m._meta.local_many_to_many:
            through = f.remote_field.through
            if through is not None and through._meta.auto_created:
                tables.append(through._meta.db_table)
    return tables


def _session_table() -> str:
    return str(apps.get_model("sessions", "Session")._meta.db_table)


def _label(model: type[models.Model]) -> str:
    return str(model._meta.label_lower)


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {_label(m): m._default_manager.using(using).count() for m in backup_models()}


def _seeded(model: type[models.Model]) -> models.QuerySet[Any]:
    """Rows a migration creates in every database (the built-in framework entries)."""
    qs = model._default_manager.none()
    if _label(model) == "people.frameworkentry":
        qs = model._default_manager.filter(builtin=True)
    return qs


def data_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows that someone made (not those every migrated database starts with), per table."""
    counts = {}
    for m in backup_models():
        n = m._default_manager.using(using).count() - _seeded(m).using(using).count()
        if n:
            counts[_label(m)] = n
    return counts


# --- schema ------------------------------------------------------------------------------


def applied_schema(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The latest applied migration per app (names start with their number, so they sort)."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _unknown_migrations(schema: dict[str, str]) -> list[str]:
    """Migrations named in a backup that this rung does not have: the backup is newer."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(f"{app}.{name}" for app, name in schema.items() if (app, name) not in known)


def _refuse_newer(path: Path, schema: dict[str, str], version: object) -> None:
    unknown = _unknown_migrations(schema)
    if unknown:
        made_by = f"rung {version}" if version else "a newer rung"
        raise _problem(path, "schema", f"the backup was made by {made_by}, whose schema is "
                       f"newer than this rung's ({__version__}: it does not know "
                       f"{', '.join(unknown)}). To restore it, install {made_by} again, run "
                       "`rung migrate`, then run this restore again; to stay on rung "
                       f"{__version__}, restore a backup that it made")


def refuse_newer_database(path: Path, using: str = DEFAULT_DB_ALIAS) -> None:
    """A restore into a database that a newer rung migrated would leave the columns that rung
    added empty, which its NOT NULL columns refuse: say how to roll the schema back first."""
    unknown = schema_state(using).unknown
    if unknown:
        raise _problem(path, "database", f"the database was migrated by a newer rung (it has "
                       f"{describe(unknown)}, which rung {__version__} does not know), so the "
                       "backup's rows do not fit it. Roll the schema back first: install the "
                       f"newer rung again, run `rung migrate --to-backup {path}`, install rung "
                       f"{__version__}, then run this restore again")


def backup_schema(path: Path) -> tuple[dict[str, str], str | None]:
    """The schema (latest migration per app) a backup file records, and the rung version
    that made it (a SQLite copy does not say)."""
    if check_file(path) == "sqlite":
        with closing(_open_sqlite_backup(path)) as conn:
            rows = conn.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app")
            return dict(rows.fetchall()), None
    header = _parse_export(path)["header"]
    version = header.get("rung_version")
    return dict(header["schema"]), str(version) if version else None


def _require_migrated(using: str, out: Path | str) -> None:
    state = schema_state(using)
    if state.pending:
        raise _problem(out, "schema", "the database lacks migrations "
                       f"({describe(state.pending)}): run `rung migrate`, then back up")
    if state.unknown:
        raise _problem(out, "schema", "the database was migrated by a newer rung "
                       f"({describe(state.unknown)}): back it up with that rung")


# --- SQLite online backup ----------------------------------------------------------------


def _sqlite_path(using: str, out: Path) -> Path:
    conn = connections[using]
    if conn.vendor != "sqlite":
        raise _problem(out, "format", f"a SQLite copy, but the database is {conn.vendor}: use "
                       "`rung backup FILE.json.gz` (portable) or pg_dump")
    return Path(str(conn.settings_dict["NAME"]))


def _staging(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    return Path(tmp)


def backup_sqlite(out: Path, *, using: str = DEFAULT_DB_ALIAS) -> Result:
    """A consistent copy of the live database, safe while the app serves.

    One backup step (pages=-1) copies everything inside one read transaction: under WAL,
    writers carry on and the copy is the database as of that moment. The copy is switched to
    rollback-journal mode so it is one self-contained file.
    """
    started = time.perf_counter()
    source_path = _sqlite_path(using, out)
    if not source_path.is_file():
        raise _problem(source_path, "database", "no database here yet: check RUNG_DATA_DIR "
                       "(or run `python -m rung.web migrate` to create one)")
    tmp = _staging(out)
    try:
        source = sqlite3.connect(source_path, timeout=20)
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            check = target.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":  # pragma: no cover - a copy of a sound database is sound
                raise _problem(out, "copy", f"the copy failed its check ({check})")
            counts = _sqlite_counts(target)
        finally:
            target.close()
            source.close()
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Result(out, "sqlite", sum(counts.values()), counts,
                  time.perf_counter() - started, out.stat().st_size)


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return {_label(m): conn.execute(f'SELECT COUNT(*) FROM "{m._meta.db_table}"').fetchone()[0]
            for m in backup_models() if m._meta.db_table in present}


def _open_sqlite_backup(path: Path) -> sqlite3.Connection:
    """A backup file, read-only, checked to be a sound rung database."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as e:
        raise _problem(path, "file", f"not a readable SQLite database ({e}); the file is "
                       "damaged: restore another backup") from e
    if check != "ok":
        conn.close()
        raise _problem(path, "file", f"the database failed its integrity check ({check}); "
                       "restore another backup")
    if not {"django_migrations", "auth_user"} <= tables:
        conn.close()
        raise _problem(path, "file", "a SQLite database, but not a rung backup (no rung "
                       "tables); give a file made by `rung backup`")
    return conn


def restore_sqlite(path: Path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> Result:
    """Replace the SQLite database with a backup copy, in one step (all or nothing).

    The backup is staged in a temporary file (its sessions emptied), then copied over the live
    database with SQLite's backup API, which writes the target in one transaction.
    """
    started = time.perf_counter()
    target_path = _sqlite_path(using, path)
    source = _open_sqlite_backup(path)
    try:
        schema = dict(source.execute(
            "SELECT app, MAX(name) FROM django_migrations GROUP BY app").fetchall())
    finally:
        source.close()
    _refuse_newer(path, schema, None)
    _refuse_data(force, using, path)
    connections[using].close()
    stage_dir = Path(tempfile.mkdtemp(prefix="rung-restore-"))
    try:
        stage = sqlite3.connect(stage_dir / "stage.sqlite3")
        try:
            with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro",
                                         uri=True)) as src:
                src.backup(stage)
            stage.execute(f'DELETE FROM "{_session_table()}"')
            stage.commit()
            counts = _sqlite_counts(stage)
            target = sqlite3.connect(target_path, timeout=20)
            try:
                stage.backup(target)
            finally:
                target.close()
        finally:
            stage.close()
    except sqlite3.Error as e:
        raise _problem(path, "restore", f"the copy failed ({e}); the database was not "
                       "changed") from e
    finally:
        shutil.rmtree(stage_dir, ignore_errors=True)
    return Result(path, "sqlite", sum(counts.values()), counts,
                  time.perf_counter() - started, path.stat().st_size)


# --- portable JSON export ----------------------------------------------------------------


def _natural(model: type[models.Model]) -> bool:
    """Refer by natural key only to permissions and content types: `migrate` makes those in
    each database, with ids that differ. Every other row keeps its id, so plain ids are exact
    (and cost no query per row)."""
    made_by_migrate = {("auth", "permission"), ("contenttypes", "contenttype")}
    return any(f.related_model is not None and not isinstance(f.related_model, str)
               and (f.related_model._meta.app_label,
                    f.related_model._meta.model_name) in made_by_migrate
               for f in model._meta.get_fields() if f.concrete and f.is_relation)


def _rows(model: type[models.Model], using: str) -> list[dict[str, Any]]:
    rows = serializers.serialize("python", model._default_manager.using(using).order_by("pk"),
                                 use_natural_foreign_keys=_natural(model))
    return [{"pk": r["pk"], "fields": r["fields"]} for r in rows]


def _encoded(value: Any) -> Any:
    """As the export file holds it (dates as text, decimals as text)."""
    return json.loads(json.dumps(value, cls=_Encoder))


@contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """One read-only transaction, so the export is one moment's state, without holding up
    the app's writers."""
    conn = connections[using]
    if conn.in_atomic_block:  # the caller's transaction already is the snapshot
        yield
    elif conn.vendor == "sqlite":
        # Django would BEGIN IMMEDIATE (rung's transaction_mode), taking the write lock for
        # the whole export; a deferred read transaction under WAL blocks no one.
        conn.ensure_connection()
        with conn.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with conn.cursor() as cursor:
                cursor.execute("ROLLBACK")
    else:
        with transaction.atomic(using=using):
            if conn.vendor == "postgresql":
                with conn.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield


def export_document(*, using: str = DEFAULT_DB_ALIAS, out: Path | str = "<export>"
                    ) -> dict[str, Any]:
    """Every backed-up row, as of one moment."""
    _require_migrated(using, out)
    conn = connections[using]
    tables: dict[str, list[dict[str, Any]]] = {}
    with _snapshot(using):
        schema = applied_schema(using)
        for m in backup_models():
            tables[_label(m)] = _rows(m, using)
    header = {
        "format": FORMAT_ID,
        "rung_version": __version__,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "source": conn.vendor,
        "schema": schema,
        "counts": {label: len(rows) for label, rows in tables.items()},
    }
    return {"header": header, "tables": tables}


def backup_json(out: Path, *, using: str = DEFAULT_DB_ALIAS) -> Result:
    started = time.perf_counter()
    doc = export_document(using=using, out=out)
    data = json.dumps(doc, cls=_Encoder, ensure_ascii=False, indent=None,
                      separators=(",", ":")).encode("utf-8")
    if out.name.lower().endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    tmp = _staging(out)
    try:
        tmp.write_bytes(data)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    counts = doc["header"]["counts"]
    return Result(out, "json", sum(counts.values()), counts, time.perf_counter() - started,
                  len(data))


def read_export(path: Path) -> dict[str, Any]:
    """A JSON export, checked to be one (header, tables, counts, a schema this rung knows)
    before anything is loaded."""
    doc = _parse_export(path)
    _refuse_newer(path, doc["header"]["schema"], doc["header"].get("rung_version"))
    return doc


def _parse_export(path: Path) -> dict[str, Any]:
    """The file's structure only: needs no Django, so a bad file is reported before any
    database is opened."""
    raw = path.read_bytes()
    if raw.startswith(GZIP_MAGIC):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as e:
            raise _problem(path, "file", f"a damaged gzip file ({e}); make a new export with "
                           "`rung backup FILE.json.gz`") from e
    if not raw.lstrip()[:1] == b"{":
        raise _problem(path, "file", "not a rung backup (neither a SQLite copy nor a JSON "
                       "export); give a file made by `rung backup`")
    try:
        doc = json.loads(raw)
    except UnicodeDecodeError as e:
        raise _problem(path, "file", "not a rung backup (neither JSON nor SQLite); give a "
                       "file made by `rung backup`") from e
    except json.JSONDecodeError as e:
        raise _problem(path, f"line {e.lineno}, column {e.colno}", f"not valid JSON ({e.msg}): "
                       "the export is damaged or cut short; make a new one with "
                       "`rung backup FILE.json`") from e
    header = doc.get("header") if isinstance(doc, dict) else None
    if not isinstance(header, dict) or header.get("format") != FORMAT_ID:
        found = header.get("format") if isinstance(header, dict) else None
        raise _problem(path, "header.format", f"not a rung backup (expected format "
                       f"'{FORMAT_ID}', found {found!r}); give a file made by `rung backup`")
    tables, counts, schema = doc.get("tables"), header.get("counts"), header.get("schema")
    if not isinstance(tables, dict) or not isinstance(counts, dict) \
            or not isinstance(schema, dict):
        raise _problem(path, "header", "the export lacks its tables, counts or schema; the "
                       "file is damaged: make a new one with `rung backup FILE.json`")
    for label, rows in tables.items():
        held = len(rows) if isinstance(rows, list) else None
        if held is None or counts.get(label) != held \
                or not all(isinstance(r, dict) for r in rows):
            raise _problem(path, f"tables.{label}", f"holds {held} rows, the header says "
                           f"{counts.get(label)}; the file is damaged or was edited: make a "
                           "new export")
    checked: dict[str, Any] = doc
    return checked


def _refuse_data(force: bool, using: str, path: Path) -> None:
    if force:
        return
    counts = data_counts(using)
    if counts:
        held = ", ".join(f"{n} {label}" for label, n in sorted(counts.items()))
        raise _problem(path, "restore", f"the database already holds data ({held}); "
                       "restoring replaces all of it: back it up first, then add --force")


def _objects(path: Path, doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    known = {_label(m) for m in backup_models()}
    for label, rows in doc["tables"].items():
        if label not in known:
            raise _problem(path, f"tables.{label}", "a table this rung does not have; upgrade "
                           "rung to the version that made the export")
        for row in rows:
            yield {"model": label, "pk": row.get("pk"), "fields": row.get("fields", {})}


def restore_json(path: Path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> Result:
    """Load an export into the (migrated) database, replacing what it holds, in one
    transaction: any failure rolls everything back and the database is as it was."""
    started = time.perf_counter()
    doc = read_export(path)
    model_list = backup_models()
    conn = connections[using]
    tables = _tables(model_list)
    try:
        with transaction.atomic(using=using):
            _refuse_data(force, using, path)
            # DELETE rather than the backend's flush: PostgreSQL's TRUNCATE takes an exclusive
            # lock and is refused inside a transaction that has deferred checks pending.
            # Foreign keys are checked at commit, so the order does not matter.
            with conn.cursor() as cursor:
                for table in [*tables, _session_table()]:
                    cursor.execute(f"DELETE FROM {conn.ops.quote_name(table)}")
            with _model_signals_muted():
                _load(path, doc, using)
            conn.check_constraints(table_names=tables)
            with conn.cursor() as cursor:
                for sql in conn.ops.sequence_reset_sql(no_style(), model_list):
                    cursor.execute(sql)
            counts = row_counts(using)
            expected = {label: n for label, n in doc["header"]["counts"].items()}
            wrong = {k: (counts.get(k, 0), n) for k, n in expected.items()
                     if counts.get(k, 0) != n}
            if wrong:
                raise _problem(path, "counts", "rows went missing while loading "
                               f"({wrong}); nothing was restored")
            _verify(path, doc, using)
    except (DatabaseError, DeserializationError, ObjectDoesNotExist, ValidationError,
            LookupError, TypeError, ValueError) as e:
        # Whatever broke the load, the transaction was rolled back: say so, and what broke.
        raise _problem(path, "restore", f"loading failed, nothing was changed: {e}") from e
    return Result(path, "json", sum(counts.values()), counts, time.perf_counter() - started,
                  path.stat().st_size, _older(doc["header"]["schema"], using))


def _load(path: Path, doc: dict[str, Any], using: str) -> None:
    """Insert every exported row as it is (raw: no auto_now, no defaults), in batches.

    Row by row, `save()` costs an UPDATE attempt and an INSERT each; the tables were just
    emptied, so batched raw inserts (what bulk_create runs underneath) give the same rows in a
    fraction of the time.
    """
    conn = connections[using]
    pending: dict[type[models.Model], list[models.Model]] = {}
    related = []
    for obj in serializers.deserialize("python", _objects(path, doc), using=using,
                                       handle_forward_references=True):
        pending.setdefault(type(obj.object), []).append(obj.object)
        if obj.m2m_data or obj.deferred_fields:
            related.append(obj)
    for model, objs in pending.items():
        fields = list(model._meta.local_concrete_fields)
        # PostgreSQL's limit is no limit, but psycopg converts one huge statement slowly.
        size = max(1, min(conn.ops.bulk_batch_size(fields, objs), 500))
        manager: Any = model._base_manager
        for start in range(0, len(objs), size):
            manager._insert(objs[start:start + size], fields=fields, using=using, raw=True)
    for obj in related:
        for accessor, values in (obj.m2m_data or {}).items():
            getattr(obj.object, accessor).set(values)
        if obj.deferred_fields:
            obj.save_deferred_fields(using=using)


@contextmanager
def _model_signals_muted() -> Iterator[None]:
    """No save/delete receivers while rows are loaded.

    The export is a complete snapshot, derived values included, so nothing needs recomputing;
    and a receiver that writes to other rows on a raw save (Django passes raw=True, which some
    ignore) would change rows that were just restored. A restore runs in its own process.
    """
    muted = (signals.pre_save, signals.post_save, signals.pre_delete, signals.post_delete,
             signals.m2m_changed)
    saved = [(signal, signal.receivers) for signal in muted]
    try:
        for signal in muted:
            with signal.lock:
                signal.receivers = []
                signal.sender_receivers_cache.clear()
        yield
    finally:
        for signal, receivers in saved:
            with signal.lock:
                signal.receivers = receivers
                signal.sender_receivers_cache.clear()


def _canonical(value: Any, many: bool) -> Any:
    """A many-to-many list compares as a set: its order is the database's."""
    return sorted(json.dumps(v) for v in value) if many and isinstance(value, list) else value


def _verify(path: Path, doc: dict[str, Any], using: str) -> None:
    """Read every restored row back and compare it with the export, field by field."""
    for model in backup_models():
        label = _label(model)
        exported = doc["tables"].get(label) or []
        if not exported:
            continue
        many = {f.name for f in model._meta.local_many_to_many}
        stored = {r["pk"]: r["fields"] for r in _encoded(_rows(model, using))}
        for row in exported:
            got = stored.get(row["pk"])
            for name, value in row["fields"].items():
                if got is None or _canonical(got.get(name), name in many) != _canonical(
                        value, name in many):
                    raise _problem(path, f"tables.{label}", f"row {row['pk']} reads back "
                                   f"differently ({name}); nothing was restored")


def _older(schema: dict[str, str], using: str) -> tuple[str, ...]:
    """A note when the export predates this schema: columns added since took their defaults,
    and data migrations in between did not run on the restored rows."""
    current = applied_schema(using)
    behind = [f"{app} {name} < {current[app]}" for app, name in sorted(schema.items())
              if app in current and name < current[app]]
    if not behind:
        return ()
    return (f"the export is from an older rung ({'; '.join(behind)}): columns added since "
            "took their defaults. If that version's release notes name a data migration, "
            "restore with that version first and upgrade instead.",)


# --- entry points for the CLI ------------------------------------------------------------


def backup(out: Path, *, fmt: str | None = None, using: str = DEFAULT_DB_ALIAS) -> Result:
    kind = format_for(out, fmt)
    return backup_sqlite(out, using=using) if kind == "sqlite" else backup_json(out, using=using)


def sniff(path: Path) -> str:
    """What a backup file is, by its content: "sqlite" or "json"."""
    if not path.exists():
        raise _problem(path, "file", "no such file; give the path of a file made by "
                       "`rung backup`")
    if path.is_dir():
        raise _problem(path, "file", "a folder; give the path of a file made by `rung backup`")
    if not path.is_file():  # /dev/zero would never end, a pipe would block
        raise _problem(path, "file", "not a regular file (a device, pipe or socket); give "
                       "the path of a file made by `rung backup`")
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    return "sqlite" if head == SQLITE_MAGIC else "json"


def check_file(path: Path) -> str:
    """What a backup file is ("sqlite" or "json"), after checking that it is a sound one;
    needs no database, so the CLI runs it before opening (or migrating) any."""
    kind = sniff(path)
    if kind == "sqlite":
        _open_sqlite_backup(path).close()
    else:
        _parse_export(path)
    return kind


def audit_entries(using: str = DEFAULT_DB_ALIAS) -> int | None:
    """How many entries the audit log holds (None: no audit table yet)."""
    from rung.web.audit.models import AuditEntry

    try:
        return AuditEntry.objects.using(using).count()
    except DatabaseError:
        return None


def record_restore(path: Path, result: Result, held: int | None) -> bool:
    """A restore replaces the audit log with the backup's: the restore itself goes on record
    after it, with how many entries the replaced log held. False when there is no table."""
    from rung.web.audit.log import record
    from rung.web.audit.models import Event

    before = "an unknown number of" if held is None else str(held)
    try:
        with transaction.atomic():
            record(Event.RESTORE, detail=f"{path.name} ({result.format}, {result.rows} rows) "
                   f"replaced the database; the audit log held {before} entries before")
    except DatabaseError:
        return False
    return True


def restore(path: Path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> Result:
    kind = sniff(path)
    if kind == "sqlite":
        _open_sqlite_backup(path).close()  # a damaged file is the first thing to hear about
        if connections[using].vendor != "sqlite":
            raise _problem(path, "file", "a SQLite copy cannot be restored into "
                           f"{connections[using].vendor}: make a portable export on the "
                           "SQLite installation (`rung backup FILE.json`) and restore that")
        return restore_sqlite(path, force=force, using=using)
    return restore_json(path, force=force, using=using)
