"""What the audit trail says happened to training data (see ``audit/codes.py``)."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

COURSE_ADDED = AuditCode("course.added", AuditAction.CREATE, "Added a course")
COURSE_CHANGED = AuditCode("course.changed", AuditAction.CHANGE, "Changed a course")
COURSE_RETIRED = AuditCode("course.retired", AuditAction.CHANGE, "Retired a course")
COURSE_REOFFERED = AuditCode(
    "course.reoffered", AuditAction.CHANGE, "Offered a retired course again"
)

REQUIREMENT_ADDED = AuditCode(
    "training_requirement.added", AuditAction.CREATE, "Added a training requirement"
)
REQUIREMENT_CHANGED = AuditCode(
    "training_requirement.changed", AuditAction.CHANGE, "Changed a training requirement"
)
DEFAULT_REQUIREMENTS_ADDED = AuditCode(
    "training_requirement.defaults_added",
    AuditAction.CREATE,
    "Added the default training requirements",
)

RECORD_ADDED = AuditCode(
    "training_record.recorded", AuditAction.CREATE, "Recorded a training completion"
)
OWN_RECORD_ADDED = AuditCode(
    "training_record.self_recorded",
    AuditAction.CREATE,
    "Recorded own training completion (awaiting verification)",
)
RECORD_VERIFIED = AuditCode(
    "training_record.verified", AuditAction.CHANGE, "Verified a training record"
)
RECORD_WITHDRAWN = AuditCode(
    "training_record.withdrawn", AuditAction.CHANGE, "Withdrew a training record"
)
AWAITING_VIEWED = AuditCode(
    "training_record.awaiting_viewed",
    AuditAction.VIEW,
    "Viewed training records awaiting verification",
)
EVIDENCE_DOWNLOADED = AuditCode(
    "training_record.evidence_downloaded", AuditAction.VIEW, "Downloaded training evidence"
)

SESSION_RECORDED = AuditCode(
    "training_session.recorded", AuditAction.CREATE, "Recorded a training session"
)

PROFILE_CHANGED = AuditCode(
    "training_profile.changed", AuditAction.CHANGE, "Changed a member's site or start date"
)
PROFILE_VIEWED = AuditCode(
    "training_profile.viewed", AuditAction.VIEW, "Viewed a member's training record"
)

BRIEFING_LOGGED = AuditCode("briefing.logged", AuditAction.CREATE, "Logged a CPD briefing")
BRIEFING_COUNTED = AuditCode(
    "briefing.counted", AuditAction.CHANGE, "Counted a briefing as training"
)
BRIEFING_VIEWED = AuditCode("briefing.viewed", AuditAction.VIEW, "Viewed a CPD briefing")

IMPORT_STARTED = AuditCode(
    "training_import.started", AuditAction.CREATE, "Started a training records import"
)
IMPORT_FINISHED = AuditCode(
    "training_import.finished", AuditAction.CREATE, "Imported training records"
)

MATRIX_VIEWED = AuditCode(
    "training_matrix.viewed", AuditAction.VIEW, "Viewed the training compliance matrix"
)
MATRIX_EXPORTED = AuditCode(
    "training_matrix.exported", AuditAction.EXPORT, "Exported the training compliance matrix"
)
