"""Bad input through the subject access forms: starting a request, extending it, closing
it, adding words to redact. A date received in the future, a deadline before the request
date, an extension without a reason or past three months: a message, nothing changed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from dueregard.subjectaccess.tests.builders import a_request
from tests.matrix import Page

TODAY = timezone.localdate


def objects(world: dict[str, Any]) -> dict[str, Any]:
    return {"sar": a_request(world["dsl"], world["person"], received_on=TODAY())}


def _url(name: str) -> Any:
    return lambda w: reverse(name, kwargs={"public_id": w["sar"].public_id})


PAGES = [
    Page(
        "subject access request",
        "dsl",
        lambda w: reverse("subjectaccess:start"),
        lambda w: {
            "person": str(w["person"].public_id),
            "received_on": TODAY().isoformat(),
            "identity_checked": "on",
            "identity_how": "Known to the office.",
        },
        search=lambda w: {"find_person": "person", "person_search": w["person"].family_name},
    ),
    Page(
        "subject access extension",
        "dsl",
        _url("subjectaccess:extend"),
        lambda w: {
            "extended_to": (TODAY() + timedelta(days=45)).isoformat(),
            "reason": "Many records across several cases.",
        },
    ),
    Page(
        "subject access close",
        "deputy",
        _url("subjectaccess:close"),
        lambda w: {"reason": "Withdrawn by the person."},
    ),
    Page(
        "subject access redaction",
        "dsl",
        _url("subjectaccess:add_term"),
        lambda w: {"text": "Invented Neighbour"},
    ),
]
