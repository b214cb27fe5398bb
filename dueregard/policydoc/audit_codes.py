"""What the Prevent policy's audit events say (see ``audit/codes.py``)."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

PREVENT_POLICY_SET_UP = AuditCode(
    "prevent_policy.set_up", AuditAction.CREATE, "Prevent policy set up with the default text"
)
PREVENT_POLICY_DETAILS_CHANGED = AuditCode(
    "prevent_policy.details_changed", AuditAction.CHANGE, "Prevent policy details changed"
)
PREVENT_POLICY_SECTION_CHANGED = AuditCode(
    "prevent_policy_section.changed", AuditAction.CHANGE, "Prevent policy section changed"
)
PREVENT_POLICY_PUBLISHED = AuditCode(
    "prevent_policy.published", AuditAction.CHANGE, "Prevent policy version published"
)
PREVENT_POLICY_EXPORTED = AuditCode(
    "prevent_policy.exported", AuditAction.EXPORT, "Prevent policy exported"
)
