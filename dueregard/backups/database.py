"""The database part of a backup: a consistent dump, its loading, and what "empty" means.

SQLite is copied with the online backup API (a consistent snapshot while the app serves);
PostgreSQL with ``pg_dump --format=custom`` and loaded with ``pg_restore``, both given the
connection settings of ``DATABASES["default"]``.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from dueregard.audit.models import AuditChain, AuditEvent
from dueregard.backups.archive import ArchiveError
from dueregard.core.scope import unscoped
from dueregard.organisations.models import Organisation


def vendor() -> str:
    return str(connection.vendor)


def latest_migrations() -> dict[str, str]:
    """The latest applied migration of each app (names sort by their number)."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def unknown_migrations(migrations: dict[str, str]) -> list[str]:
    """Migrations the archive has applied that this version of the code does not know."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, name in sorted(migrations.items()) if (app, name) not in known]


def migrations_pending() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


# --- Empty ----------------------------------------------------------------------------


def holdings() -> list[str]:
    """What the database holds beyond what ``migrate`` writes; empty means it may be restored.

    Every record belongs to an organisation or a user (``tests/test_tenancy.py``), and every
    change writes the audit trail, so an instance with no organisation, user or audit event
    holds only Django's bookkeeping and the national reference lists migrations add. A
    database without tables (never migrated) is empty too.
    """
    tables = set(connection.introspection.table_names())
    found = []
    with unscoped():
        for model in (Organisation, get_user_model(), AuditEvent, AuditChain):
            if model._meta.db_table in tables and model._base_manager.exists():
                found.append(str(model._meta.verbose_name_plural))
    return found


# --- SQLite ---------------------------------------------------------------------------


def _sqlite_path() -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise ArchiveError("The database is in memory: there is no file to restore into.")
    return Path(name)


def dump_sqlite(into: Path) -> None:
    connection.ensure_connection()
    source = connection.connection
    target = sqlite3.connect(into)
    try:
        source.backup(target)
    finally:
        target.close()


def load_sqlite(dump: Path) -> None:
    """Put the dump in place of the database file (every connection closed first)."""
    path = _sqlite_path()
    connections.close_all()
    path.parent.mkdir(parents=True, exist_ok=True)
    incoming = path.with_name(f".{path.name}.restoring")
    shutil.copyfile(dump, incoming)
    os.chmod(incoming, 0o600)
    # A journal left beside the old file would be replayed into the new one.
    for suffix in ("-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    os.replace(incoming, path)


# --- PostgreSQL -----------------------------------------------------------------------


def postgres_binary(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: on PATH, else the newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise ArchiveError(f"{name} is not installed (install the PostgreSQL client tools).")
    return candidates[-1]


def _postgres_connection() -> tuple[list[str], dict[str, str], str]:
    """Flags, environment (password, SSL) and database name of the default connection."""
    settings_dict: dict[str, Any] = connections[DEFAULT_DB_ALIAS].settings_dict
    # Django's own translation of the settings into libpq's environment.
    _, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    flags = ["--no-password"]
    for flag, key in (("--username", "USER"), ("--host", "HOST"), ("--port", "PORT")):
        if settings_dict.get(key):
            flags += [flag, str(settings_dict[key])]
    return flags, {**os.environ, **(env or {})}, str(settings_dict["NAME"])


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise ArchiveError(f"{what} failed: {done.stderr.strip()[-800:]}")


def dump_postgresql(into: Path) -> None:
    flags, env, name = _postgres_connection()
    command = [postgres_binary("pg_dump"), "--format=custom", "--file", str(into), *flags, name]
    _run(command, env, "pg_dump")


def load_postgresql(dump: Path) -> None:
    """``pg_restore`` in one transaction; tables ``migrate`` made are dropped first."""
    flags, env, name = _postgres_connection()
    connections.close_all()
    command = [
        postgres_binary("pg_restore"),
        "--no-owner",
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        *flags,
        "--dbname",
        name,
        str(dump),
    ]
    _run(command, env, "pg_restore")


def dump(into: Path) -> None:
    if vendor() == "sqlite":
        dump_sqlite(into)
    else:
        dump_postgresql(into)


def load(dump_file: Path) -> None:
    if vendor() == "sqlite":
        load_sqlite(dump_file)
    else:
        load_postgresql(dump_file)
