"""What the audit trail records about referrals and their follow-ups (``audit/codes.py``)."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

REFERRAL_PREPARED = AuditCode("referral.prepared", AuditAction.CREATE, "Referral prepared")
REFERRAL_DRAFT_UPDATED = AuditCode(
    "referral.draft_updated", AuditAction.CHANGE, "Referral draft updated"
)
REFERRAL_SUBMITTED = AuditCode(
    "referral.submitted", AuditAction.CHANGE, "Referral submitted for approval"
)
REFERRAL_APPROVED = AuditCode("referral.approved", AuditAction.CHANGE, "Referral approved")
REFERRAL_SENT_BACK = AuditCode("referral.sent_back", AuditAction.CHANGE, "Referral sent back")
REFERRAL_SENT = AuditCode("referral.sent", AuditAction.CHANGE, "Referral sent")
#: The agency's answer or the referral closed; the new status is in the context.
REFERRAL_PROGRESSED = AuditCode(
    "referral.progressed", AuditAction.CHANGE, "Referral progress recorded"
)
REFERRAL_VIEWED = AuditCode("referral.viewed", AuditAction.VIEW, "Referral viewed")
REFERRAL_LIST_VIEWED = AuditCode("referral.list_viewed", AuditAction.VIEW, "Referral list viewed")
REFERRAL_DOCUMENT_EXPORTED = AuditCode(
    "referral.document_exported", AuditAction.EXPORT, "Referral document exported"
)
FOLLOW_UP_ADDED = AuditCode("follow_up.added", AuditAction.CREATE, "Referral follow-up added")
FOLLOW_UP_DONE = AuditCode("follow_up.done", AuditAction.CHANGE, "Referral follow-up done")
