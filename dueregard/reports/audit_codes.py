"""What the audit trail says about reports: which figures left the app, in what format."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

FIGURES_EXPORTED = AuditCode("figures.exported", AuditAction.EXPORT, "Dashboard figures exported")
