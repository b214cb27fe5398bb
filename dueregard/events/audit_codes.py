"""What the audit trail says happened to external speaker and event requests."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

EVENT_SUBMITTED = AuditCode(
    "event_request.submitted", AuditAction.CREATE, "Submitted an external speaker request"
)
EVENT_CHECKED = AuditCode(
    "event_request.checked", AuditAction.CREATE, "Recorded a due-diligence check"
)
EVENT_ASSESSED = AuditCode(
    "event_request.assessed", AuditAction.CREATE, "Assessed an event's risk and mitigations"
)
EVENT_DECIDED = AuditCode("event_request.decided", AuditAction.CHANGE, "Decided an event request")
EVENT_HELD = AuditCode("event_request.held", AuditAction.CHANGE, "Recorded an event's outcome")
EVENT_CANCELLED = AuditCode(
    "event_request.cancelled", AuditAction.CHANGE, "Cancelled an event request"
)
EVENT_VIEWED = AuditCode(
    "event_request.viewed", AuditAction.VIEW, "Viewed an external speaker request"
)
