"""Audit codes: what happened, as a namespaced code with a fixed label.

Every event a domain app writes names an ``AuditCode`` such as ``referral.approved``:
the part before the dot is the kind of record, the part after it what happened to it.
The label is fixed text (it becomes the event's summary), so the meaning of an event never
depends on free text; details travel in the event's structured ``context`` (ids, states,
kinds: never names or narrative). Each app declares its codes in its own ``audit_codes.py``;
declaring one registers it here, and a code declared twice is an error at import time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dueregard.audit.models import AuditAction

_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")

#: Every declared code, by its text (filled as apps import their ``audit_codes``).
REGISTRY: dict[str, AuditCode] = {}


@dataclass(frozen=True)
class AuditCode:
    """One kind of audited event: ``code`` (``record.happened``), its coarse ``action``
    (the verb the access log filters on) and its ``label`` (the event's summary)."""

    code: str
    action: AuditAction
    label: str

    def __post_init__(self) -> None:
        if not _CODE.match(self.code) or len(self.code) > 60:
            raise ValueError(f"Audit code {self.code!r} is not of the form 'record.happened'")
        if len(self.label) > 200:
            raise ValueError(f"The label of audit code {self.code!r} is over 200 characters")
        known = REGISTRY.get(self.code)
        if known is not None and known != self:
            raise ValueError(f"Audit code {self.code!r} is declared twice")
        REGISTRY[self.code] = self

    def __str__(self) -> str:
        return self.code


# Codes of the platform itself (denials, generic record views and exports, sessions).
ACCESS_DENIED = AuditCode("access.denied", AuditAction.ACCESS_DENIED, "Access denied")
RECORD_VIEWED = AuditCode("record.viewed", AuditAction.VIEW, "Record viewed")
RECORD_EXPORTED = AuditCode("record.exported", AuditAction.EXPORT, "Record exported")

# Sessions: on the platform chain (no organisation); the object is the account.
SESSION_SIGNED_IN = AuditCode("session.signed_in", AuditAction.LOGIN, "Signed in")
SESSION_SIGNED_OUT = AuditCode("session.signed_out", AuditAction.LOGOUT, "Signed out")
SESSION_SIGN_IN_FAILED = AuditCode(
    "session.sign_in_failed", AuditAction.LOGIN_FAILED, "Failed sign-in"
)
SESSION_STEPPED_UP = AuditCode(
    "session.stepped_up", AuditAction.LOGIN, "Re-authenticated (step-up)"
)
