"""What the checks' audit events say (see ``audit/codes.py``)."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

FILTERING_CHECKED = AuditCode(
    "filtering_check.recorded", AuditAction.CREATE, "Filtering or monitoring check recorded"
)
MONITORING_ALERT_LOGGED = AuditCode(
    "monitoring_alert.logged", AuditAction.CREATE, "Monitoring alert logged"
)
PRAYER_ROOM_SAVED = AuditCode("prayer_room.saved", AuditAction.CHANGE, "Prayer room saved")
PRAYER_ROOM_CHECKED = AuditCode(
    "prayer_room.checked", AuditAction.CREATE, "Prayer room check recorded"
)
FAITH_DATE_ADDED = AuditCode("faith_date.added", AuditAction.CREATE, "Faith calendar date added")
