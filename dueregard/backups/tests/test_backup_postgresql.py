"""The PostgreSQL round trip: pg_dump into the archive, pg_restore into a new database.

Runs on the PostgreSQL suite (``DATABASE_URL`` set, as in CI); skipped on SQLite. The
source and target are databases of their own on the same server, made and dropped here.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

from dueregard.backups.tests.test_backup import ADD_ATTACHMENTS, ROOT, files

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL suite runs it (DATABASE_URL)"
)


def _server_url(database: str) -> str:
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return f"{base}/{database}"


@pytest.fixture
def databases() -> Iterator[tuple[str, str]]:
    suffix = uuid.uuid4().hex[:10]
    names = (f"backup_source_{suffix}", f"backup_target_{suffix}")
    with psycopg.connect(_server_url("postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield names
    with psycopg.connect(_server_url("postgres"), autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database: str, var_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DUEREGARD_PROFILE": "dev",
        "DUEREGARD_VAR_DIR": str(var_dir),
        "DATABASE_URL": _server_url(database),
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done


def tables(database: str) -> dict[str, Any]:
    with psycopg.connect(_server_url(database)) as db:
        names = [
            r[0]
            for r in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        found = {}
        for name in names:
            rows = sorted(repr(r) for r in db.execute(f'SELECT * FROM "{name}"'))  # noqa: S608
            found[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return found


def test_postgresql_round_trip(databases, tmp_path) -> None:
    source, target = databases
    source_dir, target_dir = tmp_path / "source", tmp_path / "target"
    source_dir.mkdir()
    target_dir.mkdir()
    manage(source, source_dir, "migrate", "-v0")
    manage(source, source_dir, "load_demo")
    manage(source, source_dir, "shell", "-v0", "-c", ADD_ATTACHMENTS)
    archive = tmp_path / "backup.tar.gz"
    manage(source, source_dir, "backup", "--output", str(archive))

    done = manage(target, target_dir, "restore", str(archive))

    assert "Restored the postgresql database and 6 files" in done.stdout
    assert "Audit trail intact" in done.stdout
    restored = tables(target)
    assert restored == tables(source)
    assert restored["audit_auditevent"][0] > 1000
    assert files(target_dir / "private") == files(source_dir / "private")
    # The append-only triggers came back with the tables.
    with (
        psycopg.connect(_server_url(target)) as db,
        pytest.raises(psycopg.errors.RaiseException, match="append-only"),
    ):
        db.execute("DELETE FROM audit_auditevent")
