"""Making a backup of the whole instance and restoring one into an empty instance.

Both are platform work (every organisation), run by the operator from the command line
(``manage.py backup`` / ``restore``). The archive holds the database and the private file
store; it never holds a key, only the ids of the keys it needs (``keys.json``), so a stolen
archive opens no encrypted text or file and cannot rebuild the audit chain.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from dueregard.audit import keys as audit_keys
from dueregard.audit.models import AuditEvent
from dueregard.audit.services import ChainBreak, record, verify_all
from dueregard.backups import database
from dueregard.backups.archive import (
    FILES,
    ArchiveError,
    Manifest,
    read_keys,
    unpack_verified,
    write_archive,
)
from dueregard.backups.audit_codes import BACKUP_STARTED
from dueregard.core import crypto


def key_ids() -> dict[str, Any]:
    """The ids of the keys configured now: what a restore must find configured too."""
    audit, audit_current = audit_keys.parse_audit_keys(settings.AUDIT_KEYS)
    ring = crypto.keyring()
    return {
        "encryption": {"ids": ring.ids, "current": ring.current_id},
        "audit": {"ids": list(audit), "current": audit_current},
    }


def missing_keys(archived: dict[str, Any]) -> dict[str, list[str]]:
    """Key ids ``keys.json`` names that the keyrings configured here do not hold."""
    configured = key_ids()
    missing = {}
    for ring in ("encryption", "audit"):
        wanted = archived.get(ring, {}).get("ids", [])
        left_out = [str(i) for i in wanted if i not in configured[ring]["ids"]]
        if left_out:
            missing[ring] = left_out
    return missing


def _private_files() -> Iterator[tuple[str, Path]]:
    root = Path(settings.PRIVATE_FILES_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield FILES + path.relative_to(root).as_posix(), path


@dataclass
class BackupReport:
    output: Path
    manifest: Manifest

    @property
    def files(self) -> int:
        return len(self.manifest.files)


def make_backup(output: Path) -> BackupReport:
    """Write one archive of the database and the private file store to ``output``.

    The audit trail records the backup first (platform chain), so the archive holds it.
    Raises ``ArchiveError`` if ``output`` exists or the dump fails; nothing is left behind.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.exists():
        raise ArchiveError(f"{output} already exists; choose another --output.")
    vendor = database.vendor()
    record(code=BACKUP_STARTED, actor=None, organisation=None, context={"vendor": vendor})
    manifest = Manifest(
        vendor=vendor,
        migrations=database.latest_migrations(),
        created_at=timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
    )
    keys = json.dumps(key_ids(), indent=2, sort_keys=True).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix=".dueregard-backup-", dir=output.parent) as tmp:
        dump = Path(tmp) / manifest.database_member
        database.dump(dump)
        # The dump first, then the files: a file written after the dump is an orphan, never a
        # row whose file is missing (files are written once, under new names).
        sources = [(manifest.database_member, dump), *_private_files()]
        write_archive(output, manifest, sources, keys)
    return BackupReport(output=output, manifest=manifest)


@dataclass
class RestoreReport:
    manifest: Manifest
    missing_keys: dict[str, list[str]]
    migrated: bool
    events: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)


def restore_holdings() -> list[str]:
    """Why this instance may not be restored into: what it holds (empty list: it may)."""
    held = [f"{what} in the database" for what in database.holdings()]
    root = Path(settings.PRIVATE_FILES_ROOT)
    if root.is_dir() and any(p.is_file() or p.is_symlink() for p in root.rglob("*")):
        held.append(f"files in {root}")
    return held


def restore_backup(archive: Path, *, allow_missing_keys: bool = False) -> RestoreReport:
    """Load ``archive`` into this instance, which must be empty.

    Checked before anything is touched, each refusal an ``ArchiveError``: the instance is
    empty (``restore_holdings``); every member matches the manifest; the database vendor is
    this instance's; its migrations are known to this version; every key id it names is
    configured (unless ``allow_missing_keys``). Then the files are moved into the private
    store and the database loaded (files taken back out if that fails), migrations newer
    than the archive applied, and the audit trail verified.
    """
    if not archive.is_file():
        raise ArchiveError(f"There is no archive at {archive}.")
    held = restore_holdings()
    if held:
        raise ArchiveError(
            "This instance is not empty (" + "; ".join(held) + "). Restore only into a new "
            "database and an empty private directory."
        )
    root = Path(settings.PRIVATE_FILES_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".dueregard-restore-", dir=root.parent) as tmp:
        staging = Path(tmp)
        manifest = unpack_verified(archive, staging)
        vendor = database.vendor()
        if manifest.vendor != vendor:
            raise ArchiveError(
                f"The archive holds a {manifest.vendor} database; this instance uses {vendor}. "
                "Restore it into an instance on the same database."
            )
        unknown = database.unknown_migrations(manifest.migrations)
        if unknown:
            raise ArchiveError(
                "The archive was made by a newer version of dueregard (it has migration "
                f"{unknown[0]}, which this version does not know). Upgrade, then restore."
            )
        missing = missing_keys(read_keys(staging))
        if missing and not allow_missing_keys:
            raise ArchiveError(
                "The archive's data needs keys that are not configured here: "
                + "; ".join(f"{ring} key ids {ids}" for ring, ids in missing.items())
                + ". Add them to DUEREGARD_ENCRYPTION_KEYS / DUEREGARD_AUDIT_KEYS from where "
                "you keep keys (never the archive), or pass --allow-missing-keys to restore "
                "anyway (what they sealed will not open or verify)."
            )
        placed = _place_files(staging, manifest, root)
        try:
            database.load(staging / manifest.database_member)
        except BaseException:
            for path in placed:
                path.unlink(missing_ok=True)
            raise
    migrated = database.migrations_pending()
    if migrated:
        call_command("migrate", interactive=False, verbosity=0)
    return RestoreReport(
        manifest=manifest,
        missing_keys=missing,
        migrated=migrated,
        events=AuditEvent.objects.aggregate(n=Count("id"))["n"],
        breaks=verify_all(),
    )


def _place_files(staging: Path, manifest: Manifest, root: Path) -> list[Path]:
    placed: list[Path] = []
    try:
        for relative in manifest.files:
            target = root / relative
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.move(staging / FILES / relative, target)
            placed.append(target)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    return placed
