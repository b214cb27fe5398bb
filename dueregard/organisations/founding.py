"""Founding an organisation: the tenant, its first site-less directory and its first DSL.

Run by a platform administrator from the command line (``manage.py create_organisation``),
so there is no acting member yet: the audit events go into the new organisation's own chain
with no actor. The DSL's account is created with no usable password (or an existing
account is reused, name included); its owner sets a password through "Forgotten your
password?" on the sign-in page. No password ever passes through the command line.

The new organisation also gets the default safeguarding categories: ``concerns`` adds them
when any organisation is created (``concerns.categories.seed_new_organisation``), since
this module may not import the apps above it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from dueregard.accounts.models import User
from dueregard.audit.services import record
from dueregard.core.errors import DomainError
from dueregard.core.scope import organisation_scope
from dueregard.organisations import audit_codes as codes
from dueregard.organisations.models import Membership, Organisation, OrganisationKind, Role


class FoundingError(DomainError):
    """The details of a new organisation are not valid; the message says every problem."""


def create_organisation(
    *, name: str, slug: str, kind: str, dsl_email: str, dsl_full_name: str = ""
) -> Membership:
    """Create the organisation and its first DSL's membership; return the membership.

    Raises ``FoundingError`` for a missing or too long name, a bad or taken slug, an unknown
    kind, a bad email address, or a new account without a full name.
    """
    name, slug, email = name.strip(), slug.strip().lower(), dsl_email.strip().lower()
    full_name = dsl_full_name.strip()
    problems: list[str] = []
    if not name or len(name) > 200:
        problems.append(_("Enter the organisation's name (200 characters or fewer)."))
    try:
        validate_slug(slug)
        if len(slug) > 50:
            raise ValidationError("too long")
    except ValidationError:
        problems.append(_("The short name must be 1 to 50 lower-case letters, digits or hyphens."))
    else:
        if Organisation.objects.filter(slug=slug).exists():
            problems.append(_("Another organisation already has this short name."))
    if kind not in OrganisationKind.values:
        problems.append(
            _("The kind must be one of: %(kinds)s.") % {"kinds": ", ".join(OrganisationKind.values)}
        )
    try:
        validate_email(email)
    except ValidationError:
        problems.append(_("Enter the DSL's email address, like name@example.org."))
    user = User.objects.filter(email__iexact=email).first() if not problems else None
    if user is None and not full_name:
        problems.append(_("Enter the DSL's full name: they have no dueregard account yet."))
    if problems:
        raise FoundingError(" ".join(problems))
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, slug=slug, kind=kind)
        with organisation_scope(organisation.pk):
            new_account = user is None
            if user is None:
                user = User.objects.create_user(email=email, password=None, full_name=full_name)
                record(code=codes.ACCOUNT_CREATED, actor=None, organisation=organisation, obj=user)
            membership: Membership = Membership.objects.create(
                user=user, organisation=organisation, role=Role.DSL, receives_alerts=True
            )
            record(
                code=codes.ORGANISATION_CREATED,
                actor=None,
                organisation=organisation,
                obj=organisation,
                context={"kind": kind},
            )
            record(
                code=codes.MEMBER_ADDED,
                actor=None,
                organisation=organisation,
                obj=membership,
                context={"role": Role.DSL, "new_account": new_account, "receives_alerts": True},
            )
    return membership
