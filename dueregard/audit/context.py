"""Who is acting, from where: set once per request, read by every audit event.

``AuditContextMiddleware`` opens a context holding the client's address for each request,
so services need not take the request only to pass it on to the audit trail. Jobs and
commands run without one: their events record no address.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    #: The client's address as ``audit.services.client_ip`` judged it (None: unknown).
    ip_address: str | None


_current: ContextVar[AuditContext | None] = ContextVar("dueregard_audit_context", default=None)


def current() -> AuditContext | None:
    return _current.get()


@contextmanager
def audit_context(ip_address: str | None) -> Iterator[AuditContext]:
    """Events recorded inside carry this address."""
    context = AuditContext(ip_address=ip_address)
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)
