"""Bad input through the safeguarding categories' forms (the DSL's settings page)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from dueregard.concerns.models import SafeguardingCategory
from tests.matrix import Page


def objects(world: dict[str, Any]) -> dict[str, Any]:
    org = world["dsl"].organisation
    return {"sg_category": SafeguardingCategory.objects.get(organisation=org, key="online-safety")}


PAGES = [
    Page(
        "category add",
        "dsl",
        lambda w: reverse("concerns:categories"),
        lambda w: {"name": "Bereavement", "shown_to_reporters": "on"},
    ),
    Page(
        "category change",
        "dsl",
        lambda w: reverse(
            "concerns:category_edit", kwargs={"public_id": w["sg_category"].public_id}
        ),
        lambda w: {"name": "Online safety and gaming", "shown_to_reporters": "on"},
    ),
]
