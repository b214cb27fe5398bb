"""Permission rows for the filtering, monitoring and faith-facility checks.

The DSL team and administrators record; senior leaders and inspectors read; staff get 403.
The other organisation's DSL gets 404 for a room.
"""

from __future__ import annotations

from typing import Any

from tests.matrix import rule

ROWS = [
    rule("checks:overview"),
    rule("checks:check_add"),
    rule("checks:alert_add"),
    rule("checks:room_add"),
    rule("checks:room_edit", "GET", "ck_room"),
    rule("checks:room_check", "GET", "ck_room"),
    rule("checks:faith_date_add"),
]


def objects(world: dict[str, Any]) -> dict[str, Any]:
    from dueregard.checks import services

    dsl = world["memberships"]["dsl"]
    room = services.save_room(
        dsl, None, name="Quiet room", site=None, rules="Open 8 to 6.", overseen_by=dsl.user
    )
    return {"ck_room": room}
