"""The organisation scope of a browser test, which builds its own organisation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from dueregard.core.scope import organisation_scope
from dueregard.organisations.models import Organisation

_held: list[ExitStack] = []


@contextmanager
def scopes_held() -> Iterator[None]:
    """Keeps the scopes ``work_in`` opens until the block (the test) ends."""
    with ExitStack() as stack:
        _held.append(stack)
        try:
            yield
        finally:
            _held.pop()


def work_in(organisation: Organisation) -> Organisation:
    """The rest of the test runs inside this organisation's scope, as after the ``org``
    fixture (the live server's requests open their member's scope themselves)."""
    _held[-1].enter_context(organisation_scope(organisation.pk))
    return organisation
