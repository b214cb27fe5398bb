"""What partnership and local-picture events say (see ``audit/codes.py``)."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

MEETING_RECORDED = AuditCode(
    "partnership_meeting.recorded", AuditAction.CREATE, "Partnership meeting recorded"
)
MEETING_ACTION_MADE_ITEM = AuditCode(
    "partnership_meeting.action_made_item",
    AuditAction.CHANGE,
    "An action agreed at a partnership meeting made into an action-plan item",
)
THREAT_LEVEL_RECORDED = AuditCode(
    "threat_level.recorded", AuditAction.CREATE, "National threat level recorded"
)
PICTURE_NOTE_ADDED = AuditCode(
    "local_picture.noted", AuditAction.CREATE, "Note on the local threat picture added"
)
STAFF_UPDATE_SENT = AuditCode("staff_update.sent", AuditAction.CREATE, "Update sent to staff")
STAFF_UPDATE_ACKNOWLEDGED = AuditCode(
    "staff_update.acknowledged", AuditAction.CHANGE, "Staff update acknowledged"
)
