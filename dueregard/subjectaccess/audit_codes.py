"""What subject access requests' audit events say (see ``audit/codes.py``)."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

SAR_STARTED = AuditCode(
    "subject_access.started", AuditAction.CREATE, "Started a subject access request"
)
SAR_VIEWED = AuditCode(
    "subject_access.viewed",
    AuditAction.VIEW,
    "Viewed a subject access request and what is held about its person",
)
SAR_LIST_VIEWED = AuditCode(
    "subject_access.list_viewed", AuditAction.VIEW, "Viewed the subject access requests"
)
SAR_EXTENDED = AuditCode(
    "subject_access.extended", AuditAction.CHANGE, "Extended a subject access request's deadline"
)
SAR_CLOSED = AuditCode(
    "subject_access.closed", AuditAction.CHANGE, "Closed a subject access request unanswered"
)
SAR_NAMES_FOUND = AuditCode(
    "subject_access.names_found",
    AuditAction.CHANGE,
    "Looked for other people's names to redact in a subject access response",
)
SAR_REDACTION_DECIDED = AuditCode(
    "subject_access.redaction_decided",
    AuditAction.CHANGE,
    "Decided a redaction in a subject access response",
)
SAR_TERM_ADDED = AuditCode(
    "subject_access.term_added",
    AuditAction.CREATE,
    "Added words to redact in a subject access response",
)
SAR_EXPORTED = AuditCode(
    "subject_access.exported", AuditAction.EXPORT, "Exported a subject access response"
)
