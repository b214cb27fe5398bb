"""Permission rows for partnership meetings, the local picture and staff updates.

The DSL team records; senior leaders and inspectors read; staff and administrators get 403
for the partnership log. Every member but inspectors reads the updates sent to them and
acknowledges each; only the DSL team sends them. The other organisation's DSL gets 404.
"""

from __future__ import annotations

from typing import Any

from tests.matrix import row, rule

NO_GET = (405,) * 8  # anon dsl deputy teacher governor admin inspector outsider

ROWS = [
    rule("partnership:overview"),
    rule("partnership:meeting_add"),
    rule("partnership:meeting", "GET", "pt_meeting"),
    # The first permitted persona's press makes the item; the next find it done (409).
    rule(
        "partnership:make_item",
        "POST",
        "pt_action",
        again=409,
        data={"due_on": "2999-01-31"},
        to="partnership:meeting",
    ),
    row("partnership:make_item", "GET", "pt_action", *NO_GET),
    rule("partnership:threat_level"),
    rule("partnership:picture_note"),
    rule("partnership:updates"),
    rule("partnership:update_send"),
    rule("partnership:update", "GET", "pt_update"),
    # Each member acknowledges once, for themself: every permitted persona's press works.
    rule("partnership:acknowledge", "POST", "pt_update", to="partnership:update"),
    row("partnership:acknowledge", "GET", "pt_update", *NO_GET),
]


def objects(world: dict[str, Any]) -> dict[str, Any]:
    from dueregard.partnership.tests.builders import make_meeting, send_update

    dsl = world["memberships"]["dsl"]
    meeting = make_meeting(dsl)
    return {
        "pt_meeting": meeting,
        "pt_action": meeting.actions.get(),
        "pt_update": send_update(dsl),
    }
