"""What the risk register's audit events say (see ``audit/codes.py``)."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

RISK_REGISTER_SET_UP = AuditCode(
    "risk_register.set_up", AuditAction.CREATE, "Risk register set up with the default themes"
)
RISK_REGISTER_DETAILS_CHANGED = AuditCode(
    "risk_register.details_changed", AuditAction.CHANGE, "Risk register details changed"
)
RISK_REGISTER_PUBLISHED = AuditCode(
    "risk_register.published", AuditAction.CHANGE, "Risk register version published"
)
RISK_REGISTER_EXPORTED = AuditCode(
    "risk_register.exported", AuditAction.EXPORT, "Risk register exported"
)
RISK_GRID_CHANGED = AuditCode("risk_grid.changed", AuditAction.CHANGE, "Risk scoring grid changed")
RISK_THEME_ADDED = AuditCode("risk_theme.added", AuditAction.CREATE, "Risk theme added")
RISK_THEME_CHANGED = AuditCode("risk_theme.changed", AuditAction.CHANGE, "Risk theme changed")
RISK_ADDED = AuditCode("risk.added", AuditAction.CREATE, "Risk added to the register")
RISK_CHANGED = AuditCode("risk.changed", AuditAction.CHANGE, "Risk changed")
RISK_RESCORED = AuditCode("risk.rescored", AuditAction.CHANGE, "Risk changed and rescored")
RISK_CLOSED = AuditCode("risk.closed", AuditAction.CHANGE, "Risk closed")
RISK_REOPENED = AuditCode("risk.reopened", AuditAction.CHANGE, "Risk reopened")
GUIDANCE_CHANGE_RECORDED = AuditCode(
    "guidance_change.recorded", AuditAction.CREATE, "Change in law or guidance recorded"
)
