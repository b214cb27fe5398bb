"""What the audit trail says about the API: which key, never its secret."""

from __future__ import annotations

from dueregard.audit.codes import AuditCode
from dueregard.audit.models import AuditAction

API_KEY_ISSUED = AuditCode("api_key.issued", AuditAction.CREATE, "API key issued")
API_KEY_REVOKED = AuditCode("api_key.revoked", AuditAction.CHANGE, "API key revoked")
API_KEY_USED = AuditCode("api_key.used", AuditAction.VIEW, "API request with a key")
API_KEY_REFUSED = AuditCode("api_key.refused", AuditAction.ACCESS_DENIED, "API request refused")
API_KEY_LIST_VIEWED = AuditCode("api_key.list_viewed", AuditAction.VIEW, "Viewed API keys")
