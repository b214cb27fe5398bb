"""Write one archive of the instance: database, private files, key ids (never keys)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dueregard.backups.archive import ArchiveError
from dueregard.backups.services import make_backup
from dueregard.core.scope import unscoped


class Command(BaseCommand):
    help = (
        "Write one backup archive (tar.gz) of the database, the private file store and the "
        "ids of the keys in use, with a checksum manifest. The archive holds no key. See "
        "docs/operations.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the archive (default: var/backups/dueregard-<UTC time>.tar.gz).",
        )

    # Platform-wide: every organisation's rows and files.
    @unscoped()
    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"] or (
            Path(settings.VAR_DIR) / "backups" / f"dueregard-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz"
        )
        try:
            report = make_backup(output)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        manifest = report.manifest
        self.stdout.write(
            f"Backup written to {report.output}: {manifest.vendor} database, "
            f"{report.files} files, {len(manifest.members)} members with checksums."
        )
        self.stdout.write(
            "It holds personal data in the clear: keep it encrypted, off this machine, and "
            "apart from the keys (docs/operations.md)."
        )
