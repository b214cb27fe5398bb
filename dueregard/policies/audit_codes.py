"""What the policy register's audit events say (see ``audit/codes.py``)."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

POLICY_ADDED = AuditCode("policy.added", AuditAction.CREATE, "Added a policy to the register")
POLICY_CHANGED = AuditCode("policy.changed", AuditAction.CHANGE, "Changed a policy's details")
POLICY_REVIEWED = AuditCode(
    "policy.reviewed", AuditAction.CREATE, "Reviewed a policy: no change needed"
)
POLICY_GENERATED_ADDED = AuditCode(
    "policy.generated_added",
    AuditAction.CREATE,
    "Added the generated Prevent policy to the register",
)
POLICY_VERSION_ADDED = AuditCode(
    "policy_version.added", AuditAction.CREATE, "Added a version of a policy"
)
POLICY_VERSION_GENERATED = AuditCode(
    "policy_version.generated",
    AuditAction.CREATE,
    "Published a version of the generated Prevent policy",
)
POLICY_VERSION_ACKNOWLEDGED = AuditCode(
    "policy_version.acknowledged", AuditAction.CREATE, "Acknowledged a version of a policy"
)
POLICY_VERSION_DOWNLOADED = AuditCode(
    "policy_version.downloaded", AuditAction.VIEW, "Downloaded a policy version's file"
)
POLICY_OUTSTANDING_VIEWED = AuditCode(
    "policy.outstanding_viewed", AuditAction.VIEW, "Viewed who has not acknowledged a policy"
)
POLICY_FLAGGED_FOR_REVIEW = AuditCode(
    "policy.flagged_for_review",
    AuditAction.CREATE,
    "A change in law or guidance flagged a policy for review",
)
