"""What the audit trail records about Channel panels (``audit/codes.py``)."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

CHANNEL_PANEL_RECORDED = AuditCode(
    "channel_panel.recorded", AuditAction.CREATE, "Channel panel recorded"
)
CHANNEL_PANEL_OUTCOME_RECORDED = AuditCode(
    "channel_panel.outcome_recorded",
    AuditAction.CHANGE,
    "Channel panel outcome recorded after the meeting",
)
#: The Channel panels page of a case (the event names the case).
CHANNEL_PANELS_VIEWED = AuditCode("channel_panel.viewed", AuditAction.VIEW, "Channel panels viewed")
CHANNEL_REVIEW_HELD = AuditCode("channel_review.held", AuditAction.CHANGE, "Channel review held")
PANEL_ACTION_DONE = AuditCode(
    "panel_action.done", AuditAction.CHANGE, "Channel panel action marked done"
)
