"""Permission rows for the safeguarding categories (``/concerns/categories/``) and the case
list's filters.

The DSL runs the categories (``Can.MANAGE_CATEGORIES``); nobody else reaches the page.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from dueregard.concerns.models import SafeguardingCategory
from tests.matrix import row, rule

NA = 405
LIST = "concerns:categories"

#            anon   dsl  deputy teacher governor admin inspector outsider
ROWS = [
    rule(LIST),
    rule(LIST, "POST", data={"name": "Bereavement", "shown_to_reporters": "on"}, to=LIST),
    rule("concerns:category_edit", "GET", "sg_category"),
    rule(
        "concerns:category_edit",
        "POST",
        "sg_category",
        data={"name": "Neglect and care", "shown_to_reporters": "on"},
        to=LIST,
    ),
    rule("concerns:category_retire", "POST", "sg_category", to=LIST, again=409),
    row("concerns:category_retire", "GET", "sg_category", NA, NA, NA, NA, NA, NA, NA, NA),
    rule("concerns:category_restore", "POST", "sg_retired", to=LIST, again=409),
    row("concerns:category_restore", "GET", "sg_retired", NA, NA, NA, NA, NA, NA, NA, NA),
    rule("concerns:category_move", "POST", "sg_category", data={"direction": "down"}, to=LIST),
    rule("concerns:category_move", "POST", "sg_category", ok=400, data={"direction": "left"}),
    row("concerns:category_move", "GET", "sg_category", NA, NA, NA, NA, NA, NA, NA, NA),
    # The case list's filters and sort: keys and public ids only.
    rule("cases:list", query="?status=all&category=neglect&overdue=on&sort=review"),
    rule("cases:list", query="?category=no-such-key&lead=not-a-uuid&sort=sideways&page=99"),
]


def objects(world: dict[str, Any]) -> dict[str, Any]:
    org = world["memberships"]["dsl"].organisation
    retired = SafeguardingCategory.objects.get(organisation=org, key="attendance")
    retired.retired_at = timezone.now()
    retired.save(update_fields=["retired_at"])
    return {
        "sg_category": SafeguardingCategory.objects.get(organisation=org, key="mental-health"),
        "sg_retired": retired,
    }
