"""Shared vocabulary of the permission matrix and the bad-input suite.

Each area's rows live in ``tests/matrix_<area>.py``::

    from tests.matrix import rule, row

    ROWS = [
        rule("risks:register"),  # expected statuses read from the permission table
        rule("risks:risk_status", "POST", "rk_risk", ok=400, data={"status": "nonsense"}),
        #            anon   dsl  deputy teacher governor admin inspector outsider
        row("concerns:receipt", "GET", "concern", LOGIN, 404, 404, OK, 404, 404, 403, 404),
    ]

``rule`` derives each persona's status from the permission the view declares
(``member_required(Can.X)``) and the grants of the persona's role
(``organisations/permissions.py``): 403 without it; with it, ``ok`` (200 for GET, 302 for
POST), except 404 for the other organisation's DSL on an object URL. The personas post in
turn to the same record, so a button (``core.formviews.button_view``) says ``again=409``:
the first permitted persona's press works, the next find it done and are refused (409). A
value the button does not offer is ``ok=400`` for every permitted persona. ``row`` spells the
statuses out, for views whose answer also depends on the object (a reporter's own
concern, the method not allowed).

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

from django.urls import resolve, reverse

from dueregard.organisations.models import Role
from dueregard.organisations.permissions import Can, role_can

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
    to: str | None = None  # where an allowed POST redirects (a URL name)


def row(name: str, method: str, obj: str | None, *expected: int, **kw: object) -> Row:
    assert len(expected) == len(PERSONAS), name
    return Row(name, method, obj, expected, **kw)  # type: ignore[arg-type]


#: Each signed-in persona's role (``outsider_dsl`` is the DSL of the other organisation).
ROLE_OF = {
    "dsl": Role.DSL,
    "deputy": Role.DEPUTY_DSL,
    "teacher": Role.STAFF,
    "governor": Role.SENIOR_LEADER,
    "admin": Role.ADMINISTRATOR,
    "inspector": Role.INSPECTOR,
    "outsider_dsl": Role.DSL,
}
ANY_ID = "00000000-0000-0000-0000-000000000000"


def permissions_of(name: str, method: str, obj: str | None) -> list[Can]:
    """What the view of URL ``name`` asks a ``method`` request for (``member_required``)."""
    view = resolve(reverse(name, kwargs={"public_id": ANY_ID} if obj else {})).func
    assert hasattr(view, "permission"), f"{name} is not wrapped in member_required"
    asked = [view.permission]
    if method == "POST":
        asked.append(getattr(view, "post_permission", None))
    return [perm for perm in asked if perm is not None]


def allowed(persona: str, perms: list[Can]) -> bool:
    return persona != "anon" and all(role_can(ROLE_OF[persona], perm) for perm in perms)


def by_table(
    name: str, method: str, obj: str | None, ok: int, again: int | None = None
) -> tuple[int, ...]:
    """Each persona's status for the URL, read from the permission table. ``again``: what
    the permitted personas after the first get (a button the first one has pressed)."""
    perms = permissions_of(name, method, obj)
    statuses: list[int] = []
    pressed = False
    for persona in PERSONAS:
        if persona == "anon":
            statuses.append(LOGIN)
        elif not allowed(persona, perms):
            statuses.append(FORBIDDEN)
        elif persona == "outsider_dsl" and obj:
            statuses.append(NOT_FOUND)
        else:
            statuses.append(again if again is not None and pressed else ok)
            pressed = True
    return tuple(statuses)


def rule(
    name: str,
    method: str = "GET",
    obj: str | None = None,
    *,
    ok: int | None = None,
    again: int | None = None,
    **kw: Any,
) -> Row:
    """A row whose statuses come from the permission table (see the module's docstring)."""
    if ok is None:
        ok = OK if method == "GET" else REDIRECT
    return Row(name, method, obj, by_table(name, method, obj, ok, again), **kw)


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
    changes: bool = True  # whether the valid baseline changes a row
    # A search posted to ``get_url`` first, when some fields appear only after one (the
    # person picker's radio buttons): the suite reads the form from that answer.
    search: Callable[[dict[str, Any]], dict[str, Any]] | None = None
