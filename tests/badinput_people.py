"""Bad-input pages of a person's safeguarding record: flags, contacts, related people."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from tests.matrix import Page


def objects(world: dict[str, Any]) -> dict[str, Any]:
    from dueregard.people import record
    from dueregard.testing.factories import make_person

    dsl = world["dsl"]
    with_flag = make_person(dsl.organisation, "Flora", "Flagged", reference="L0077")
    return {
        "pr_flag": record.add_flag(dsl, with_flag, kind="send", starts_on=date(2024, 9, 2)),
        "pr_kin": make_person(dsl.organisation, "Kit", "Kinsman", reference="L0078"),
    }


def _person_url(name: str) -> Any:
    return lambda w: reverse(name, args=[w["person"].public_id])


PAGES = [
    Page(
        "person flag add",
        "dsl",
        _person_url("people:add_flag"),
        lambda w: {
            "kind": "young_carer",
            "detail": "Cares for a parent",
            "starts_on": "2024-09-01",
        },
    ),
    Page(
        "person flag end",
        "deputy",
        lambda w: reverse("people:end_flag", args=[w["pr_flag"].public_id]),
        lambda w: {"ends_on": "2025-07-18"},
    ),
    Page(
        "person contact add",
        "dsl",
        _person_url("people:add_contact"),
        lambda w: {
            "name": "Morgan Example",
            "relationship": "Foster carer",
            "phone": "01632 960 003",
            "email": "morgan@example.com",
            "parental_responsibility": "no",
            "notes": "",
        },
    ),
    Page(
        "person relation add",
        "dsl",
        _person_url("people:add_relation"),
        lambda w: {"other": str(w["pr_kin"].public_id), "kind": "sibling"},
        search=lambda w: {"find_person": "other", "other_search": w["pr_kin"].family_name},
    ),
]
