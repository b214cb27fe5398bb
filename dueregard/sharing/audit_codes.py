"""What the audit trail records about the information-sharing log (``audit/codes.py``)."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

DISCLOSURE_LOGGED = AuditCode("disclosure.logged", AuditAction.CREATE, "Disclosure logged")
DISCLOSURE_CORRECTED = AuditCode(
    "disclosure.corrected", AuditAction.CREATE, "Disclosure correction logged"
)
DISCLOSURE_VIEWED = AuditCode(
    "disclosure.viewed", AuditAction.VIEW, "Information-sharing log entry viewed"
)
SHARING_LOG_VIEWED = AuditCode(
    "sharing_log.viewed", AuditAction.VIEW, "Information-sharing log viewed"
)
SHARING_LOG_EXPORTED = AuditCode(
    "sharing_log.exported", AuditAction.EXPORT, "Information-sharing log exported"
)
