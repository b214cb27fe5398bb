"""Shared vocabulary of the permission matrix and the bad-input suite.

Each area's rows live in ``tests/matrix_<area>.py``::

    from tests.matrix import LOGIN, OK, row

    #            anon   dsl  deputy teacher governor admin inspector outsider
    ROWS = [row("risks:register", "GET", None, LOGIN, OK, OK, 403, OK, 403, OK, OK)]

    def objects(world):  # optional: the objects rows name in their ``obj`` column
        return {"risk": make_risk(world["memberships"]["dsl"])}

``world`` holds the core objects (see ``test_permissions.world``) and ``memberships``, the
persona memberships: dsl, deputy, teacher (staff), governor (senior leader), admin
(administrator), inspector, outsider_dsl (DSL of the other organisation).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PERSONAS = ["anon", "dsl", "deputy", "teacher", "governor", "admin", "inspector", "outsider_dsl"]

# Shorthands for the expected status of each persona, in PERSONAS order.
LOGIN = 302  # anonymous users are sent to sign in
OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    obj: str | None  # which object of the world the URL is for
    expected: tuple[int, ...]
    query: str = ""
    data: dict[str, str] | None = None


def row(name: str, method: str, obj: str | None, *expected: int, **kw: object) -> Row:
    assert len(expected) == len(PERSONAS), name
    return Row(name, method, obj, expected, **kw)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Page:
    """A form for the bad-input suite (``tests/test_bad_input.py``).

    ``url(world)`` is where it posts, ``baseline(world)`` a valid post; the suite replaces
    one field at a time with bad values and expects a message and no change.
    """

    id: str
    persona: str
    url: Callable[[dict[str, Any]], str]
    baseline: Callable[[dict[str, Any]], dict[str, Any]]
    get_url: Callable[[dict[str, Any]], str] | None = None  # where the form is shown
    always_redirects: bool = False  # errors go to a flash message on the next page
    changes: bool = True  # whether the valid baseline changes a row
