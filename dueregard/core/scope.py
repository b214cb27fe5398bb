"""Fail-closed tenancy: organisation data is reachable only inside an organisation scope.

Every organisation-owned model's default manager consults the current scope:

* inside ``organisation_scope(org_id)`` every query is filtered to that organisation, so a
  forgotten filter cannot leak another organisation's rows;
* with no scope, a query raises ``ScopeError`` instead of returning every organisation's
  rows;
* ``unscoped()`` is the explicit, greppable escape hatch for platform-wide work
  (reminder fan-out, demo loading, key rotation).

``MembershipMiddleware`` opens the scope of the signed-in member's organisation for each
request. Background jobs and commands open their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


class ScopeError(RuntimeError):
    """Organisation data was queried outside any organisation scope."""


@dataclass(frozen=True)
class Scope:
    organisation_id: int | None
    disabled: bool


_NO_SCOPE = Scope(organisation_id=None, disabled=False)
_current: ContextVar[Scope] = ContextVar("dueregard_scope", default=_NO_SCOPE)


def current() -> Scope:
    return _current.get()


@contextmanager
def organisation_scope(organisation_id: int | None) -> Iterator[None]:
    """Queries inside see only this organisation's rows (None: no organisation data)."""
    token = _current.set(Scope(organisation_id=organisation_id, disabled=False))
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def unscoped() -> Iterator[None]:
    """Queries inside see every organisation: for platform-wide jobs and commands only."""
    token = _current.set(Scope(organisation_id=None, disabled=True))
    try:
        yield
    finally:
        _current.reset(token)
