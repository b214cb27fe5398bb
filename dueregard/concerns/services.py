"""Raising a concern. Triage (opening or linking a case) lives in ``cases.services``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dueregard.audit.services import log
from dueregard.concerns.audit_codes import CONCERN_RAISED
from dueregard.concerns.models import (
    Attachment,
    Concern,
    ConcernSubject,
    ConcernType,
    Indicator,
    PendingUpload,
    SafeguardingCategory,
)
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.core.uploads import inspect_upload, strip_metadata
from dueregard.notifications.services import alert_safeguarding_team
from dueregard.organisations.models import Membership, Site
from dueregard.organisations.permissions import Can
from dueregard.organisations.services import next_reference
from dueregard.people.models import Person


@dataclass
class NewConcern:
    immediate_danger: bool
    observed_at: datetime
    location: str
    narrative: str
    observed_time_given: bool = True
    people: Sequence[Person] = ()
    unknown_subject: str = ""
    site: Site | None = None
    reported_type: ConcernType | None = None
    reported_category: SafeguardingCategory | None = None
    indicators: Iterable[Indicator] = ()
    attachments: Sequence[UploadedFile] = field(default_factory=list)
    # Files held from an earlier try of the form (``hold_uploads``): attached on sending.
    held: Sequence[PendingUpload] = ()


def validate_attachment(upload: UploadedFile) -> str:
    """Return the content type to store, or raise DomainError with a message for the form.

    The type is decided by the file's content (``core.uploads``); its name must agree.
    """
    return inspect_upload(upload, max_bytes=settings.MAX_ATTACHMENT_BYTES).kind.content_type


def store_attachment(
    membership: Membership,
    upload: UploadedFile,
    *,
    concern: Concern | None = None,
    case: object | None = None,
) -> Attachment:
    """Check ``upload`` by content, strip image metadata, keep it under a random name.

    Raises DomainError for a file ``validate_attachment`` refuses.
    """
    checked = inspect_upload(upload, max_bytes=settings.MAX_ATTACHMENT_BYTES)
    data = strip_metadata(checked)
    attachment = Attachment(
        organisation=membership.organisation,
        created_by=membership.user,
        concern=concern,
        case=case,  # type: ignore[misc]
        original_name=PurePath(upload.name or "file").name[:200],
        content_type=checked.kind.content_type,
        size=len(data),
    )
    # Encrypted at rest under a random name, bound to this row (core/sealed_files.py).
    attachment.file.seal(data, checked.suffix)
    attachment.save()
    return attachment


def read_attachment(attachment: Attachment) -> bytes:
    """The attachment's plaintext bytes; raises ``DecryptionError`` if they do not decrypt."""
    data: bytes = attachment.file.unseal()
    return data


def raise_concern(membership: Membership, data: NewConcern) -> Concern:
    """Record a concern, give it a reference, alert the safeguarding team.

    Any member who may raise concerns may call this. Everything is written in one
    transaction; the alert emails go after commit.
    """
    if not membership.can(Can.RAISE_CONCERN):
        raise NotPermitted("Your role cannot raise concerns.")
    if not data.people and not data.unknown_subject.strip():
        raise DomainError("Say who the concern is about: choose a person or describe them.")
    for person in data.people:
        if person.organisation_id != membership.organisation_id:
            raise DomainError("Choose people from your own organisation's directory.")
    if data.site is not None and data.site.organisation_id != membership.organisation_id:
        raise DomainError("Choose one of your organisation's sites.")
    if data.reported_type is not None and data.reported_type.type_list.organisation_id not in (
        None,
        membership.organisation_id,
    ):
        raise DomainError("Choose a type of concern from your organisation's lists.")
    category = data.reported_category
    if category is not None and (
        category.organisation_id != membership.organisation_id or category.retired_at is not None
    ):
        raise DomainError("Choose a kind of concern from your organisation's list.")
    for upload in data.attachments:
        validate_attachment(upload)
    stored: list[Attachment] = []
    try:
        return _write_concern(membership, data, stored)
    except BaseException:
        # The rows rolled back; the files written for them must not outlive them.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise


def _write_concern(
    membership: Membership,
    data: NewConcern,
    stored: list[Attachment],
) -> Concern:
    organisation = membership.organisation
    with transaction.atomic():
        concern: Concern = Concern.objects.create(
            organisation=organisation,
            created_by=membership.user,
            reporter=membership.user,
            reference=next_reference(organisation, organisation.reference_prefix),
            site=data.site,
            immediate_danger=data.immediate_danger,
            observed_at=data.observed_at,
            observed_time_given=data.observed_time_given,
            location=data.location,
            narrative=data.narrative,
            reported_type=data.reported_type,
            reported_category=data.reported_category,
        )
        concern.indicators.set(list(data.indicators))
        subjects = [ConcernSubject(concern=concern, person=p) for p in data.people]
        if data.unknown_subject.strip():
            subjects.append(
                ConcernSubject(concern=concern, description=data.unknown_subject.strip())
            )
        ConcernSubject.objects.bulk_create(subjects)
        for upload in data.attachments:
            stored.append(store_attachment(membership, upload, concern=concern))
        stored.extend(_attach_held(membership, data.held, concern))
        log(
            membership,
            CONCERN_RAISED,
            concern,
            context={
                "emergency": data.immediate_danger,
                "people": len(data.people),
                "unknown_subject": bool(data.unknown_subject.strip()),
                "attachments": len(stored),
            },
        )
        alert_safeguarding_team(
            organisation, emergency=data.immediate_danger, concern_id=concern.public_id
        )
    return concern


# --- Files held while the form is put right ---------------------------------------------


def hold_uploads(
    membership: Membership, uploads: Sequence[UploadedFile]
) -> tuple[list[PendingUpload], list[str]]:
    """Keep each acceptable file the member chose, encrypted, while the concern form is
    sent back to them with an error, so they need not choose it again.

    Returns the held files and a message for each file refused (checked as attachments
    are, ``core.uploads``; image metadata is stripped before anything is kept). Held files
    belong to ``membership`` alone and expire after ``PendingUpload.LIFETIME_HOURS``.
    """
    if not membership.can(Can.RAISE_CONCERN):
        raise NotPermitted("Your role cannot raise concerns.")
    held: list[PendingUpload] = []
    refused: list[str] = []
    expires_at = timezone.now() + timedelta(hours=PendingUpload.LIFETIME_HOURS)
    for upload in uploads:
        name = PurePath(upload.name or "file").name[:200]
        try:
            checked = inspect_upload(upload, max_bytes=settings.MAX_ATTACHMENT_BYTES)
            data = strip_metadata(checked)
        except DomainError as error:
            refused.append(f"{name}: {error}")
            continue
        pending = PendingUpload(
            organisation=membership.organisation,
            created_by=membership.user,
            membership=membership,
            original_name=name,
            content_type=checked.kind.content_type,
            size=len(data),
            expires_at=expires_at,
        )
        pending.file.seal(data, checked.suffix)
        pending.save()
        held.append(pending)
    return held, refused


def held_uploads(membership: Membership, public_ids: Iterable[str]) -> list[PendingUpload]:
    """The member's own unexpired held files among ``public_ids`` (ids from the form).

    Another member's file, an expired one or an id that is no id is left out: nobody can
    claim a file they did not choose.
    """
    wanted = set()
    for value in public_ids:
        try:
            wanted.add(uuid.UUID(str(value)))
        except ValueError:
            continue
    if not wanted:
        return []
    return list(
        PendingUpload.objects.filter(
            organisation_id=membership.organisation_id,
            membership=membership,
            public_id__in=wanted,
            expires_at__gt=timezone.now(),
        ).order_by("created_at")
    )


def remove_held_uploads(membership: Membership, held: Iterable[PendingUpload]) -> None:
    """Delete the member's own held files (and their stored bytes)."""
    for pending in held:
        if pending.membership_id != membership.pk:
            raise NotPermitted("That file was not chosen by you.")
        pending.file.delete(save=False)
        pending.delete()


def _attach_held(
    membership: Membership, held: Sequence[PendingUpload], concern: Concern
) -> list[Attachment]:
    """Turn the member's held files into the concern's attachments (inside its
    transaction); the held rows go with it, their files once it commits."""
    if not held:
        return []
    rows = PendingUpload.objects.select_for_update().filter(
        pk__in=[p.pk for p in held], membership=membership, expires_at__gt=timezone.now()
    )
    attached: list[Attachment] = []
    for pending in rows.order_by("created_at"):
        attachment = Attachment(
            organisation=membership.organisation,
            created_by=membership.user,
            concern=concern,
            original_name=pending.original_name,
            content_type=pending.content_type,
            size=pending.size,
        )
        attachment.file.seal(pending.file.unseal(), PurePath(pending.file.name).suffix)
        attachment.save()
        attached.append(attachment)
        transaction.on_commit(partial(pending.file.delete, save=False))
        pending.delete()
    return attached


def purge_expired_uploads(organisation_id: int) -> int:
    """Delete the organisation's expired held files and their bytes. Returns how many."""
    expired = PendingUpload.objects.filter(
        organisation_id=organisation_id, expires_at__lte=timezone.now()
    )
    count = 0
    for pending in expired:
        pending.file.delete(save=False)
        pending.delete()
        count += 1
    return count
