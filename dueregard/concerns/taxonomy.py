"""Loading the versioned reference data (concern types, indicators) from ``data/``.

Called by the data migration and by tests; running it twice changes nothing.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    return data


def load_concern_type_list(type_list_model: Any, type_model: Any, name: str) -> Any:
    """Create (or refresh) a national list from a data file and make it the current one."""
    data = load_json(name)
    type_list, _ = type_list_model.objects.get_or_create(
        organisation=None,
        name=data["name"],
        version=data["version"],
        defaults={
            "effective_from": date.fromisoformat(data["effective_from"]),
            "counts_for_prevent": data["counts_for_prevent"],
        },
    )
    type_list_model.objects.filter(organisation=None).exclude(pk=type_list.pk).update(
        is_current=False
    )
    type_list_model.objects.filter(pk=type_list.pk).update(is_current=True)
    for order, item in enumerate(data["types"]):
        type_model.objects.update_or_create(
            type_list=type_list,
            code=item["code"],
            defaults={
                "label": item["label"],
                "order": order,
                "is_not_sure": item.get("is_not_sure", False),
            },
        )
    return type_list


def load_indicators(category_model: Any, indicator_model: Any) -> None:
    data = load_json("indicators.json")
    for c_order, cat in enumerate(data["categories"]):
        category, _ = category_model.objects.update_or_create(
            code=cat["code"], defaults={"name": cat["name"], "order": c_order}
        )
        for i_order, item in enumerate(cat["indicators"]):
            indicator_model.objects.update_or_create(
                code=item["code"],
                defaults={"label": item["label"], "order": i_order, "category": category},
            )


def default_categories() -> list[dict[str, Any]]:
    """The safeguarding categories every organisation starts with, in order."""
    categories: list[dict[str, Any]] = load_json("safeguarding_categories.json")["categories"]
    return categories


def add_default_categories(category_model: Any, organisation_id: int) -> int:
    """Give an organisation the default categories it lacks (by key); return how many.

    Called when an organisation is created and by the data migration for existing ones;
    running it twice adds nothing, and a renamed or retired default is left as it is.
    """
    have = set(
        category_model._base_manager.filter(organisation_id=organisation_id).values_list(
            "key", flat=True
        )
    )
    new = [
        category_model(
            organisation_id=organisation_id,
            key=item["key"],
            name=item["name"],
            is_prevent=item.get("is_prevent", False),
            shown_to_reporters=item.get("shown_to_reporters", True),
            order=order,
        )
        for order, item in enumerate(default_categories())
        if item["key"] not in have
    ]
    category_model._base_manager.bulk_create(new)
    return len(new)
