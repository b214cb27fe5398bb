"""Members of an organisation: adding people, changing their role, job title, alerts,
last day of access or whether their membership is active.

Managed by the DSL and administrators (``services.can_manage_organisation``). Safeguarding
leads (DSL and deputy DSL) are appointed, changed and removed by the DSL only. Nobody
changes their own role or deactivates themselves, and an organisation always keeps at
least one active DSL. Each change locks the organisation row (``services.lock_organisation``)
and writes an audit event (a code from ``organisations.audit_codes``) naming what changed,
never who.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from dueregard.accounts.models import User
from dueregard.audit.codes import AuditCode
from dueregard.audit.services import Context, log
from dueregard.core.errors import DomainError, FieldErrors, NotPermitted
from dueregard.organisations import audit_codes as codes
from dueregard.organisations.models import Membership, Role
from dueregard.organisations.permissions import (
    SAFEGUARDING_LEAD_ROLES,
    TIME_LIMITED_ROLES,
    Can,
    role_can,
    roles_with,
)
from dueregard.organisations.services import lock_organisation, require_manager

#: The longest an inspector's access may run, counted from today.
MAX_INSPECTOR_ACCESS_DAYS = 90


class MemberDetailsError(FieldErrors):
    """The details of a membership are not valid (each problem on its field)."""


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
    if terms.role in TIME_LIMITED_ROLES:
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
    """Whether ``membership`` is an active DSL: a member whose role may appoint leads."""
    return (
        Membership.objects.active()
        .filter(pk=membership.pk, role__in=roles_with(Can.APPOINT_LEADS))
        .exists()
    )


def add_member(
    membership: Membership,
    *,
    email: str,
    full_name: str,
    terms: MemberTerms,
) -> Membership:
    """Give the person with ``email`` a membership of ``membership``'s organisation.

    DSL or administrator (``NotPermitted`` otherwise); only the DSL may add a DSL or deputy
    DSL. A person who already has a dueregard account (perhaps through another organisation)
    keeps it, name included; anyone else gets a new account with no usable password, which
    they set through "Forgotten your password?". Raises ``MemberDetailsError`` for a bad
    email or name, alerts for a role that cannot have them, a missing or out-of-range last
    day for an inspector, a last day for any other role, or a person who is already a member.
    """
    require_manager(membership)
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
        actor = lock_organisation(membership)
        _require_lead_rights(actor, terms.role)
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = _new_user(email, full_name, actor)
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
        log(
            actor,
            codes.MEMBER_ADDED,
            member,
            context={
                "role": terms.role,
                "new_account": created,
                "receives_alerts": terms.receives_alerts,
            },
        )
    return member


def _new_user(email: str, full_name: str, actor: Membership) -> User:
    """A new account with no usable password: its owner sets one by resetting it."""
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=None, full_name=full_name)
    except IntegrityError:
        # The same address was added at the same moment (here or in another organisation).
        existing: User = User.objects.get(email__iexact=email)
        return existing
    log(actor, codes.ACCOUNT_CREATED, user)
    return user


def change_member(
    membership: Membership,
    member: Membership,
    *,
    terms: MemberTerms,
    is_active: bool,
) -> Membership:
    """Change ``member``'s role, job title, alerts, last day of access or whether it is active.

    DSL or administrator; only the DSL may change a DSL's or deputy DSL's membership or make
    anyone one (``NotPermitted``). Nobody may change their own role or deactivate themselves
    (``NotPermitted``), and the organisation must keep an active DSL (``DomainError``).
    The details are checked as ``add_member`` checks them (``MemberDetailsError``). Each kind
    of change writes its own audit event; nothing is written when nothing changed.
    """
    require_manager(membership)
    if member.organisation_id != membership.organisation_id:
        raise NotPermitted(_("This person is not a member of your organisation."))
    terms = MemberTerms(
        role=terms.role,
        job_title=terms.job_title.strip(),
        receives_alerts=terms.receives_alerts,
        last_day=terms.last_day,
    )
    with transaction.atomic():
        actor = lock_organisation(membership)
        locked: Membership = Membership.objects.select_for_update().get(pk=member.pk)
        _require_lead_rights(actor, locked.role, terms.role)
        was_active_dsl = _is_active_dsl(locked)
        if was_active_dsl and (not role_can(terms.role, Can.APPOINT_LEADS) or not is_active):
            others = (
                Membership.objects.active()
                .filter(
                    organisation_id=locked.organisation_id,
                    role__in=roles_with(Can.APPOINT_LEADS),
                )
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
        for code, context in events:
            log(actor, code, locked, context=context)
    return locked


def _member_changes(
    member: Membership, old: MemberTerms, new: MemberTerms, is_active: bool
) -> list[tuple[AuditCode, Context]]:
    """One audit event (code and context) per kind of change, without personal data."""
    events: list[tuple[AuditCode, Context]] = []
    if new.role != old.role:
        events.append((codes.MEMBER_ROLE_CHANGED, {"from": old.role, "to": new.role}))
    if is_active != member.is_active:
        events.append((codes.MEMBER_REACTIVATED if is_active else codes.MEMBER_DEACTIVATED, {}))
    details: dict[str, bool] = {}
    if new.job_title != old.job_title:
        details["job_title"] = True
    if new.receives_alerts != old.receives_alerts:
        details["receives_alerts"] = new.receives_alerts
    if new.last_day != old.last_day:
        details["last_day"] = True
    if details:
        events.append((codes.MEMBER_CHANGED, details))
    return events
