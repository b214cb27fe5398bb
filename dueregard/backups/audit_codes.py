"""What the audit trail says about backups: that one was made, never what it holds."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

#: Written to the platform chain just before the database is dumped, so the archive holds
#: the record of its own making.
BACKUP_STARTED = AuditCode("backup.started", AuditAction.EXPORT, "Backup of the instance started")
