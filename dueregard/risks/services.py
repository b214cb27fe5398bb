"""Every change to the risk register.

Each function checks the permission, runs in one transaction (locking the register or the
row), writes the change and an audit event (a code from ``risks.audit_codes`` with ids and
scores as context, never text). Raises ``DomainError`` subclasses with messages fit to show
on the form. What the register reads (rows, movement, the heatmap, review flags) is in
``risks.queries``; the action plan that answers it is in ``actions``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.audit.services import log, record
from dueregard.core.errors import DomainError, TransitionNotAllowed
from dueregard.organisations.models import Membership, Organisation
from dueregard.organisations.permissions import Can, require, roles_with
from dueregard.risks import audit_codes as codes
from dueregard.risks.models import (
    DEFAULT_THEMES,
    LEVELS,
    Band,
    BandCell,
    GuidanceChange,
    Register,
    RegisterVersion,
    Risk,
    RiskScoreChange,
    RiskStatus,
    Theme,
)
from dueregard.risks.queries import working_rows
from dueregard.risks.signals import guidance_changed

#: Why a member who may only read is refused a change.
EDITORS_ONLY = "Only the DSL or a deputy DSL can change the register or action plan."


def require_editor(membership: Membership) -> None:
    """Refuse (``NotPermitted``) a member who may not keep the register and action plan."""
    require(membership, Can.EDIT_RISKS, EDITORS_ONLY)


def check_dates(earlier: date | None, later: date | None, message: str) -> None:
    if earlier and later and later < earlier:
        raise DomainError(message)


def _check_level(value: int, what: str) -> None:
    if value not in LEVELS:
        raise DomainError(f"Choose a {what} from 1 to 5.")


def require_member(organisation_id: int, user: User | None, what: str = "The owner") -> None:
    """Refuse a user who is not an active member of the organisation."""
    if user is None:
        return
    if not (
        Membership.objects.active().filter(organisation_id=organisation_id, user=user).exists()
    ):
        raise DomainError(f"{what} must be a member of your organisation.")


def editors_of(organisation_id: int) -> QuerySet[Membership]:
    """The organisation's active members who keep the register and the action plan."""
    return Membership.objects.active().filter(
        organisation_id=organisation_id, role__in=roles_with(Can.EDIT_RISKS)
    )


# --- The register -----------------------------------------------------------------------


def ensure_register(organisation: Organisation) -> Register:
    """The organisation's register, set up with the default themes the first time."""
    found: Register | None = Register.objects.filter(organisation=organisation).first()
    if found is not None:
        return found
    register: Register
    with transaction.atomic():
        register, created = Register.objects.get_or_create(organisation=organisation)
        if created:
            for position, name in enumerate(DEFAULT_THEMES, start=1):
                Theme.objects.get_or_create(
                    organisation=organisation, name=str(name), defaults={"position": position}
                )
            record(
                code=codes.RISK_REGISTER_SET_UP,
                actor=None,
                organisation=organisation,
                obj=register,
                context={"themes": len(DEFAULT_THEMES)},
            )
    return register


def lock_register(register: Register) -> Register:
    """The register's row, locked: changes that number rows take it first."""
    locked: Register = Register.objects.select_for_update().get(pk=register.pk)
    return locked


def update_register_details(
    membership: Membership,
    register: Register,
    *,
    completed_by: User | None,
    competence_held: str,
    assessed_on: date | None,
    next_review_on: date | None,
) -> Register:
    require_editor(membership)
    require_member(membership.organisation_id, completed_by, "Whoever completed it")
    check_dates(assessed_on, next_review_on, "The next review must be after the assessment date.")
    with transaction.atomic():
        register = lock_register(register)
        register.completed_by = completed_by
        register.competence_held = competence_held
        register.assessed_on = assessed_on
        register.next_review_on = next_review_on
        register.save()
        log(membership, codes.RISK_REGISTER_DETAILS_CHANGED, register)
    return register


def save_grid(membership: Membership, cells: dict[tuple[int, int], str]) -> None:
    """Replace the organisation's grid. Every one of the 25 cells must have a band."""
    require_editor(membership)
    missing = [
        f"likelihood {lk}, severity {sv}"
        for lk in LEVELS
        for sv in LEVELS
        if cells.get((lk, sv)) not in Band.values
    ]
    if missing:
        raise DomainError("Choose a band for every score: " + "; ".join(missing) + ".")
    with transaction.atomic():
        lock_register(ensure_register(membership.organisation))
        for (lk, sv), band in cells.items():
            BandCell.objects.update_or_create(
                organisation=membership.organisation,
                likelihood=lk,
                severity=sv,
                defaults={"band": band},
            )
        counts = {band: list(cells.values()).count(band) for band in Band.values}
        log(membership, codes.RISK_GRID_CHANGED, object_type="risk_grid", context=counts)


def save_theme(
    membership: Membership,
    theme: Theme | None,
    *,
    name: str,
    position: int,
    is_active: bool = True,
) -> Theme:
    """Add a theme (``theme`` None) or rename, reorder or retire one."""
    require_editor(membership)
    name = name.strip()
    if not name:
        raise DomainError("Enter the theme's name.")
    clash = Theme.objects.filter(organisation_id=membership.organisation_id, name__iexact=name)
    if theme is not None:
        clash = clash.exclude(pk=theme.pk)
    if clash.exists():
        raise DomainError("There is already a theme with that name.")
    with transaction.atomic():
        if theme is None:
            theme = Theme.objects.create(
                organisation=membership.organisation,
                created_by=membership.user,
                name=name,
                position=position,
            )
            log(membership, codes.RISK_THEME_ADDED, theme, context={"position": position})
        else:
            theme = Theme.objects.select_for_update().get(pk=theme.pk)
            if not is_active and Risk.objects.filter(theme=theme, status=RiskStatus.OPEN).exists():
                raise DomainError("Move or close this theme's open risks before retiring it.")
            theme.name, theme.position, theme.is_active = name, position, is_active
            theme.save()
            log(
                membership,
                codes.RISK_THEME_CHANGED,
                theme,
                context={"position": position, "in_use": is_active},
            )
    return theme


@dataclass
class RiskData:
    theme: Theme
    intended_outcome: str
    description: str
    likelihood: int
    severity: int
    actions_taken: str = ""
    owner: User | None = None
    owner_role: str = ""
    further_actions: str = ""
    evidence: str = ""
    last_reviewed_on: date | None = None
    next_review_on: date | None = None


def _check_risk(membership: Membership, data: RiskData) -> None:
    _check_level(data.likelihood, "likelihood")
    _check_level(data.severity, "severity")
    if data.theme.organisation_id != membership.organisation_id:
        raise DomainError("Choose one of your organisation's themes.")
    require_member(membership.organisation_id, data.owner)
    check_dates(
        data.last_reviewed_on,
        data.next_review_on,
        "The next review must be after the last review.",
    )


def add_risk(membership: Membership, data: RiskData) -> Risk:
    require_editor(membership)
    _check_risk(membership, data)
    with transaction.atomic():
        register = lock_register(ensure_register(membership.organisation))
        last = Risk.objects.filter(register=register).aggregate(n=Max("number"))["n"] or 0
        risk = Risk(
            organisation=membership.organisation,
            created_by=membership.user,
            register=register,
            number=last + 1,
        )
        _apply(risk, data)
        risk.save()
        RiskScoreChange.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            risk=risk,
            new_likelihood=risk.likelihood,
            new_severity=risk.severity,
            note="First scored",
        )
        log(
            membership, codes.RISK_ADDED, risk, context={"number": risk.number, "score": risk.score}
        )
    return risk


def _apply(risk: Risk, data: RiskData) -> None:
    for name in (
        "theme",
        "intended_outcome",
        "description",
        "likelihood",
        "severity",
        "actions_taken",
        "owner",
        "owner_role",
        "further_actions",
        "evidence",
        "last_reviewed_on",
        "next_review_on",
    ):
        setattr(risk, name, getattr(data, name))


def update_risk(membership: Membership, risk: Risk, data: RiskData, *, note: str = "") -> Risk:
    """Change a risk; a change of likelihood or severity is kept in its score history."""
    require_editor(membership)
    _check_risk(membership, data)
    with transaction.atomic():
        risk = Risk.objects.select_for_update().get(pk=risk.pk)
        if not risk.is_open:
            raise TransitionNotAllowed("This risk is closed: reopen it to change it.")
        old = (risk.likelihood, risk.severity)
        _apply(risk, data)
        risk.save()
        if old != (risk.likelihood, risk.severity):
            RiskScoreChange.objects.create(
                organisation=risk.organisation,
                created_by=membership.user,
                risk=risk,
                old_likelihood=old[0],
                old_severity=old[1],
                new_likelihood=risk.likelihood,
                new_severity=risk.severity,
                note=note[:300],
            )
            log(
                membership,
                codes.RISK_RESCORED,
                risk,
                context={"old_score": old[0] * old[1], "new_score": risk.score},
            )
        else:
            log(membership, codes.RISK_CHANGED, risk, context={"score": risk.score})
    return risk


def set_risk_status(membership: Membership, risk: Risk, status: str) -> Risk:
    """Close an open risk or reopen a closed one (history is kept either way)."""
    require_editor(membership)
    if status not in RiskStatus.values:
        raise DomainError("Choose open or closed.")
    with transaction.atomic():
        risk = Risk.objects.select_for_update().get(pk=risk.pk)
        if risk.status == status:
            raise TransitionNotAllowed(f"This risk is already {RiskStatus(status).label.lower()}.")
        risk.status = status
        risk.closed_at = timezone.now() if status == RiskStatus.CLOSED else None
        risk.save(update_fields=["status", "closed_at", "updated_at"])
        code = codes.RISK_CLOSED if status == RiskStatus.CLOSED else codes.RISK_REOPENED
        log(membership, code, risk, context={"status": status})
    return risk


def record_guidance_change(
    membership: Membership, *, changed_on: date, description: str
) -> GuidanceChange:
    """A DSL records that law or guidance changed; the register is flagged for review, and
    (through ``signals.guidance_changed``) the Prevent policy and the policies linked to it."""
    require_editor(membership)
    if changed_on > timezone.localdate():
        raise DomainError("The date of the change cannot be in the future.")
    with transaction.atomic():
        change: GuidanceChange = GuidanceChange.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            changed_on=changed_on,
            description=description,
        )
        log(
            membership,
            codes.GUIDANCE_CHANGE_RECORDED,
            change,
            context={"changed_on": changed_on.isoformat()},
        )
        guidance_changed.send(sender=GuidanceChange, membership=membership, change=change)
    return change


def publish_version(membership: Membership, register: Register, *, summary: str) -> RegisterVersion:
    """Freeze the working copy as the next version. The working copy stays editable."""
    require_editor(membership)
    if not summary.strip():
        raise DomainError("Say what changed in this version.")
    with transaction.atomic():
        register = lock_register(register)
        rows = working_rows(register)
        if not rows:
            raise DomainError("The register has no open risks to publish.")
        last = register.versions.aggregate(n=Max("number"))["n"] or 0
        version: RegisterVersion = RegisterVersion.objects.create(
            organisation=register.organisation,
            created_by=membership.user,
            register=register,
            number=last + 1,
            completed_by_name=register.completed_by.full_name if register.completed_by else "",
            competence_held=register.competence_held,
            assessed_on=register.assessed_on,
            next_review_on=register.next_review_on,
            summary=summary.strip(),
            snapshot=json.dumps(rows),
        )
        log(
            membership,
            codes.RISK_REGISTER_PUBLISHED,
            version,
            context={"version": version.number, "risks": len(rows)},
        )
    return version
