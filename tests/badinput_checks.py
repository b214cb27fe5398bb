"""Bad-input pages of the filtering, monitoring and faith-facility checks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tests.matrix import Page


def objects(world: dict[str, Any]) -> dict[str, Any]:
    from dueregard.checks import services

    dsl = world["dsl"]
    room = services.save_room(
        dsl, None, name="Quiet room", site=None, rules="Open 8 to 6.", overseen_by=dsl.user
    )
    outsider = world["outsider_dsl"]
    return {
        "ck_room": room,
        "outsider_ids": {
            "checked_by": [str(outsider.user.public_id)],
            "overseen_by": [str(outsider.user.public_id)],
        },
    }


def _today(days: int = 0) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


PAGES = [
    Page(
        "filtering check",
        "admin",
        lambda w: reverse("checks:check_add"),
        lambda w: {
            "kind": "filtering",
            "checked_on": _today(-1),
            "tested": "Blocked categories from a learner account",
            "result": "worked",
            "action": "",
            "checked_by": str(w["admin"].user.public_id),
        },
    ),
    Page(
        "monitoring alert",
        "dsl",
        lambda w: reverse("checks:alert_add"),
        lambda w: {
            "received_on": _today(-2),
            "category": "extremism",
            "passed_on": _today(-1),
            "outcome": "concern",
        },
    ),
    Page(
        "prayer room",
        "deputy",
        lambda w: reverse("checks:room_add"),
        lambda w: {
            "name": "Faith room",
            "site": "",
            "rules": "Open to all",
            "overseen_by": str(w["deputy"].user.public_id),
        },
    ),
    Page(
        "prayer room check",
        "dsl",
        lambda w: reverse("checks:room_check", args=[w["ck_room"].public_id]),
        lambda w: {"checked_on": _today(), "findings": "Tidy", "action": ""},
    ),
    Page(
        "faith date",
        "dsl",
        lambda w: reverse("checks:faith_date_add"),
        lambda w: {"observed_on": _today(30), "name": "Diwali", "notes": ""},
    ),
]
