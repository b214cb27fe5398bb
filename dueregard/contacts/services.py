"""Keeping the contacts directory: DSL, deputies and administrators only."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from dueregard.audit.services import log
from dueregard.contacts import audit_codes as codes
from dueregard.contacts.models import Contact, ContactKind
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.organisations.models import Membership, Site
from dueregard.organisations.permissions import Can

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
    return membership.can(Can.EDIT_CONTACTS)


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
) -> Contact:
    """Add a contact, or change ``contact``. Contacts are never deleted: set them not in use."""
    chosen = _check(membership, data, sites)
    with transaction.atomic():
        if contact is None:
            contact = Contact(organisation=membership.organisation, created_by=membership.user)
            code = codes.CONTACT_ADDED
        else:
            contact = Contact.objects.select_for_update().get(pk=contact.pk)
            code = codes.CONTACT_CHANGED
        for name in FIELDS:
            if name in data:
                value = data[name]
                setattr(contact, name, value.strip() if isinstance(value, str) else value)
        contact.save()
        contact.sites.set(chosen)
        log(
            membership,
            code,
            contact,
            context={"kind": contact.kind, "active": contact.is_active, "sites": len(chosen)},
        )
    return contact


@dataclass
class EmergencyContacts:
    """Who to call in an emergency, as the immediate-danger page shows it.

    ``site`` is the member's own site, if the organisation recorded one (the training
    profile's site); ``for_site`` the contacts covering that site; ``organisation_wide``
    those covering every site. A member without a site sees every contact, in one list.
    """

    site: Site | None
    for_site: list[Contact]
    organisation_wide: list[Contact]

    def __bool__(self) -> bool:
        return bool(self.for_site or self.organisation_wide)

    def __iter__(self) -> Iterator[Contact]:
        return iter([*self.for_site, *self.organisation_wide])


def member_site(membership: Membership) -> Site | None:
    """Where the member works, if recorded (``training.TrainingProfile``); else None."""
    from dueregard.training.models import TrainingProfile

    profile = (
        TrainingProfile.objects.filter(
            organisation_id=membership.organisation_id, membership=membership
        )
        .select_related("site")
        .first()
    )
    return profile.site if profile is not None else None


def emergency_directory(membership: Membership) -> EmergencyContacts:
    """Emergency numbers, then the DSLs and deputies, those of the member's site first.

    Every member may read these. Contacts that cover only other sites are left out for a
    member whose site is known: in an emergency they would be the wrong call.
    """
    from dueregard.contacts.models import PUBLIC_KINDS

    order: dict[str, int] = {
        ContactKind.EMERGENCY: 0,
        ContactKind.DSL: 1,
        ContactKind.DEPUTY_DSL: 2,
    }
    rows = sorted(
        Contact.objects.filter(
            organisation_id=membership.organisation_id, is_active=True, kind__in=PUBLIC_KINDS
        ).prefetch_related("sites"),
        key=lambda c: (order.get(c.kind, 9), c.name),
    )
    site = member_site(membership)
    if site is None:
        return EmergencyContacts(site=None, for_site=[], organisation_wide=rows)
    covers = {c.pk: {s.pk for s in c.sites.all()} for c in rows}
    return EmergencyContacts(
        site=site,
        for_site=[c for c in rows if site.pk in covers[c.pk]],
        organisation_wide=[c for c in rows if not covers[c.pk]],
    )


def emergency_contacts(membership: Membership) -> list[Contact]:
    """``emergency_directory`` as one list: the member's site's contacts first."""
    return list(emergency_directory(membership))
