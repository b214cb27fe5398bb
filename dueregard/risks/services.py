"""Every change to the risk register and the action plan.

Each function checks the role, runs in one transaction (locking the register or item row),
writes the change and an audit event whose summary names what happened, never to whom.
Raises ``DomainError`` subclasses with messages fit to show on the form.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.audit.models import AuditAction
from dueregard.audit.services import record, record_by
from dueregard.concerns.models import Concern
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.core.uploads import inspect_upload, strip_metadata
from dueregard.organisations.models import Membership, Organisation
from dueregard.organisations.permissions import Can, roles_with
from dueregard.risks.models import (
    BAND_ORDER,
    DEFAULT_THEMES,
    LEVELS,
    ActionItem,
    ActionStatus,
    Band,
    BandCell,
    EvidenceFile,
    GuidanceChange,
    ProgressNote,
    Register,
    RegisterVersion,
    Risk,
    RiskScoreChange,
    RiskStatus,
    Theme,
    can_edit,
    default_band,
)

Grid = dict[tuple[int, int], str]


def _require_editor(membership: Membership) -> None:
    if not can_edit(membership):
        raise NotPermitted("Only the DSL or a deputy DSL can change the register or action plan.")


def _audit(
    membership: Membership,
    obj: Any,
    summary: str,
    request: HttpRequest | None,
    action: str = AuditAction.CHANGE,
) -> None:
    record_by(membership, action, obj=obj, summary=summary, request=request)


def _check_dates(earlier: date | None, later: date | None, message: str) -> None:
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


# --- The register -----------------------------------------------------------------------


def ensure_register(organisation: Organisation) -> Register:
    """The organisation's register, set up with the default themes the first time."""
    register = Register.objects.filter(organisation=organisation).first()
    if register is not None:
        return register
    with transaction.atomic():
        register, created = Register.objects.get_or_create(organisation=organisation)
        if created:
            for position, name in enumerate(DEFAULT_THEMES, start=1):
                Theme.objects.get_or_create(
                    organisation=organisation, name=str(name), defaults={"position": position}
                )
            record(
                action=AuditAction.CREATE,
                actor=None,
                organisation=organisation,
                obj=register,
                summary="Risk register set up with the default themes",
            )
    return register


def _lock_register(register: Register) -> Register:
    return Register.objects.select_for_update().get(pk=register.pk)


def update_register_details(
    membership: Membership,
    register: Register,
    *,
    completed_by: User | None,
    competence_held: str,
    assessed_on: date | None,
    next_review_on: date | None,
    request: HttpRequest | None = None,
) -> Register:
    _require_editor(membership)
    require_member(membership.organisation_id, completed_by, "Whoever completed it")
    _check_dates(assessed_on, next_review_on, "The next review must be after the assessment date.")
    with transaction.atomic():
        register = _lock_register(register)
        register.completed_by = completed_by
        register.competence_held = competence_held
        register.assessed_on = assessed_on
        register.next_review_on = next_review_on
        register.save()
        _audit(membership, register, "Risk register details changed", request)
    return register


def grid_for(organisation_id: int) -> Grid:
    """Every cell (likelihood, severity) -> band: the organisation's own, else the default."""
    grid = {(lk, sv): default_band(lk * sv) for lk in LEVELS for sv in LEVELS}
    for cell in BandCell.objects.filter(organisation_id=organisation_id):
        grid[(cell.likelihood, cell.severity)] = cell.band
    return grid


def save_grid(
    membership: Membership, cells: dict[tuple[int, int], str], *, request: HttpRequest | None = None
) -> None:
    """Replace the organisation's grid. Every one of the 25 cells must have a band."""
    _require_editor(membership)
    missing = [
        f"likelihood {lk}, severity {sv}"
        for lk in LEVELS
        for sv in LEVELS
        if cells.get((lk, sv)) not in Band.values
    ]
    if missing:
        raise DomainError("Choose a band for every score: " + "; ".join(missing) + ".")
    with transaction.atomic():
        _lock_register(ensure_register(membership.organisation))
        for (lk, sv), band in cells.items():
            BandCell.objects.update_or_create(
                organisation=membership.organisation,
                likelihood=lk,
                severity=sv,
                defaults={"band": band},
            )
        record_by(
            membership,
            AuditAction.CHANGE,
            object_type="risk_grid",
            summary="Risk scoring grid changed",
            request=request,
        )


def save_theme(
    membership: Membership,
    theme: Theme | None,
    *,
    name: str,
    position: int,
    is_active: bool = True,
    request: HttpRequest | None = None,
) -> Theme:
    """Add a theme (``theme`` None) or rename, reorder or retire one."""
    _require_editor(membership)
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
            _audit(membership, theme, "Risk theme added", request, AuditAction.CREATE)
        else:
            theme = Theme.objects.select_for_update().get(pk=theme.pk)
            if not is_active and Risk.objects.filter(theme=theme, status=RiskStatus.OPEN).exists():
                raise DomainError("Move or close this theme's open risks before retiring it.")
            theme.name, theme.position, theme.is_active = name, position, is_active
            theme.save()
            _audit(membership, theme, "Risk theme changed", request)
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
    _check_dates(
        data.last_reviewed_on,
        data.next_review_on,
        "The next review must be after the last review.",
    )


def add_risk(
    membership: Membership,
    data: RiskData,
    *,
    request: HttpRequest | None = None,
) -> Risk:
    _require_editor(membership)
    _check_risk(membership, data)
    with transaction.atomic():
        register = _lock_register(ensure_register(membership.organisation))
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
        _audit(membership, risk, "Risk added to the register", request, AuditAction.CREATE)
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


def update_risk(
    membership: Membership,
    risk: Risk,
    data: RiskData,
    *,
    note: str = "",
    request: HttpRequest | None = None,
) -> Risk:
    """Change a risk; a change of likelihood or severity is kept in its score history."""
    _require_editor(membership)
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
            _audit(membership, risk, "Risk changed and rescored", request)
        else:
            _audit(membership, risk, "Risk changed", request)
    return risk


def set_risk_status(
    membership: Membership, risk: Risk, status: str, *, request: HttpRequest | None = None
) -> Risk:
    """Close an open risk or reopen a closed one (history is kept either way)."""
    _require_editor(membership)
    if status not in RiskStatus.values:
        raise DomainError("Choose open or closed.")
    with transaction.atomic():
        risk = Risk.objects.select_for_update().get(pk=risk.pk)
        if risk.status == status:
            raise TransitionNotAllowed(f"This risk is already {RiskStatus(status).label.lower()}.")
        risk.status = status
        risk.closed_at = timezone.now() if status == RiskStatus.CLOSED else None
        risk.save(update_fields=["status", "closed_at", "updated_at"])
        summary = "Risk closed" if status == RiskStatus.CLOSED else "Risk reopened"
        _audit(membership, risk, summary, request)
    return risk


def record_guidance_change(
    membership: Membership,
    *,
    changed_on: date,
    description: str,
    request: HttpRequest | None = None,
) -> GuidanceChange:
    """A DSL records that law or guidance changed; the register is flagged for review."""
    _require_editor(membership)
    if changed_on > timezone.localdate():
        raise DomainError("The date of the change cannot be in the future.")
    with transaction.atomic():
        change = GuidanceChange.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            changed_on=changed_on,
            description=description,
        )
        _audit(membership, change, "Change in law or guidance recorded", request, "create")
    return change


# --- Rows, versions and movement ---------------------------------------------------------


def risk_row(risk: Risk, grid: Grid) -> dict[str, Any]:
    """A risk as a plain dict: what a version freezes and what pages and exports show."""
    return {
        "id": str(risk.public_id),
        "ref": risk.reference,
        "number": risk.number,
        "theme": risk.theme.name,
        "theme_position": risk.theme.position,
        "intended_outcome": risk.intended_outcome,
        "description": risk.description,
        "actions_taken": risk.actions_taken,
        "owner": risk.owner.full_name if risk.owner else "",
        "owner_role": risk.owner_role,
        "further_actions": risk.further_actions,
        "evidence": risk.evidence,
        "likelihood": risk.likelihood,
        "severity": risk.severity,
        "score": risk.score,
        "band": grid[(risk.likelihood, risk.severity)],
        "last_reviewed_on": risk.last_reviewed_on.isoformat() if risk.last_reviewed_on else "",
        "next_review_on": risk.next_review_on.isoformat() if risk.next_review_on else "",
    }


def working_rows(register: Register) -> list[dict[str, Any]]:
    """The open risks of the working copy, as rows, in theme then number order."""
    grid = grid_for(register.organisation_id)
    risks = (
        Risk.objects.filter(register=register, status=RiskStatus.OPEN)
        .select_related("theme", "owner")
        .order_by("theme__position", "theme__name", "number")
    )
    return [risk_row(risk, grid) for risk in risks]


def publish_version(
    membership: Membership,
    register: Register,
    *,
    summary: str,
    request: HttpRequest | None = None,
) -> RegisterVersion:
    """Freeze the working copy as the next version. The working copy stays editable."""
    _require_editor(membership)
    if not summary.strip():
        raise DomainError("Say what changed in this version.")
    with transaction.atomic():
        register = _lock_register(register)
        rows = working_rows(register)
        if not rows:
            raise DomainError("The register has no open risks to publish.")
        last = register.versions.aggregate(n=Max("number"))["n"] or 0
        version = RegisterVersion.objects.create(
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
        _audit(membership, version, f"Risk register version {version.number} published", request)
    return version


def last_version(register: Register) -> RegisterVersion | None:
    return register.versions.order_by("-number").first()


MOVEMENTS = ("up", "down", "new", "closed", "unchanged")


@dataclass
class Movement:
    kind: str  # one of MOVEMENTS
    ref: str
    theme: str
    description: str
    old_score: int | None
    new_score: int | None
    old_band: str = ""
    new_band: str = ""


def compare(before: Sequence[dict[str, Any]], after: Sequence[dict[str, Any]]) -> list[Movement]:
    """Per risk: up, down, new, closed or unchanged between two sets of rows."""
    old = {row["id"]: row for row in before}
    new = {row["id"]: row for row in after}
    moves = []
    for key in [*new, *(k for k in old if k not in new)]:
        a, b = old.get(key), new.get(key)
        current = b or a
        assert current is not None
        if a is None:
            kind = "new"
        elif b is None:
            kind = "closed"
        elif b["score"] > a["score"]:
            kind = "up"
        elif b["score"] < a["score"]:
            kind = "down"
        else:
            kind = "unchanged"
        moves.append(
            Movement(
                kind=kind,
                ref=current["ref"],
                theme=current["theme"],
                description=current["description"],
                old_score=a["score"] if a else None,
                new_score=b["score"] if b else None,
                old_band=a["band"] if a else "",
                new_band=b["band"] if b else "",
            )
        )
    order = {k: i for i, k in enumerate(MOVEMENTS)}
    moves.sort(key=lambda m: (order[m.kind], m.theme, m.ref))
    return moves


def movement_counts(moves: Iterable[Movement]) -> dict[str, int]:
    counts = dict.fromkeys(MOVEMENTS, 0)
    for move in moves:
        counts[move.kind] += 1
    return counts


@dataclass
class ThemeGroup:
    name: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def highest(self) -> dict[str, Any] | None:
        return max(self.rows, key=lambda r: (r["score"], BAND_ORDER[r["band"]]), default=None)


def group_by_theme(rows: Iterable[dict[str, Any]], themes: Iterable[str] = ()) -> list[ThemeGroup]:
    """Rows grouped by theme, in row order; ``themes`` adds empty groups for unused ones."""
    groups: dict[str, ThemeGroup] = {name: ThemeGroup(name) for name in themes}
    for row in rows:
        groups.setdefault(row["theme"], ThemeGroup(row["theme"])).rows.append(row)
    return list(groups.values())


def heatmap(rows: Iterable[dict[str, Any]], grid: Grid) -> list[dict[str, Any]]:
    """Severity rows (5 down to 1) of likelihood cells (1 to 5) with counts and bands."""
    counts: dict[tuple[int, int], int] = {}
    for row in rows:
        key = (row["likelihood"], row["severity"])
        counts[key] = counts.get(key, 0) + 1
    return [
        {
            "severity": sv,
            "cells": [
                {
                    "likelihood": lk,
                    "severity": sv,
                    "score": lk * sv,
                    "band": grid[(lk, sv)],
                    "count": counts.get((lk, sv), 0),
                }
                for lk in LEVELS
            ],
        }
        for sv in reversed(LEVELS)
    ]


def review_flags(register: Register, today: date | None = None) -> list[str]:
    """Why the register needs a review now (empty when it does not).

    Since the last published version: a concern was raised, or a DSL recorded a change in
    law or guidance; or the review date has passed; or it was never published.
    """
    today = today or timezone.localdate()
    flags = []
    latest = last_version(register)
    if latest is None:
        flags.append("The register has not been published yet.")
        since = register.created_at
    else:
        since = latest.published_at
    if Concern.objects.filter(
        organisation_id=register.organisation_id, created_at__gt=since
    ).exists():
        flags.append("A concern has been raised since the last review.")
    next_review = register.next_review_on or (latest.next_review_on if latest else None)
    if next_review and next_review < today:
        flags.append(f"The review date ({next_review:%d %B %Y}) has passed.")
    for change in GuidanceChange.objects.filter(
        organisation_id=register.organisation_id, created_at__gt=since
    ).order_by("changed_on"):
        flags.append(
            f"Law or guidance changed on {change.changed_on:%d %B %Y}: {str(change).rstrip('.')}."
        )
    return flags


# --- The action plan ---------------------------------------------------------------------

#: The allowed-from table: which statuses an item may move to from each status.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    ActionStatus.OPEN: frozenset(
        {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED}
    ),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.DONE, ActionStatus.DROPPED}),
    ActionStatus.DONE: frozenset({ActionStatus.IN_PROGRESS}),
    ActionStatus.DROPPED: frozenset({ActionStatus.OPEN}),
}


@dataclass
class ActionData:
    objective: str
    action: str
    owners: Sequence[User]
    due_on: date
    risks: Sequence[Risk] = ()


def _check_action(membership: Membership, data: ActionData) -> None:
    if not data.owners:
        raise DomainError("Choose at least one owner.")
    for owner in data.owners:
        require_member(membership.organisation_id, owner, "Every owner")
    for risk in data.risks:
        if risk.organisation_id != membership.organisation_id:
            raise DomainError("Link only your organisation's risks.")


def add_action(
    membership: Membership, data: ActionData, *, request: HttpRequest | None = None
) -> ActionItem:
    _require_editor(membership)
    _check_action(membership, data)
    with transaction.atomic():
        _lock_register(ensure_register(membership.organisation))
        last = ActionItem.objects.filter(organisation=membership.organisation).aggregate(
            n=Max("number")
        )["n"]
        item = ActionItem.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            number=(last or 0) + 1,
            objective=data.objective,
            action=data.action,
            due_on=data.due_on,
        )
        item.owners.set(data.owners)
        item.risks.set(data.risks)
        _audit(membership, item, "Action-plan item added", request, AuditAction.CREATE)
    return item


def update_action(
    membership: Membership,
    item: ActionItem,
    data: ActionData,
    *,
    request: HttpRequest | None = None,
) -> ActionItem:
    _require_editor(membership)
    _check_action(membership, data)
    with transaction.atomic():
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        item.objective, item.action, item.due_on = data.objective, data.action, data.due_on
        item.save()
        item.owners.set(data.owners)
        item.risks.set(data.risks)
        _audit(membership, item, "Action-plan item changed", request)
    return item


def action_from_risk(
    membership: Membership,
    risk: Risk,
    *,
    due_on: date | None = None,
    request: HttpRequest | None = None,
) -> ActionItem:
    """Turn a risk's further actions into an action-plan item linked to it, in one step.

    The owner is the risk's owner, else whoever makes it; due in 90 days unless given.
    """
    _require_editor(membership)
    if not risk.further_actions.strip():
        raise DomainError("This risk has no further actions to turn into an action.")
    owner = risk.owner or membership.user
    if (
        not Membership.objects.active()
        .filter(organisation_id=membership.organisation_id, user=owner)
        .exists()
    ):
        owner = membership.user
    data = ActionData(
        objective=risk.intended_outcome,
        action=risk.further_actions,
        owners=[owner],
        due_on=due_on or timezone.localdate() + timedelta(days=90),
        risks=[risk],
    )
    return add_action(membership, data, request=request)


def set_action_status(
    membership: Membership, item: ActionItem, status: str, *, request: HttpRequest | None = None
) -> ActionItem:
    _require_editor(membership)
    if status not in ActionStatus.values:
        raise DomainError("Choose a status.")
    with transaction.atomic():
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        if status not in ALLOWED_FROM[item.status]:
            raise TransitionNotAllowed(
                f"An item that is {ActionStatus(item.status).label.lower()} cannot be marked "
                f"{ActionStatus(status).label.lower()}."
            )
        item.status = status
        item.completed_on = timezone.localdate() if status == ActionStatus.DONE else None
        item.save(update_fields=["status", "completed_on", "updated_at"])
        _audit(
            membership,
            item,
            f"Action-plan item marked {ActionStatus(status).label.lower()}",
            request,
        )
    return item


def add_progress_note(
    membership: Membership,
    item: ActionItem,
    *,
    noted_on: date,
    body: str,
    request: HttpRequest | None = None,
) -> ProgressNote:
    _require_editor(membership)
    if noted_on > timezone.localdate():
        raise DomainError("The date of the progress cannot be in the future.")
    if not body.strip():
        raise DomainError("Describe the progress.")
    with transaction.atomic():
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        note = ProgressNote.objects.create(
            organisation=item.organisation,
            created_by=membership.user,
            item=item,
            noted_on=noted_on,
            body=body,
        )
        _audit(membership, item, "Progress noted on an action-plan item", request)
    return note


def add_evidence(
    membership: Membership,
    item: ActionItem,
    upload: UploadedFile,
    *,
    request: HttpRequest | None = None,
) -> EvidenceFile:
    """Check the file by content, strip image metadata, encrypt it, keep a random name."""
    _require_editor(membership)
    checked = inspect_upload(upload, max_bytes=settings.MAX_ATTACHMENT_BYTES)
    data = strip_metadata(checked)
    with transaction.atomic():
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        evidence = EvidenceFile(
            organisation=item.organisation,
            created_by=membership.user,
            item=item,
            original_name=PurePath(upload.name or "file").name[:200],
            content_type=checked.kind.content_type,
            size=len(data),
        )
        evidence.file.seal(data, checked.suffix)
        try:
            evidence.save()
            _audit(membership, item, "Evidence added to an action-plan item", request)
        except Exception:
            evidence.file.delete(save=False)
            raise
    return evidence


def read_evidence(evidence: EvidenceFile) -> bytes:
    return evidence.file.unseal()


def editors_of(organisation_id: int) -> Any:
    return Membership.objects.active().filter(
        organisation_id=organisation_id, role__in=roles_with(Can.EDIT_RISKS)
    )
