"""What the audit trail says about concerns: raising, triage, and reading them."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

CONCERN_RAISED = AuditCode("concern.raised", AuditAction.CREATE, "Concern raised")
CONCERN_TRIAGED_INTO_NEW_CASE = AuditCode(
    "concern.triaged_into_new_case", AuditAction.CHANGE, "Concern triaged into a new case"
)
CONCERN_LINKED_TO_CASE = AuditCode(
    "concern.linked_to_case", AuditAction.CHANGE, "Concern linked to an existing case"
)
CONCERN_VIEWED = AuditCode("concern.viewed", AuditAction.VIEW, "Viewed concern")
CONCERN_TRIAGE_QUEUE_VIEWED = AuditCode(
    "concern.triage_queue_viewed", AuditAction.VIEW, "Viewed triage queue"
)
ATTACHMENT_DOWNLOADED = AuditCode(
    "attachment.downloaded", AuditAction.VIEW, "Downloaded attachment"
)
CATEGORY_ADDED = AuditCode(
    "safeguarding_category.added", AuditAction.CREATE, "Safeguarding category added"
)
CATEGORY_RENAMED = AuditCode(
    "safeguarding_category.renamed", AuditAction.CHANGE, "Safeguarding category renamed"
)
CATEGORY_CHANGED = AuditCode(
    "safeguarding_category.changed", AuditAction.CHANGE, "Safeguarding category changed"
)
CATEGORY_RETIRED = AuditCode(
    "safeguarding_category.retired", AuditAction.CHANGE, "Safeguarding category retired"
)
CATEGORY_RESTORED = AuditCode(
    "safeguarding_category.restored", AuditAction.CHANGE, "Safeguarding category back in use"
)
CATEGORY_MOVED = AuditCode(
    "safeguarding_category.moved", AuditAction.CHANGE, "Safeguarding category moved"
)
