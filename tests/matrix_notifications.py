"""Permission rows for alerts (``/alerts/``): every member has their own, and nobody may
open another's (404, like a record outside their scope)."""

from __future__ import annotations

from typing import Any

from dueregard.notifications.models import Alert
from tests.matrix import LOGIN, row, rule


def objects(world: dict[str, Any]) -> dict[str, Any]:
    # The world's concern alerted the DSL team; this one is the DSL's own.
    return {"alert": Alert.objects.filter(recipient=world["memberships"]["dsl"].user).first()}


#            anon   dsl  deputy teacher governor admin inspector outsider
ROWS = [
    row("notifications:open", "GET", "alert", LOGIN, 302, 404, 404, 404, 404, 404, 404),
    rule("notifications:mark_all_read", "POST", to="notifications:list"),
]
