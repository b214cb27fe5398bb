"""What the audit trail records about the contacts directory (``audit/codes.py``)."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

CONTACT_ADDED = AuditCode("contact.added", AuditAction.CREATE, "Contact added to the directory")
CONTACT_CHANGED = AuditCode(
    "contact.changed", AuditAction.CHANGE, "Contact changed in the directory"
)
