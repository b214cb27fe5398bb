"""Check every audit hash chain; exit non-zero naming the first bad event of each broken one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dueregard.audit.models import AuditEvent
from dueregard.audit.services import verify_all


class Command(BaseCommand):
    help = "Verify the audit trail's hash chains. Exit status 0 only when every chain is intact."

    def handle(self, *args: Any, **options: Any) -> None:
        breaks = verify_all()
        total = AuditEvent.objects.count()
        if breaks:
            for b in breaks:
                where = f"event id {b.event_id}" if b.event_id is not None else "end of chain"
                self.stderr.write(
                    f"BROKEN chain {b.chain} at sequence {b.sequence} ({where}): {b.problem}"
                )
            raise CommandError(f"{len(breaks)} audit chain(s) broken")
        self.stdout.write(f"Audit trail intact: {total} events verified.")
