"""Organisation-wide services: references, settings, who may manage members, and sites
(members themselves: ``organisations.members``).

Members and sites are managed by the DSL and administrators (``can_manage_organisation``).
Safeguarding leads (DSL and deputy DSL) are appointed, changed and removed by the DSL only:
an administrator manages every other role. Nobody changes their own role or deactivates
themselves, and an organisation always keeps at least one active DSL.

Every change runs in one transaction that locks the organisation row (so two changes to its
members cannot both remove its last DSL) and the changed row, and writes an audit event whose
summary names what changed, never who: no names, email addresses or site names.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.audit.services import log
from dueregard.core.errors import DomainError, FieldErrors, NotPermitted
from dueregard.organisations import audit_codes as codes
from dueregard.organisations.models import (
    Membership,
    Organisation,
    PrivilegedFactor,
    ReferenceCounter,
    Role,
    Site,
)
from dueregard.organisations.permissions import SAFEGUARDING_LEAD_ROLES, Can


def next_reference(organisation: Organisation, kind: str) -> str:
    """The next reference of ``kind`` for this organisation and year, e.g. ``C-2026-000123``.

    Gap-free per organisation and year: the counter row is locked for the caller's
    transaction, so two concerns raised at once never share a number.
    """
    year = timezone.localdate().year
    with transaction.atomic():
        counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
            organisation=organisation, kind=kind, year=year
        )
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"{kind}-{year}-{counter.last:06d}"


def update_settings(
    membership: Membership,
    *,
    triage_target_hours: int,
    review_interval_hours: int,
    privileged_factor: str | None = None,
    emergency_target_minutes: int | None = None,
) -> Organisation:
    """Change the organisation's triage target, review interval and (the DSL only) which
    second factor privileged roles must use. DSL or administrator."""
    if not can_manage_organisation(membership):
        raise NotPermitted("Only the DSL or an administrator can change these settings.")
    if not 1 <= triage_target_hours <= 168 or not 1 <= review_interval_hours <= 24 * 28:
        raise DomainError(
            "Choose a triage target of 1 to 168 hours and a review interval of 1 hour to 4 weeks."
        )
    if emergency_target_minutes is not None and not 5 <= emergency_target_minutes <= 240:
        raise DomainError("Choose an emergency triage target of 5 to 240 minutes.")
    if privileged_factor is not None and privileged_factor not in PrivilegedFactor.values:
        raise DomainError("Choose which second factor DSLs, deputies and administrators use.")
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
        factor_changed = (
            privileged_factor is not None and privileged_factor != organisation.privileged_factor
        )
        if factor_changed and not membership.can(Can.SET_PRIVILEGED_FACTOR):
            raise NotPermitted(
                "Only the DSL can change which second factor DSLs, deputies and administrators use."
            )
        organisation.triage_target_hours = triage_target_hours
        organisation.review_interval_hours = review_interval_hours
        if emergency_target_minutes is not None:
            organisation.emergency_target_minutes = emergency_target_minutes
        if factor_changed:
            organisation.privileged_factor = str(privileged_factor)
        organisation.save(
            update_fields=[
                "triage_target_hours",
                "emergency_target_minutes",
                "review_interval_hours",
                "privileged_factor",
                "updated_at",
            ]
        )
        if factor_changed:
            log(
                membership,
                codes.PRIVILEGED_FACTOR_SET,
                organisation,
                context={"factor": organisation.privileged_factor},
            )
        else:
            log(
                membership,
                codes.SETTINGS_CHANGED,
                organisation,
                context={
                    "triage_target_hours": triage_target_hours,
                    "emergency_target_minutes": organisation.emergency_target_minutes,
                    "review_interval_hours": review_interval_hours,
                },
            )
    return organisation


# --- Who may manage the organisation ----------------------------------------------------


def can_manage_organisation(membership: Membership) -> bool:
    """Members, sites and settings: the DSL and administrators (never the deputy)."""
    return membership.can(Can.MANAGE_ORGANISATION)


def roles_grantable_by(membership: Membership) -> list[Role]:
    """The roles ``membership`` may give someone, in the order forms offer them."""
    if not can_manage_organisation(membership):
        return []
    return [
        role
        for role in Role
        if membership.can(Can.APPOINT_LEADS) or role not in SAFEGUARDING_LEAD_ROLES
    ]


def may_change_member(membership: Membership, member: Membership) -> bool:
    """Whether ``membership`` may change ``member`` at all (the service checks the details)."""
    return can_manage_organisation(membership) and (
        membership.can(Can.APPOINT_LEADS) or member.role not in SAFEGUARDING_LEAD_ROLES
    )


def require_manager(membership: Membership) -> None:
    if not can_manage_organisation(membership):
        raise NotPermitted(_("Only the DSL or an administrator can manage members and sites."))


def lock_organisation(membership: Membership) -> Membership:
    """Lock the organisation row and return the actor's membership as it is now.

    The lock serialises changes to one organisation's members; reading the actor again
    refuses a change by someone whose own role was changed or removed meanwhile.
    """
    Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    current: Membership | None = (
        Membership.objects.active()
        .select_related("organisation", "user")
        .filter(pk=membership.pk)
        .first()
    )
    if current is None or current.role != membership.role:
        raise NotPermitted(_("Your own membership has changed: reload the page and try again."))
    return current


# --- Sites ------------------------------------------------------------------------------


class SiteNameError(FieldErrors):
    """The site name (field ``name``) is missing, too long or already used."""


def _clean_site_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise SiteNameError.on("name", _("Enter the site's name."))
    if len(name) > 200:
        raise SiteNameError.on("name", _("Site name must be 200 characters or fewer."))
    return name


def _duplicate_site() -> SiteNameError:
    return SiteNameError.on("name", _("Your organisation already has a site with this name."))


def add_site(membership: Membership, *, name: str) -> Site:
    """Add a site to the organisation. DSL or administrator.

    Raises ``SiteNameError`` for a blank or over-long name, or one the organisation already
    uses (ignoring case and repeated spaces).
    """
    require_manager(membership)
    name = _clean_site_name(name)
    with transaction.atomic():
        actor = lock_organisation(membership)
        if Site.objects.filter(organisation_id=actor.organisation_id, name__iexact=name).exists():
            raise _duplicate_site()
        site = Site(organisation_id=actor.organisation_id, created_by=actor.user, name=name)
        try:
            with transaction.atomic():
                site.save()
        except IntegrityError as exc:
            raise _duplicate_site() from exc
        log(actor, codes.SITE_ADDED, site)
    return site


def rename_site(membership: Membership, site: Site, *, name: str) -> Site:
    """Rename one of the organisation's sites. DSL or administrator.

    Same name checks as ``add_site``; nothing is written when the name is unchanged.
    """
    require_manager(membership)
    if site.organisation_id != membership.organisation_id:
        raise NotPermitted(_("This site is not one of your organisation's sites."))
    name = _clean_site_name(name)
    with transaction.atomic():
        actor = lock_organisation(membership)
        locked: Site = Site.objects.select_for_update().get(pk=site.pk)
        if locked.name == name:
            return locked
        clash = Site.objects.filter(organisation_id=locked.organisation_id, name__iexact=name)
        if clash.exclude(pk=locked.pk).exists():
            raise _duplicate_site()
        locked.name = name
        try:
            with transaction.atomic():
                locked.save(update_fields=["name", "updated_at"])
        except IntegrityError as exc:
            raise _duplicate_site() from exc
        log(actor, codes.SITE_RENAMED, locked)
    return locked
