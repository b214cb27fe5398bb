"""Every change to the action plan.

Each function checks the permission (the register's editors keep the plan too), runs in one
transaction (locking the item, or the register while numbering a new item), writes the
change and an audit event (a code from ``actions.audit_codes``, ids and states as context).
Raises ``DomainError`` subclasses with messages fit to show on the form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.actions import audit_codes as codes
from dueregard.actions.models import ActionItem, ActionStatus, EvidenceFile, ProgressNote
from dueregard.audit.services import log
from dueregard.core.errors import DomainError, TransitionNotAllowed
from dueregard.core.uploads import inspect_upload, strip_metadata
from dueregard.organisations.models import Membership
from dueregard.risks.models import Risk
from dueregard.risks.services import ensure_register, lock_register, require_editor, require_member

#: The allowed-from table: which statuses an item may move to from each status.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    ActionStatus.OPEN: frozenset(
        {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED}
    ),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.DONE, ActionStatus.DROPPED}),
    ActionStatus.DONE: frozenset({ActionStatus.IN_PROGRESS}),
    ActionStatus.DROPPED: frozenset({ActionStatus.OPEN}),
}


def status_refusal(item: ActionItem, status: str) -> str:
    """Why ``item`` may not move to ``status`` ("" when it may)."""
    if status in ALLOWED_FROM[item.status]:
        return ""
    return (
        f"An item that is {ActionStatus(item.status).label.lower()} cannot be marked "
        f"{ActionStatus(status).label.lower()}."
    )


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


def add_action(membership: Membership, data: ActionData) -> ActionItem:
    require_editor(membership)
    _check_action(membership, data)
    with transaction.atomic():
        lock_register(ensure_register(membership.organisation))
        last = ActionItem.objects.filter(organisation=membership.organisation).aggregate(
            n=Max("number")
        )["n"]
        item: ActionItem = ActionItem.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            number=(last or 0) + 1,
            objective=data.objective,
            action=data.action,
            due_on=data.due_on,
        )
        item.owners.set(data.owners)
        item.risks.set(data.risks)
        log(
            membership,
            codes.ACTION_ITEM_ADDED,
            item,
            context={"number": item.number, "risks": len(data.risks)},
        )
    return item


def update_action(membership: Membership, item: ActionItem, data: ActionData) -> ActionItem:
    require_editor(membership)
    _check_action(membership, data)
    with transaction.atomic():
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        item.objective, item.action, item.due_on = data.objective, data.action, data.due_on
        item.save()
        item.owners.set(data.owners)
        item.risks.set(data.risks)
        log(
            membership,
            codes.ACTION_ITEM_CHANGED,
            item,
            context={"owners": len(data.owners), "risks": len(data.risks)},
        )
    return item


def action_from_risk(
    membership: Membership, risk: Risk, *, due_on: date | None = None
) -> ActionItem:
    """Turn a risk's further actions into an action-plan item linked to it, in one step.

    The owner is the risk's owner, else whoever makes it; due in 90 days unless given.
    """
    require_editor(membership)
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
    return add_action(membership, data)


def set_action_status(membership: Membership, item: ActionItem, status: str) -> ActionItem:
    require_editor(membership)
    if status not in ActionStatus.values:
        raise DomainError("Choose a status.")
    with transaction.atomic():
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        refusal = status_refusal(item, status)
        if refusal:
            raise TransitionNotAllowed(refusal)
        old = item.status
        item.status = status
        item.completed_on = timezone.localdate() if status == ActionStatus.DONE else None
        item.save(update_fields=["status", "completed_on", "updated_at"])
        log(membership, codes.ACTION_ITEM_STATUS_CHANGED, item, context={"from": old, "to": status})
    return item


def add_progress_note(
    membership: Membership, item: ActionItem, *, noted_on: date, body: str
) -> ProgressNote:
    require_editor(membership)
    if noted_on > timezone.localdate():
        raise DomainError("The date of the progress cannot be in the future.")
    if not body.strip():
        raise DomainError("Describe the progress.")
    with transaction.atomic():
        item = ActionItem.objects.select_for_update().get(pk=item.pk)
        note: ProgressNote = ProgressNote.objects.create(
            organisation=item.organisation,
            created_by=membership.user,
            item=item,
            noted_on=noted_on,
            body=body,
        )
        log(
            membership,
            codes.ACTION_ITEM_PROGRESS_NOTED,
            item,
            context={"note": str(note.public_id), "noted_on": noted_on.isoformat()},
        )
    return note


def add_evidence(membership: Membership, item: ActionItem, upload: UploadedFile) -> EvidenceFile:
    """Check the file by content, strip image metadata, encrypt it, keep a random name."""
    require_editor(membership)
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
            log(
                membership,
                codes.ACTION_ITEM_EVIDENCE_ADDED,
                item,
                context={
                    "evidence": str(evidence.public_id),
                    "content_type": evidence.content_type,
                    "size": evidence.size,
                },
            )
        except Exception:
            evidence.file.delete(save=False)
            raise
    return evidence


def read_evidence(evidence: EvidenceFile) -> bytes:
    data: bytes = evidence.file.unseal()
    return data
