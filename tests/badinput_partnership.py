"""Bad-input pages of the partnership log, the local picture and staff updates."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tests.matrix import Page


def objects(world: dict[str, Any]) -> dict[str, Any]:
    from dueregard.partnership.tests.builders import make_meeting
    from dueregard.testing.factories import in_scope

    outsider = world["outsider_dsl"]
    with in_scope(outsider):
        theirs = make_meeting(outsider)
    return {"outsider_ids": {"meeting": [str(theirs.public_id)]}}


def _today(days: int = 0) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


PAGES = [
    Page(
        "partnership meeting",
        "dsl",
        lambda w: reverse("partnership:meeting_add"),
        lambda w: {
            "held_on": _today(-1),
            "kind": "police_prevent",
            "title": "Police Prevent briefing",
            "attended": "Police Prevent officer; DSL",
            "learnt": "Stickers near bus stops",
            "actions": "Walk the boundary weekly",
        },
    ),
    Page(
        "threat level",
        "deputy",
        lambda w: reverse("partnership:threat_level"),
        lambda w: {"level": "substantial", "changed_on": _today(-3), "response": ""},
    ),
    Page(
        "local picture note",
        "dsl",
        lambda w: reverse("partnership:picture_note"),
        lambda w: {"noted_on": _today(), "meeting": "", "note": "County lines", "response": ""},
    ),
    Page(
        "staff update",
        "dsl",
        lambda w: reverse("partnership:update_send"),
        lambda w: {"title": "Threat level", "body": "It changed.", "roles": ["staff"]},
    ),
]
