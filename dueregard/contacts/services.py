"""Keeping the contacts directory: DSL, deputies and administrators only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from dueregard.audit.models import AuditAction
from dueregard.audit.services import record_by
from dueregard.contacts.models import Contact, ContactKind
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.organisations.models import Membership, Role, Site

FIELDS = (
    "kind",
    "name",
    "agency",
    "phone",
    "out_of_hours_phone",
    "email",
    "address",
    "areas",
    "notes",
    "is_active",
)


def can_edit(membership: Membership) -> bool:
    return membership.role in (Role.DSL, Role.DEPUTY_DSL, Role.ADMINISTRATOR)


def _check(membership: Membership, data: dict[str, Any], sites: Iterable[Site]) -> list[Site]:
    if not can_edit(membership):
        raise NotPermitted("Only the DSL, a deputy or an administrator can change the directory.")
    if data.get("kind") not in ContactKind.values:
        raise DomainError("Choose the kind of contact.")
    if not str(data.get("name", "")).strip():
        raise DomainError("Enter the name or team.")
    if not any(
        str(data.get(f, "")).strip() for f in ("phone", "out_of_hours_phone", "email", "address")
    ):
        raise DomainError("Give at least one way to reach this contact.")
    chosen = list(sites)
    if any(s.organisation_id != membership.organisation_id for s in chosen):
        raise DomainError("Choose sites of your own organisation.")
    return chosen


def save_contact(
    membership: Membership,
    data: dict[str, Any],
    *,
    sites: Iterable[Site] = (),
    contact: Contact | None = None,
    request: HttpRequest | None = None,
) -> Contact:
    """Add a contact, or change ``contact``. Contacts are never deleted: set them not in use."""
    chosen = _check(membership, data, sites)
    with transaction.atomic():
        if contact is None:
            contact = Contact(organisation=membership.organisation, created_by=membership.user)
            action, summary = AuditAction.CREATE, "Contact added to the directory"
        else:
            contact = Contact.objects.select_for_update().get(pk=contact.pk)
            action, summary = AuditAction.CHANGE, "Contact changed in the directory"
        for name in FIELDS:
            if name in data:
                value = data[name]
                setattr(contact, name, value.strip() if isinstance(value, str) else value)
        contact.save()
        contact.sites.set(chosen)
        record_by(membership, action, obj=contact, summary=summary, request=request)
    return contact


def emergency_contacts(membership: Membership) -> list[Contact]:
    """Emergency numbers, then the organisation's DSLs and deputies: every member may read these."""
    from dueregard.contacts.models import PUBLIC_KINDS

    order: dict[str, int] = {
        ContactKind.EMERGENCY: 0,
        ContactKind.DSL: 1,
        ContactKind.DEPUTY_DSL: 2,
    }
    rows = Contact.objects.filter(
        organisation_id=membership.organisation_id, is_active=True, kind__in=PUBLIC_KINDS
    )
    return sorted(rows, key=lambda c: (order.get(c.kind, 9), c.name))
