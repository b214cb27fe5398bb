"""Organisation-wide services: references, settings, members and sites.

Members and sites are managed by the DSL and administrators (``can_manage_organisation``).
Safeguarding leads (DSL and deputy DSL) are appointed, changed and removed by the DSL only:
an administrator manages every other role. Nobody changes their own role or deactivates
themselves, and an organisation always keeps at least one active DSL.

Every change runs in one transaction that locks the organisation row (so two changes to its
members cannot both remove its last DSL) and the changed row, and writes an audit event whose
summary names what changed, never who: no names, email addresses or site names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from dueregard.accounts.models import User
from dueregard.audit.models import AuditAction
from dueregard.audit.services import record, record_by
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.organisations.models import (
    Membership,
    Organisation,
    PrivilegedFactor,
    ReferenceCounter,
    Role,
    Site,
)
from dueregard.organisations.permissions import Can, roles_with

#: Roles only the DSL may grant, change or remove.

SAFEGUARDING_LEAD_ROLES = frozenset(roles_with(Can.HANDLE_CASES))

#: The longest an inspector's access may run, counted from today.
MAX_INSPECTOR_ACCESS_DAYS = 90


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
    request: HttpRequest | None = None,
) -> Organisation:
    """Change the organisation's triage target, review interval and (the DSL only) which
    second factor privileged roles must use. DSL or administrator."""
    if not can_manage_organisation(membership):
        raise NotPermitted("Only the DSL or an administrator can change these settings.")
    if not 1 <= triage_target_hours <= 168 or not 1 <= review_interval_hours <= 24 * 28:
        raise DomainError(
            "Choose a triage target of 1 to 168 hours and a review interval of 1 hour to 4 weeks."
        )
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
        if factor_changed:
            organisation.privileged_factor = str(privileged_factor)
        organisation.save(
            update_fields=[
                "triage_target_hours",
                "review_interval_hours",
                "privileged_factor",
                "updated_at",
            ]
        )
        record(
            action=AuditAction.CHANGE,
            actor=membership.user,
            organisation=organisation,
            obj=organisation,
            summary=(
                f"Privileged second factor set to {organisation.privileged_factor}"
                if factor_changed
                else "Organisation settings changed"
            ),
            request=request,
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


def _require_manager(membership: Membership) -> None:
    if not can_manage_organisation(membership):
        raise NotPermitted(_("Only the DSL or an administrator can manage members and sites."))


def _lock_organisation(membership: Membership) -> Membership:
    """Lock the organisation row and return the actor's membership as it is now.

    The lock serialises changes to one organisation's members; reading the actor again
    refuses a change by someone whose own role was changed or removed meanwhile.
    """
    Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    current = (
        Membership.objects.active()
        .select_related("organisation", "user")
        .filter(pk=membership.pk)
        .first()
    )
    if current is None or current.role != membership.role:
        raise NotPermitted(_("Your own membership has changed: reload the page and try again."))
    return current


# --- Members ----------------------------------------------------------------------------


class MemberDetailsError(DomainError):
    """The details of a membership are not valid; ``problems`` pairs field names and messages.

    ``str(error)`` joins the messages, so a caller that does not look at fields can still
    show it as one message.
    """

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__(" ".join(message for _field, message in self.problems))


@dataclass(frozen=True)
class MemberTerms:
    """What a membership grants: role, job title, alerts and (inspectors only) the last day."""

    role: str
    job_title: str = ""
    receives_alerts: bool = False
    last_day: date | None = None

    @classmethod
    def of(cls, membership: Membership) -> MemberTerms:
        return cls(
            role=membership.role,
            job_title=membership.job_title,
            receives_alerts=membership.receives_alerts,
            last_day=last_day_of_access(membership.expires_at),
        )


def last_day_of_access(expires_at: datetime | None) -> date | None:
    """The last (local) day on which a membership that ends at ``expires_at`` still works."""
    if expires_at is None:
        return None
    return timezone.localdate(expires_at - timedelta(microseconds=1))


def expiry_for(last_day: date | None) -> datetime | None:
    """Access ends at midnight (Europe/London) at the end of ``last_day``."""
    if last_day is None:
        return None
    return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))


def member_terms_problems(
    terms: MemberTerms, *, current: MemberTerms | None = None
) -> list[tuple[str, str]]:
    """Every problem with ``terms`` as (field name, message) pairs; empty when they are fine.

    ``current`` is what a membership being changed grants now: an inspector's unchanged last
    day is not checked again, so a job title can still be corrected after it has passed.
    """
    problems: list[tuple[str, str]] = []
    if terms.role not in Role.values:
        problems.append(("role", _("Choose a role.")))
    if len(terms.job_title) > 120:
        problems.append(("job_title", _("Job title must be 120 characters or fewer.")))
    if terms.receives_alerts and terms.role not in SAFEGUARDING_LEAD_ROLES:
        problems.append(
            (
                "receives_alerts",
                _(
                    "Only a DSL or deputy DSL can receive new-concern alerts. Untick the box, "
                    "or choose one of those roles."
                ),
            )
        )
    today = timezone.localdate()
    latest = today + timedelta(days=MAX_INSPECTOR_ACCESS_DAYS)
    if terms.role == Role.INSPECTOR:
        if terms.last_day is None:
            problems.append(("last_day", _("Enter the last day of the inspector's access.")))
        elif terms.last_day < today:
            problems.append(("last_day", _("The last day of access must be today or later.")))
        elif terms.last_day > latest:
            problems.append(
                (
                    "last_day",
                    _(
                        "An inspector's access can last at most %(days)d days: choose "
                        "%(latest)s or earlier."
                    )
                    % {
                        "days": MAX_INSPECTOR_ACCESS_DAYS,
                        "latest": dateformat.format(latest, "j F Y"),
                    },
                )
            )
    elif terms.last_day is not None:
        problems.append(
            (
                "last_day",
                _("Only inspectors' access ends on a set day. Leave the date blank for this role."),
            )
        )
    if (
        current is not None
        and terms.last_day is not None
        and (terms.role, terms.last_day) == (current.role, current.last_day)
    ):
        problems = [problem for problem in problems if problem[0] != "last_day"]
    return problems


def _require_lead_rights(actor: Membership, *roles: str) -> None:
    if not actor.can(Can.APPOINT_LEADS) and any(role in SAFEGUARDING_LEAD_ROLES for role in roles):
        raise NotPermitted(
            _(
                "Only the DSL can appoint, change or remove a DSL or deputy DSL. Ask your "
                "DSL to make this change."
            )
        )


def _is_active_dsl(membership: Membership) -> bool:
    return Membership.objects.active().filter(pk=membership.pk, role=Role.DSL).exists()


def add_member(
    membership: Membership,
    *,
    email: str,
    full_name: str,
    terms: MemberTerms,
    request: HttpRequest | None = None,
) -> Membership:
    """Give the person with ``email`` a membership of ``membership``'s organisation.

    DSL or administrator (``NotPermitted`` otherwise); only the DSL may add a DSL or deputy
    DSL. A person who already has a dueregard account (perhaps through another organisation)
    keeps it, name included; anyone else gets a new account with no usable password, which
    they set through "Forgotten your password?". Raises ``MemberDetailsError`` for a bad
    email or name, alerts for a role that cannot have them, a missing or out-of-range last
    day for an inspector, a last day for any other role, or a person who is already a member.
    """
    _require_manager(membership)
    email = email.strip().lower()
    full_name = full_name.strip()
    terms = MemberTerms(
        role=terms.role,
        job_title=terms.job_title.strip(),
        receives_alerts=terms.receives_alerts,
        last_day=terms.last_day,
    )
    _require_lead_rights(membership, terms.role)
    problems: list[tuple[str, str]] = []
    try:
        validate_email(email)
    except ValidationError:
        problems.append(("email", _("Enter an email address like name@example.org.")))
    if not full_name:
        problems.append(("full_name", _("Enter their full name.")))
    elif len(full_name) > 150:
        problems.append(("full_name", _("Full name must be 150 characters or fewer.")))
    problems += member_terms_problems(terms)
    if problems:
        raise MemberDetailsError(problems)
    with transaction.atomic():
        actor = _lock_organisation(membership)
        _require_lead_rights(actor, terms.role)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = _new_user(email, full_name, actor, request)
        member = Membership(
            user=user,
            organisation_id=actor.organisation_id,
            created_by=actor.user,
            role=terms.role,
            job_title=terms.job_title,
            receives_alerts=terms.receives_alerts,
            expires_at=expiry_for(terms.last_day),
        )
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError as exc:
            raise MemberDetailsError(
                [
                    (
                        "email",
                        _(
                            "This person is already a member of your organisation. Find them "
                            "in the list of members to change their role."
                        ),
                    )
                ]
            ) from exc
        record_by(
            actor,
            AuditAction.CREATE,
            obj=member,
            summary=f"Member added: {terms.role}",
            request=request,
        )
    return member


def _new_user(email: str, full_name: str, actor: Membership, request: HttpRequest | None) -> User:
    """A new account with no usable password: its owner sets one by resetting it."""
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=None, full_name=full_name)
    except IntegrityError:
        # The same address was added at the same moment (here or in another organisation).
        return User.objects.get(email__iexact=email)
    record_by(
        actor,
        AuditAction.CREATE,
        obj=user,
        summary="User account created",
        request=request,
    )
    return user


def change_member(
    membership: Membership,
    member: Membership,
    *,
    terms: MemberTerms,
    is_active: bool,
    request: HttpRequest | None = None,
) -> Membership:
    """Change ``member``'s role, job title, alerts, last day of access or whether it is active.

    DSL or administrator; only the DSL may change a DSL's or deputy DSL's membership or make
    anyone one (``NotPermitted``). Nobody may change their own role or deactivate themselves
    (``NotPermitted``), and the organisation must keep an active DSL (``DomainError``).
    The details are checked as ``add_member`` checks them (``MemberDetailsError``). Each kind
    of change writes its own audit event; nothing is written when nothing changed.
    """
    _require_manager(membership)
    if member.organisation_id != membership.organisation_id:
        raise NotPermitted(_("This person is not a member of your organisation."))
    terms = MemberTerms(
        role=terms.role,
        job_title=terms.job_title.strip(),
        receives_alerts=terms.receives_alerts,
        last_day=terms.last_day,
    )
    with transaction.atomic():
        actor = _lock_organisation(membership)
        locked = Membership.objects.select_for_update().get(pk=member.pk)
        _require_lead_rights(actor, locked.role, terms.role)
        was_active_dsl = _is_active_dsl(locked)
        if was_active_dsl and (terms.role != Role.DSL or not is_active):
            others = (
                Membership.objects.active()
                .filter(organisation_id=locked.organisation_id, role=Role.DSL)
                .exclude(pk=locked.pk)
            )
            if not others.exists():
                raise DomainError(
                    _(
                        "Your organisation must keep at least one active DSL. Appoint another "
                        "DSL before changing this one."
                    )
                )
        if locked.pk == actor.pk and (terms.role != locked.role or not is_active):
            raise NotPermitted(
                _(
                    "You cannot change your own role or deactivate yourself. Ask another "
                    "person who manages members."
                )
            )
        old_terms = MemberTerms.of(locked)
        problems = member_terms_problems(terms, current=old_terms)
        if problems:
            raise MemberDetailsError(problems)
        events = _member_changes(locked, old_terms, terms, is_active)
        if not events:
            return locked
        locked.role = terms.role
        locked.job_title = terms.job_title
        locked.receives_alerts = terms.receives_alerts
        if terms.last_day != old_terms.last_day:
            locked.expires_at = expiry_for(terms.last_day)
        locked.is_active = is_active
        locked.save(
            update_fields=[
                "role",
                "job_title",
                "receives_alerts",
                "expires_at",
                "is_active",
                "updated_at",
            ]
        )
        for summary in events:
            record_by(
                actor,
                AuditAction.CHANGE,
                obj=locked,
                summary=summary,
                request=request,
            )
    return locked


def _member_changes(
    member: Membership, old: MemberTerms, new: MemberTerms, is_active: bool
) -> list[str]:
    """One audit summary per kind of change, without personal data."""
    events: list[str] = []
    if new.role != old.role:
        events.append(f"Member role changed: {old.role} -> {new.role}")
    if is_active != member.is_active:
        events.append("Member reactivated" if is_active else "Member deactivated")
    details = [
        label
        for label, changed in (
            ("job title", new.job_title != old.job_title),
            (
                "alerts on" if new.receives_alerts else "alerts off",
                new.receives_alerts != old.receives_alerts,
            ),
            ("last day of access", new.last_day != old.last_day),
        )
        if changed
    ]
    if details:
        events.append("Member changed: " + ", ".join(details))
    return events


# --- Sites ------------------------------------------------------------------------------


class SiteNameError(DomainError):
    """The site name is missing, too long or already used in the organisation."""


def _clean_site_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise SiteNameError(_("Enter the site's name."))
    if len(name) > 200:
        raise SiteNameError(_("Site name must be 200 characters or fewer."))
    return name


def _duplicate_site() -> SiteNameError:
    return SiteNameError(_("Your organisation already has a site with this name."))


def add_site(membership: Membership, *, name: str, request: HttpRequest | None = None) -> Site:
    """Add a site to the organisation. DSL or administrator.

    Raises ``SiteNameError`` for a blank or over-long name, or one the organisation already
    uses (ignoring case and repeated spaces).
    """
    _require_manager(membership)
    name = _clean_site_name(name)
    with transaction.atomic():
        actor = _lock_organisation(membership)
        if Site.objects.filter(organisation_id=actor.organisation_id, name__iexact=name).exists():
            raise _duplicate_site()
        site = Site(organisation_id=actor.organisation_id, created_by=actor.user, name=name)
        try:
            with transaction.atomic():
                site.save()
        except IntegrityError as exc:
            raise _duplicate_site() from exc
        record_by(
            actor,
            AuditAction.CREATE,
            obj=site,
            summary="Site added",
            request=request,
        )
    return site


def rename_site(
    membership: Membership, site: Site, *, name: str, request: HttpRequest | None = None
) -> Site:
    """Rename one of the organisation's sites. DSL or administrator.

    Same name checks as ``add_site``; nothing is written when the name is unchanged.
    """
    _require_manager(membership)
    if site.organisation_id != membership.organisation_id:
        raise NotPermitted(_("This site is not one of your organisation's sites."))
    name = _clean_site_name(name)
    with transaction.atomic():
        actor = _lock_organisation(membership)
        locked = Site.objects.select_for_update().get(pk=site.pk)
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
        record_by(
            actor,
            AuditAction.CHANGE,
            obj=locked,
            summary="Site renamed",
            request=request,
        )
    return locked
