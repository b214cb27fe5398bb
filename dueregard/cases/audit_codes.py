"""What the audit trail says about cases: one code for each thing that happens to one.

Labels are the summaries the access log shows; details (states, kinds, counts) go in
each event's context, never names, reasons or narrative.
"""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

CASE_OPENED = AuditCode("case.opened", AuditAction.CREATE, "Case opened")
CASE_CLOSED = AuditCode("case.closed", AuditAction.CHANGE, "Case closed")
CASE_REOPENED = AuditCode("case.reopened", AuditAction.CHANGE, "Case reopened")
CASE_MONITOR_SET = AuditCode("case.monitor_set", AuditAction.CHANGE, "Monitor flag set")
CASE_MONITOR_ENDED = AuditCode("case.monitor_ended", AuditAction.CHANGE, "Monitor flag ended")
CASE_CATEGORY_SET = AuditCode("case.category_set", AuditAction.CHANGE, "Type of concern set")
CASE_RESTRICTED = AuditCode("case.restricted", AuditAction.CHANGE, "Case restricted")
CASE_RESTRICTION_LIFTED = AuditCode(
    "case.restriction_lifted", AuditAction.CHANGE, "Restriction lifted"
)
CASE_BREAK_GLASS_USED = AuditCode("case.break_glass_used", AuditAction.BREAK_GLASS, "Break glass")

CASE_VIEWED = AuditCode("case.viewed", AuditAction.VIEW, "Viewed case")
CASE_ACCESS_LOG_VIEWED = AuditCode(
    "case.access_log_viewed", AuditAction.VIEW, "Viewed case access log"
)
CASE_LIST_VIEWED = AuditCode("case.list_viewed", AuditAction.VIEW, "Viewed case list")
CASE_CHRONOLOGY_VIEWED = AuditCode(
    "case.chronology_viewed", AuditAction.VIEW, "Viewed a case's whole chronology"
)
CASE_EXPORTED = AuditCode("case.exported", AuditAction.EXPORT, "Case file or chronology exported")

DECISION_RECORDED = AuditCode("decision.recorded", AuditAction.CREATE, "Decision recorded")
PARTY_LINKED = AuditCode("case_party.linked", AuditAction.CREATE, "Person linked to case")
SUPPORT_ACTION_ADDED = AuditCode("support_action.added", AuditAction.CREATE, "Support action added")
SUPPORT_ACTION_DONE = AuditCode("support_action.done", AuditAction.CHANGE, "Support action done")
SUPPORT_ACTION_CANCELLED = AuditCode(
    "support_action.cancelled", AuditAction.CHANGE, "Support action cancelled"
)
REVIEW_HELD = AuditCode("review.held", AuditAction.CHANGE, "Review held")
NOTE_ADDED = AuditCode("note.added", AuditAction.CREATE, "Note added")
PERSON_ACCESS_LOG_VIEWED = AuditCode(
    "person.access_log_viewed", AuditAction.VIEW, "Viewed who has seen a person's record"
)
