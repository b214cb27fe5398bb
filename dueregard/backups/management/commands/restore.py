"""Load a backup archive into an empty instance, then verify the audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dueregard.backups.archive import ArchiveError
from dueregard.backups.services import restore_backup
from dueregard.core.scope import unscoped


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty instance (a new database and an empty "
        "private directory). Every checksum is verified before anything is touched; a "
        "non-empty instance, a damaged archive, another database vendor or missing keys are "
        "refused. See docs/operations.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--allow-missing-keys",
            action="store_true",
            help="Restore even if a key id the archive names is not configured here.",
        )

    @unscoped()
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore_backup(
                options["archive"], allow_missing_keys=options["allow_missing_keys"]
            )
        except ArchiveError as error:
            raise CommandError(f"Restore refused: {error}") from None
        manifest = report.manifest
        for ring, ids in report.missing_keys.items():
            self.stderr.write(f"WARNING: {ring} key ids {ids} are not configured here.")
        self.stdout.write(
            f"Restored the {manifest.vendor} database and {len(manifest.files)} files of the "
            f"backup made at {manifest.created_at}."
        )
        if report.migrated:
            self.stdout.write("Applied the migrations this version adds to the archive's.")
        for b in report.breaks:
            where = f"event id {b.event_id}" if b.event_id is not None else "end of chain"
            self.stderr.write(
                f"BROKEN chain {b.chain} at sequence {b.sequence} ({where}): {b.problem}"
            )
        if report.breaks:
            raise CommandError(f"Restored, but {len(report.breaks)} audit chain(s) do not verify.")
        self.stdout.write(f"Audit trail intact: {report.events} events verified.")
