"""Who is acting, from where: set once per request, read by every audit event.

``AuditContextMiddleware`` opens a context holding the client's address for each request,
so services need not take the request only to pass it on to the audit trail. Jobs and
commands run without one: their events record no address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class AuditContext:
    #: The client's address as ``client_ip`` judged it (None: unknown).
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


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: behind ``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies, the address
    the outermost trusted proxy saw (as sign-in throttling uses); else ``REMOTE_ADDR``.

    An address that is not a valid IP is recorded as unknown rather than trusted.
    """
    candidate = request.META.get("REMOTE_ADDR")
    trusted = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.headers.get("x-forwarded-for")
    if trusted > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= trusted:
            candidate = hops[-trusted]
    try:
        return str(ipaddress.ip_address(candidate)) if candidate else None
    except ValueError:
        return None
