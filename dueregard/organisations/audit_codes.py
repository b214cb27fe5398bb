"""What the audit trail says happened to an organisation, its members and its sites."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

SETTINGS_CHANGED = AuditCode(
    "organisation.settings_changed", AuditAction.CHANGE, "Organisation settings changed"
)
PRIVILEGED_FACTOR_SET = AuditCode(
    "organisation.privileged_factor_set", AuditAction.CHANGE, "Privileged second factor set"
)

MEMBER_ADDED = AuditCode("membership.added", AuditAction.CREATE, "Member added")
MEMBER_ROLE_CHANGED = AuditCode(
    "membership.role_changed", AuditAction.CHANGE, "Member role changed"
)
MEMBER_DEACTIVATED = AuditCode("membership.deactivated", AuditAction.CHANGE, "Member deactivated")
MEMBER_REACTIVATED = AuditCode("membership.reactivated", AuditAction.CHANGE, "Member reactivated")
MEMBER_CHANGED = AuditCode("membership.changed", AuditAction.CHANGE, "Member changed")
MEMBERS_VIEWED = AuditCode("membership.list_viewed", AuditAction.VIEW, "Viewed members")
MEMBER_VIEWED = AuditCode("membership.viewed", AuditAction.VIEW, "Viewed member to change")

ACCOUNT_CREATED = AuditCode("user.created", AuditAction.CREATE, "User account created")

SITE_ADDED = AuditCode("site.added", AuditAction.CREATE, "Site added")
SITE_RENAMED = AuditCode("site.renamed", AuditAction.CHANGE, "Site renamed")
ORGANISATION_CREATED = AuditCode(
    "organisation.created", AuditAction.CREATE, "Organisation created from the command line"
)
