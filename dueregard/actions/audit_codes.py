"""What the action plan's audit events say (see ``audit/codes.py``)."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

ACTION_ITEM_ADDED = AuditCode("action_item.added", AuditAction.CREATE, "Action-plan item added")
ACTION_ITEM_CHANGED = AuditCode(
    "action_item.changed", AuditAction.CHANGE, "Action-plan item changed"
)
ACTION_ITEM_STATUS_CHANGED = AuditCode(
    "action_item.status_changed", AuditAction.CHANGE, "Action-plan item status changed"
)
ACTION_ITEM_PROGRESS_NOTED = AuditCode(
    "action_item.progress_noted", AuditAction.CHANGE, "Progress noted on an action-plan item"
)
ACTION_ITEM_EVIDENCE_ADDED = AuditCode(
    "action_item.evidence_added", AuditAction.CHANGE, "Evidence added to an action-plan item"
)
ACTION_EVIDENCE_DOWNLOADED = AuditCode(
    "action_evidence.downloaded", AuditAction.VIEW, "Downloaded action-plan evidence"
)
ACTION_PLAN_EXPORTED = AuditCode("action_plan.exported", AuditAction.EXPORT, "Action plan exported")
