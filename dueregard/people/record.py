"""Changes to what the DSL team records about a person: flags, parent and carer contacts,
related people.

Each function checks ``Can.PERSON_RECORD`` (``NotPermitted`` otherwise) and that every row
is in the membership's organisation, runs in one transaction and writes one audit event
(kinds and public ids in its context, never names, numbers or free text). Flags are never
edited: a flag is ended, with the day and who ended it, and stays in the history. A removed
contact or link is deleted; the audit trail keeps that it was there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.audit.services import log
from dueregard.core.errors import FieldErrors, NotPermitted, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, require
from dueregard.people.audit_codes import (
    CARER_CONTACT_ADDED,
    CARER_CONTACT_REMOVED,
    PERSON_FLAG_ADDED,
    PERSON_FLAG_ENDED,
    PERSON_RELATION_ADDED,
    PERSON_RELATION_REMOVED,
)
from dueregard.people.models import (
    CarerContact,
    FlagKind,
    Person,
    PersonFlag,
    PersonRelation,
    RelationKind,
)

#: A phone number as people write it: digits, spaces, +, brackets, dashes; 6 to 20 digits.
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,30}$")


class RecordDetailsError(FieldErrors):
    """What was entered about a person is not valid (each problem on its field)."""


def _require(membership: Membership, *people: Person) -> None:
    require(membership, Can.PERSON_RECORD)
    for person in people:
        if person.organisation_id != membership.organisation_id:
            raise NotPermitted(_("This person is not in your organisation's directory."))


# --- Flags -----------------------------------------------------------------------------


def add_flag(
    membership: Membership, person: Person, *, kind: str, starts_on: date, detail: str = ""
) -> PersonFlag:
    """Record a flag from ``starts_on`` (not in the future). "Other" needs its details."""
    _require(membership, person)
    detail = detail.strip()
    problems: list[tuple[str, str]] = []
    if kind not in FlagKind.values:
        problems.append(("kind", _("Choose a flag from the list.")))
    if kind == FlagKind.OTHER and not detail:
        problems.append(("detail", _("Say what the flag is.")))
    if starts_on > timezone.localdate():
        problems.append(("starts_on", _("The date it started must be today or in the past.")))
    if problems:
        raise RecordDetailsError(problems)
    with transaction.atomic():
        flag: PersonFlag = PersonFlag.objects.create(
            organisation_id=membership.organisation_id,
            created_by=membership.user,
            person=person,
            kind=kind,
            detail=detail,
            starts_on=starts_on,
        )
        log(
            membership,
            PERSON_FLAG_ADDED,
            flag,
            context={"kind": kind, "person": str(person.public_id)},
        )
    return flag


def end_flag(membership: Membership, flag: PersonFlag, *, ends_on: date) -> PersonFlag:
    """End a current flag on ``ends_on``: not before it started, not in the future."""
    _require(membership, flag.person)
    with transaction.atomic():
        locked: PersonFlag = PersonFlag.objects.select_for_update().get(pk=flag.pk)
        if locked.ends_on is not None:
            raise TransitionNotAllowed(_("This flag has already ended."))
        if ends_on < locked.starts_on:
            raise RecordDetailsError(
                [("ends_on", _("The date it ended cannot be before the date it started."))]
            )
        if ends_on > timezone.localdate():
            raise RecordDetailsError(
                [("ends_on", _("The date it ended must be today or in the past."))]
            )
        locked.ends_on = ends_on
        locked.ended_by = membership.user
        locked.ended_at = timezone.now()
        locked.save(update_fields=["ends_on", "ended_by", "ended_at", "updated_at"])
        log(membership, PERSON_FLAG_ENDED, locked, context={"kind": locked.kind})
    return locked


# --- Parent and carer contacts ---------------------------------------------------------


@dataclass(frozen=True)
class ContactDetails:
    name: str
    relationship: str
    parental_responsibility: bool
    phone: str = ""
    email: str = ""
    notes: str = ""


def _check_contact(details: ContactDetails) -> ContactDetails:
    tidy = ContactDetails(
        name=details.name.strip(),
        relationship=details.relationship.strip(),
        parental_responsibility=details.parental_responsibility,
        phone=details.phone.strip(),
        email=details.email.strip(),
        notes=details.notes.strip(),
    )
    problems: list[tuple[str, str]] = []
    if not tidy.name:
        problems.append(("name", _("Enter their name.")))
    if not tidy.relationship:
        problems.append(("relationship", _("Say how they are related to the person.")))
    if tidy.phone and not _PHONE.match(tidy.phone):
        problems.append(("phone", _("Enter a phone number, like 01632 960 001.")))
    if tidy.email:
        try:
            validate_email(tidy.email)
        except ValidationError:
            problems.append(("email", _("Enter an email address, like name@example.com.")))
    if not tidy.phone and not tidy.email:
        problems.append(("phone", _("Enter a phone number or an email address.")))
    if problems:
        raise RecordDetailsError(problems)
    return tidy


def add_contact(membership: Membership, person: Person, details: ContactDetails) -> CarerContact:
    """Add a parent's or carer's contact details (a phone number or an email at least)."""
    _require(membership, person)
    tidy = _check_contact(details)
    with transaction.atomic():
        contact: CarerContact = CarerContact.objects.create(
            organisation_id=membership.organisation_id,
            created_by=membership.user,
            person=person,
            name=tidy.name,
            relationship=tidy.relationship,
            phone=tidy.phone,
            email=tidy.email,
            parental_responsibility=tidy.parental_responsibility,
            notes=tidy.notes,
        )
        log(
            membership,
            CARER_CONTACT_ADDED,
            contact,
            context={
                "person": str(person.public_id),
                "parental_responsibility": tidy.parental_responsibility,
            },
        )
    return contact


def remove_contact(membership: Membership, contact: CarerContact) -> None:
    """Delete a contact; the audit trail keeps that it was removed (not what it said)."""
    _require(membership, contact.person)
    with transaction.atomic():
        log(
            membership,
            CARER_CONTACT_REMOVED,
            contact,
            context={"person": str(contact.person.public_id)},
        )
        CarerContact.objects.filter(pk=contact.pk).delete()


# --- Related people --------------------------------------------------------------------


def relate(membership: Membership, person: Person, other: Person, *, kind: str) -> PersonRelation:
    """Link two people of the directory (either way round counts once)."""
    _require(membership, person, other)
    problems: list[tuple[str, str]] = []
    if kind not in RelationKind.values:
        problems.append(("kind", _("Choose how they are related.")))
    if other.pk == person.pk:
        problems.append(
            ("other", _("Choose someone else: a person cannot be related to themself."))
        )
    if problems:
        raise RecordDetailsError(problems)
    with transaction.atomic():
        # Lock both people, lower id first, so two links made at once cannot both pass.
        list(Person.objects.select_for_update().filter(pk__in=[person.pk, other.pk]).order_by("pk"))
        linked = PersonRelation.objects.filter(person=person, other=other) | (
            PersonRelation.objects.filter(person=other, other=person)
        )
        if linked.exists():
            raise RecordDetailsError([("other", _("These two people are already linked."))])
        relation: PersonRelation = PersonRelation.objects.create(
            organisation_id=membership.organisation_id,
            created_by=membership.user,
            person=person,
            other=other,
            kind=kind,
        )
        log(
            membership,
            PERSON_RELATION_ADDED,
            relation,
            context={
                "kind": kind,
                "person": str(person.public_id),
                "other": str(other.public_id),
            },
        )
    return relation


def unrelate(membership: Membership, relation: PersonRelation) -> None:
    """Remove the link between two people; the audit trail keeps that it was there."""
    _require(membership, relation.person, relation.other)
    with transaction.atomic():
        log(
            membership,
            PERSON_RELATION_REMOVED,
            relation,
            context={
                "kind": relation.kind,
                "person": str(relation.person.public_id),
                "other": str(relation.other.public_id),
            },
        )
        PersonRelation.objects.filter(pk=relation.pk).delete()
