"""What administrators' management commands share: naming an organisation and who acts.

A command names the organisation by its slug or public id, and acts as one of its members
so that the same services, permission checks and audit events run as on the pages. The
member is the one given with ``--as EMAIL``, or else the organisation's DSL when it has
exactly one active DSL (with several, ``--as`` says which, so the audit trail names the
right person).
"""

from __future__ import annotations

from django.core.management.base import CommandError

from dueregard.core.scope import organisation_scope
from dueregard.organisations.models import Membership, Organisation
from dueregard.organisations.permissions import Can, roles_with

ORGANISATION_HELP = "The organisation's short name (slug) or public id (a UUID)."
AS_HELP = (
    "Email address of the member the command acts as; their role must allow it. "
    "Default: the organisation's DSL, when it has exactly one."
)


def organisation_named(value: str) -> Organisation:
    """The organisation with this slug or public id; ``CommandError`` when there is none."""
    organisation = Organisation.objects.identified_by(value).first()
    if organisation is None:
        raise CommandError(f"No organisation has the short name or public id {value!r}.")
    return organisation


def acting_member(organisation: Organisation, email: str | None) -> Membership:
    """The active member the command acts as (see the module docstring)."""
    with organisation_scope(organisation.pk):
        members = Membership.objects.active().select_related("organisation", "user")
        if email:
            membership: Membership | None = members.filter(
                user__email__iexact=email.strip()
            ).first()
            if membership is None:
                raise CommandError("No active member of that organisation has that email address.")
            return membership
        dsls: list[Membership] = list(
            members.filter(role__in=roles_with(Can.LEAD_PREVENT_DUTY))[:2]
        )
    if len(dsls) != 1:
        raise CommandError(
            "The organisation has more than one DSL (or none): say who acts with --as EMAIL."
        )
    return dsls[0]
