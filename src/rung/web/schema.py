"""The database's schema measured against this code.

Two ways they can disagree: the database lacks migrations this rung has (run `rung migrate`),
or it holds migrations this rung does not know (a newer rung migrated it: its rows may have
columns this code would leave empty, so nothing here writes to it). `/healthz`, the commands
that write and `rung restore` all ask `schema_state()`; it costs one query.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

Key = tuple[str, str]


@dataclass(frozen=True)
class SchemaState:
    pending: tuple[str, ...]  # "app.name": this code has them, the database lacks them
    unknown: tuple[str, ...]  # applied in the database, unknown to this code

    @property
    def current(self) -> bool:
        return not self.pending and not self.unknown


@functools.lru_cache(maxsize=1)
def _code_migrations() -> tuple[frozenset[Key], frozenset[Key], frozenset[str]]:
    """What this code's migration files make: the graph a fresh database ends at, every file
    on disk, and the apps they belong to. Read once per process (it imports every file)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    labels = frozenset(cfg.label for cfg in apps.get_app_configs())
    return frozenset(loader.graph.nodes), frozenset(loader.disk_migrations), labels


def _names(keys: set[Key]) -> tuple[str, ...]:
    return tuple(f"{app}.{name}" for app, name in sorted(keys))


def schema_state(using: str = DEFAULT_DB_ALIAS) -> SchemaState:
    """Raises DatabaseError when the database cannot be reached."""
    expected, known, labels = _code_migrations()
    recorder = MigrationRecorder(connections[using])
    applied = set(recorder.applied_migrations()) if recorder.has_table() else set()
    unknown = {key for key in applied if key[0] in labels and key not in known}
    return SchemaState(pending=_names(set(expected) - applied), unknown=_names(unknown))


def describe(names: tuple[str, ...], limit: int = 3) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


# --- moving the schema -------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str  # "app.migration"
    backwards: bool


def _targets(schema: dict[str, str]) -> list[tuple[str, str | None]]:
    """Django migration targets for a schema (latest migration per app, as a backup records
    it). An app this code has but the schema lacks came later: all its migrations go."""
    expected, known, _labels = _code_migrations()
    apps_here = sorted({app for app, _name in expected})
    newer = sorted(f"{app}.{name}" for app, name in schema.items()
                   if app in apps_here and (app, name) not in known)
    if newer:
        raise ValueError(", ".join(newer))
    return [(app, schema.get(app)) for app in apps_here]


def plan_to(schema: dict[str, str] | None, using: str = DEFAULT_DB_ALIAS) -> list[Step]:
    """The migrations that take the database to `schema` (None: this code's latest), in
    order. ValueError names the migrations of `schema` this code does not know."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    targets = (executor.loader.graph.leaf_nodes() if schema is None else _targets(schema))
    return [Step(f"{m.app_label}.{m.name}", backwards)
            for m, backwards in executor.migration_plan(targets)]


def irreversible(steps: list[Step], using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Backward steps whose migration cannot be undone (checked before any is run)."""
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    found = []
    for step in steps:
        app, name = step.name.split(".", 1)
        migration = loader.get_migration(app, name)
        if step.backwards and not all(op.reversible for op in migration.operations):
            found.append(step.name)
    return found


def migrate_to(schema: dict[str, str], using: str = DEFAULT_DB_ALIAS) -> None:
    """Apply or reverse migrations until the database has `schema`."""
    from django.core.management.sql import emit_post_migrate_signal
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    targets = _targets(schema)
    executor.migrate(targets, plan=executor.migration_plan(targets))
    emit_post_migrate_signal(0, False, using)
