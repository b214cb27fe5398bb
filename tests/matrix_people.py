"""Permission rows for a person's safeguarding record (``cases:person_record``) and its
changes (flags, parent and carer contacts, related people): the DSL team only
(``Can.PERSON_RECORD``). Administrators manage the directory but do not see the record."""

from __future__ import annotations

from datetime import date
from typing import Any

from dueregard.people import record
from dueregard.testing.factories import make_person
from tests.matrix import LOGIN, row, rule

NA = 405
GONE = 404  # a removed contact or link: the next persona finds nothing

#            anon   dsl  deputy teacher governor admin inspector outsider
ROWS = [
    rule("cases:person_record", "GET", "person"),
    rule("cases:person_record", "GET", "person", query="?kind=case&date_from=2020-01-01"),
    rule("people:add_flag", "GET", "person"),
    rule("people:end_flag", "GET", "person_flag"),
    rule("people:add_contact", "GET", "person"),
    rule("people:add_relation", "GET", "person"),
    rule("people:relation_picker", "POST", ok=200, data={"field": "other", "q": "Le"}),
    row("people:relation_picker", "GET", None, NA, NA, NA, NA, NA, NA, NA, NA),
    row(
        "people:remove_contact",
        "POST",
        "carer_contact",
        *(LOGIN, 302, GONE, 403, 403, 403, 403, 404),
        to="cases:person_record",
    ),
    row("people:remove_contact", "GET", "carer_contact", NA, NA, NA, NA, NA, NA, NA, NA),
    row(
        "people:remove_relation",
        "POST",
        "person_relation",
        *(LOGIN, 302, GONE, 403, 403, 403, 403, 404),
        to="cases:person_record",
    ),
    row("people:remove_relation", "GET", "person_relation", NA, NA, NA, NA, NA, NA, NA, NA),
]


def objects(world: dict[str, Any]) -> dict[str, Any]:
    dsl = world["memberships"]["dsl"]
    person = world["person"]
    sibling = make_person(dsl.organisation, "Rowan", "Ashby")
    return {
        "person_flag": record.add_flag(
            dsl, person, kind="young_carer", starts_on=date(2019, 3, 7), detail="Cares for mum"
        ),
        "carer_contact": record.add_contact(
            dsl,
            person,
            record.ContactDetails(
                name="Morgan Ashby",
                relationship="Mother",
                parental_responsibility=True,
                phone="01632 960 001",
            ),
        ),
        "person_relation": record.relate(dsl, person, sibling, kind="sibling"),
    }
