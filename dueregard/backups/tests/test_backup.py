"""manage.py backup and restore: the demo round trip, and every refusal changing nothing.

The instances are real: each is a SQLite file and a private folder under a temporary
directory, driven by ``manage.py`` in a fresh process (dev profile, ``DUEREGARD_VAR_DIR``),
as an operator would. The source is the demo plus a few attachments (the demo has none).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dueregard.backups.archive import MANIFEST

ROOT = Path(__file__).resolve().parents[3]

ADD_ATTACHMENTS = """
from django.core.files.uploadedfile import SimpleUploadedFile
from dueregard.concerns.models import Concern
from dueregard.concerns.services import store_attachment
from dueregard.core.scope import organisation_scope, unscoped
from dueregard.organisations.models import Membership, Role
with unscoped():
    dsls = list(Membership.objects.filter(role=Role.DSL).order_by("pk"))
for dsl in dsls:
    with organisation_scope(dsl.organisation_id):
        for i, concern in enumerate(Concern.objects.order_by("pk")[:3]):
            note = SimpleUploadedFile(f"note{i}.txt", b"Invented note for a test.", "text/plain")
            store_attachment(dsl, note, concern=concern)
"""


def manage(var_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``manage.py`` in a fresh process on the SQLite instance in ``var_dir``."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PRIVATE_FILES_ROOT")}
    env.update(DUEREGARD_PROFILE="dev", DUEREGARD_VAR_DIR=str(var_dir))
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"manage.py {args[0]} failed: {done.stderr}")
    return done


def tables(database: Path) -> dict[str, tuple[int, str]]:
    """Each table's row count and a hash of its rows (in a stable order)."""
    if not database.exists():
        return {}
    db = sqlite3.connect(database)
    try:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = {}
        for name in names:
            rows = sorted(repr(row) for row in db.execute(f'SELECT * FROM "{name}"'))  # noqa: S608
            found[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return found
    finally:
        db.close()


def files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo instance, backed up once: its archive, tables and files."""
    var = tmp_path_factory.mktemp("source")
    manage(var, "migrate", "-v0")
    manage(var, "load_demo")
    manage(var, "shell", "-v0", "-c", ADD_ATTACHMENTS)
    archive = tmp_path_factory.mktemp("archives") / "backup.tar.gz"
    done = manage(var, "backup", "--output", str(archive))
    assert "6 files" in done.stdout
    # Taken after the backup: it records itself in the audit trail before the dump.
    return {
        "archive": archive,
        "tables": tables(var / "dev.sqlite3"),
        "files": files(var / "private"),
    }


def test_archive_holds_the_database_files_key_ids_and_a_manifest(source) -> None:
    with tarfile.open(source["archive"]) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile(MANIFEST).read())  # type: ignore[union-attr]
        keys = tar.extractfile("keys.json").read()  # type: ignore[union-attr]
    assert names[-1] == MANIFEST
    assert set(manifest["members"]) == set(names) - {MANIFEST}
    assert manifest["database_vendor"] == "sqlite"
    assert manifest["format_version"] == 1
    assert manifest["migrations"]["cases"].startswith("00")
    assert len([n for n in names if n.startswith("files/")]) == 6
    # Ids only: the published dev keys' material is nowhere in the archive.
    assert json.loads(keys)["encryption"]["ids"] == ["dev"]
    raw = gzip.decompress(source["archive"].read_bytes())
    assert b"dueregard-dev-key-NOT-A-SECRET" not in raw
    assert b"ZHVlcmVnYXJkLWRldi1rZXk" not in raw  # its base64
    assert os.stat(source["archive"]).st_mode & 0o077 == 0


def test_restore_into_a_fresh_instance_finds_every_row_and_file(source, tmp_path) -> None:
    done = manage(tmp_path, "restore", str(source["archive"]))

    assert "Audit trail intact" in done.stdout
    restored = tables(tmp_path / "dev.sqlite3")
    assert restored == source["tables"]
    assert restored["audit_auditevent"][0] > 1000
    assert restored["concerns_attachment"][0] == 6
    assert files(tmp_path / "private") == source["files"]
    assert "Audit trail intact" in manage(tmp_path, "verify_audit").stdout


def test_restore_refuses_a_non_empty_instance(source, tmp_path) -> None:
    manage(tmp_path, "restore", str(source["archive"]))
    before = tables(tmp_path / "dev.sqlite3")

    done = manage(tmp_path, "restore", str(source["archive"]), check=False)

    assert done.returncode != 0
    assert "not empty" in done.stderr
    assert tables(tmp_path / "dev.sqlite3") == before


def _members(archive: Path) -> list[tuple[str, bytes]]:
    with tarfile.open(archive) as tar:
        return [(m.name, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]


def _pack(members: list[tuple[str, bytes]], out: Path, *, reseal: bool = False) -> Path:
    """Write ``members`` as an archive; ``reseal`` rewrites the manifest's checksums to match."""
    if reseal:
        manifest = json.loads(dict(members)[MANIFEST])
        manifest["members"] = {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in members
            if name != MANIFEST
        }
        members = [(n, d) for n, d in members if n != MANIFEST]
        members.append((MANIFEST, json.dumps(manifest).encode()))
    with tarfile.open(out, "w:gz") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


def _flip_a_byte(archive: Path, out: Path) -> Path:
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    out.write_bytes(bytes(data))
    return out


def _truncate(archive: Path, out: Path) -> Path:
    out.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    return out


def _remove_a_file(archive: Path, out: Path) -> Path:
    members = _members(archive)
    dropped = next(i for i, (name, _) in enumerate(members) if name.startswith("files/"))
    return _pack(members[:dropped] + members[dropped + 1 :], out)


def _alter_a_file(archive: Path, out: Path) -> Path:
    members = [
        (name, data + b"!" if name.startswith("files/") else data)
        for name, data in _members(archive)
    ]
    return _pack(members, out)


def _future_migration(archive: Path, out: Path) -> Path:
    members = _members(archive)
    manifest = json.loads(dict(members)[MANIFEST])
    manifest["migrations"]["cases"] = "9999_from_the_future"
    members = [(n, json.dumps(manifest).encode() if n == MANIFEST else d) for n, d in members]
    return _pack(members, out)


def _unknown_key(archive: Path, out: Path) -> Path:
    keys = {"encryption": {"ids": ["old-2024", "dev"], "current": "dev"}, "audit": {"ids": ["dev"]}}
    members = [
        (n, json.dumps(keys).encode() if n == "keys.json" else d) for n, d in _members(archive)
    ]
    return _pack(members, out, reseal=True)


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (_flip_a_byte, ""),  # where the flip lands decides which check names it
        (_truncate, "truncated"),
        (_remove_a_file, "is missing"),
        (_alter_a_file, "does not match its checksum"),
        (_future_migration, "newer version of dueregard"),
        (_unknown_key, "old-2024"),
    ],
)
def test_restore_refuses_a_damaged_or_foreign_archive_and_changes_nothing(
    source, tmp_path, damage: Callable[[Path, Path], Path], says: str
) -> None:
    archive = damage(source["archive"], tmp_path / "damaged.tar.gz")
    target = tmp_path / "target"

    done = manage(target, "restore", str(archive), check=False)

    assert done.returncode != 0
    assert "Restore refused" in done.stderr
    assert says in done.stderr
    assert "Traceback" not in done.stderr
    assert tables(target / "dev.sqlite3") == {}
    assert not (target / "private").exists() or files(target / "private") == {}
    # Nothing left of the staging folder either.
    assert [p.name for p in target.iterdir() if p.name != "dev.sqlite3"] == []


def test_restore_with_allow_missing_keys_warns_and_restores(source, tmp_path) -> None:
    archive = _unknown_key(source["archive"], tmp_path / "old-key.tar.gz")

    done = manage(tmp_path / "target", "restore", str(archive), "--allow-missing-keys")

    assert "WARNING: encryption key ids ['old-2024']" in done.stderr
    assert tables(tmp_path / "target" / "dev.sqlite3") == source["tables"]


@pytest.mark.django_db
def test_restore_refuses_an_archive_from_the_other_database_vendor(
    source, tmp_path, settings
) -> None:
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    archive = source["archive"]
    if connection.vendor == "sqlite":
        members = [
            (n.replace("database.sqlite3", "database.pgdump"), d) for n, d in _members(archive)
        ]
        manifest = json.loads(dict(members)[MANIFEST])
        manifest["database_vendor"] = "postgresql"
        members = [(n, json.dumps(manifest).encode() if n == MANIFEST else d) for n, d in members]
        archive = _pack(members, tmp_path / "postgresql.tar.gz", reseal=True)

    with pytest.raises(CommandError, match="Restore it into an instance on the same database"):
        call_command("restore", str(archive))


@pytest.mark.django_db
def test_restore_refuses_when_the_database_holds_an_organisation(
    org, source, tmp_path, settings
) -> None:
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    with pytest.raises(CommandError, match=r"not empty \(organisations in the database"):
        call_command("restore", str(source["archive"]))


def test_backup_refuses_to_overwrite_an_archive(source) -> None:
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", "--output", str(source["archive"]))
