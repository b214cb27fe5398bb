"""Training completions: entered by a manager, recorded by the member (awaiting
verification) or from a session's register; verifying and withdrawing them; evidence
files; where and since when a member works (which requirements apply to them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.audit.services import log
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.core.uploads import inspect_upload, strip_metadata
from dueregard.organisations.models import Membership, Site
from dueregard.organisations.permissions import Can
from dueregard.training import audit_codes as codes
from dueregard.training.models import Course, RecordSource, TrainingProfile, TrainingRecord
from dueregard.training.services.common import (
    EARLIEST,
    expiry_for,
    require_to,
    same_organisation,
)

OWN_RECORD = _(
    "You cannot verify your own training. Ask another member of the safeguarding team or "
    "an administrator to verify it."
)


def _refuse_own(m: Membership, member_id: int | None) -> None:
    """Nobody verifies their own training: a second person checks the evidence."""
    if member_id == m.pk:
        raise NotPermitted(OWN_RECORD)


def can_verify(m: Membership, record: TrainingRecord) -> bool:
    """Whether ``m`` may verify ``record`` (not their own; not verified or withdrawn)."""
    return (
        m.can(Can.MANAGE_TRAINING)
        and record.member_id != m.pk
        and not record.verified_by_id
        and not record.withdrawn_at
    )


def _check_completion(course: Course, completed_on: date, *, past_record: bool) -> date | None:
    today = timezone.localdate()
    if completed_on > today:
        raise DomainError(_("The date completed cannot be in the future."))
    if completed_on < EARLIEST:
        raise DomainError(_("The date completed is too far in the past: check the year."))
    expires = expiry_for(course, completed_on)
    if expires is not None and expires < today and not past_record:
        raise DomainError(
            _(
                "Training completed on %(done)s expired on %(expired)s, so it is not current. "
                "Check the date, or tick “This is a past record” to record it as history."
            )
            % {"done": f"{completed_on:%d %B %Y}", "expired": f"{expires:%d %B %Y}"}
        )
    return expires


def _store_evidence(record: TrainingRecord, upload: UploadedFile) -> None:
    checked = inspect_upload(upload, max_bytes=settings.MAX_ATTACHMENT_BYTES)
    data = strip_metadata(checked)
    record.evidence_name = PurePath(upload.name or "evidence").name[:200]
    record.evidence_type = checked.kind.content_type
    record.evidence.seal(data, checked.suffix)


def read_evidence(record: TrainingRecord) -> bytes:
    data: bytes = record.evidence.unseal()
    return data


def record_training(
    m: Membership,
    *,
    member: Membership,
    course: Course,
    completed_on: date,
    verified: bool = False,
    evidence: UploadedFile | None = None,
    past_record: bool = False,
) -> TrainingRecord:
    """Record that ``member`` completed ``course``. Managers only."""
    require_to(m, Can.MANAGE_TRAINING, _("record training"))
    same_organisation(m, member, course)
    if verified:
        _refuse_own(m, member.pk)
    expires = _check_completion(course, completed_on, past_record=past_record)
    with transaction.atomic():
        record = TrainingRecord(
            organisation=m.organisation,
            created_by=m.user,
            member=member,
            course=course,
            completed_on=completed_on,
            expires_on=expires,
            source=RecordSource.ENTERED,
        )
        if verified:
            record.verified_by, record.verified_at = m.user, timezone.now()
        if evidence is not None:
            _store_evidence(record, evidence)
        record.save()
        log(
            m,
            codes.RECORD_ADDED,
            record,
            context={
                "course": str(course.public_id),
                "verified": verified,
                "evidence": evidence is not None,
                "past_record": past_record,
            },
        )
    return record


def record_own_training(
    m: Membership,
    *,
    course: Course,
    completed_on: date,
    evidence: UploadedFile | None = None,
) -> TrainingRecord:
    """A member records training they completed themselves.

    The record awaits verification: it does not count toward compliance until a DSL,
    deputy or administrator verifies it (``verify_record``).
    """
    require_to(m, Can.HAVE_TRAINING, _("record training"))
    same_organisation(m, course)
    expires = _check_completion(course, completed_on, past_record=False)
    with transaction.atomic():
        if not Course.objects.filter(pk=course.pk, is_active=True).exists():
            raise DomainError(_("This course is no longer offered."))
        record = TrainingRecord(
            organisation=m.organisation,
            created_by=m.user,
            member=m,
            course=course,
            completed_on=completed_on,
            expires_on=expires,
            source=RecordSource.SELF,
        )
        if evidence is not None:
            _store_evidence(record, evidence)
        record.save()
        log(
            m,
            codes.OWN_RECORD_ADDED,
            record,
            context={"course": str(course.public_id), "evidence": evidence is not None},
        )
    return record


def record_session(
    m: Membership,
    *,
    course: Course,
    completed_on: date,
    attendees: Sequence[Membership],
    verified: bool = True,
) -> list[TrainingRecord]:
    """Record a session's register: one completion per attendee, all or none."""
    require_to(m, Can.MANAGE_TRAINING, _("record training"))
    if not attendees:
        raise DomainError(_("Choose who attended."))
    same_organisation(m, course, *attendees)
    if verified and any(attendee.pk == m.pk for attendee in attendees):
        raise NotPermitted(
            _(
                "You cannot verify your own training. Leave yourself off this register and "
                "ask another member of the safeguarding team or an administrator to record "
                "your attendance."
            )
        )
    expires = _check_completion(course, completed_on, past_record=False)
    now = timezone.now()
    with transaction.atomic():
        records = TrainingRecord.objects.bulk_create(
            TrainingRecord(
                organisation=m.organisation,
                created_by=m.user,
                member=attendee,
                course=course,
                completed_on=completed_on,
                expires_on=expires,
                source=RecordSource.SESSION,
                verified_by=m.user if verified else None,
                verified_at=now if verified else None,
            )
            for attendee in attendees
        )
        log(
            m,
            codes.SESSION_RECORDED,
            object_type="training_session",
            context={
                "course": str(course.public_id),
                "attendees": len(records),
                "verified": verified,
            },
        )
    return records


def verify_record(
    m: Membership,
    record: TrainingRecord,
) -> TrainingRecord:
    require_to(m, Can.MANAGE_TRAINING, _("verify training"))
    with transaction.atomic():
        record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
        _refuse_own(m, record.member_id)
        if record.verified_by_id:
            raise DomainError(_("This record is already verified."))
        if record.withdrawn_at:
            raise DomainError(_("This record was withdrawn."))
        record.verified_by, record.verified_at = m.user, timezone.now()
        record.save(update_fields=["verified_by", "verified_at", "updated_at"])
        log(m, codes.RECORD_VERIFIED, record)
    return record


def withdraw_record(m: Membership, record: TrainingRecord, *, reason: str) -> TrainingRecord:
    """Mark a record entered in error. It stays in the history; it no longer counts."""
    require_to(m, Can.WITHDRAW_TRAINING, _("withdraw training records"))
    if not reason.strip():
        raise DomainError(_("Say why the record is withdrawn."))
    with transaction.atomic():
        record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
        if record.withdrawn_at:
            raise DomainError(_("This record was already withdrawn."))
        record.withdrawn_at = timezone.now()
        record.withdrawn_reason = reason.strip()
        record.save(update_fields=["withdrawn_at", "withdrawn_reason", "updated_at"])
        log(m, codes.RECORD_WITHDRAWN, record)
    return record


def save_profile(
    m: Membership,
    member: Membership,
    *,
    site: Site | None,
    started_on: date | None,
) -> TrainingProfile:
    require_to(m, Can.MANAGE_TRAINING, _("change where staff work"))
    same_organisation(m, member, *([site] if site else []))
    if started_on and started_on > timezone.localdate():
        raise DomainError(_("The start date cannot be in the future."))
    with transaction.atomic():
        profile: TrainingProfile
        profile, _created = TrainingProfile.objects.select_for_update().get_or_create(
            membership=member, defaults={"organisation": m.organisation, "created_by": m.user}
        )
        profile.site, profile.started_on = site, started_on
        profile.save()
        log(
            m,
            codes.PROFILE_CHANGED,
            profile,
            context={"site_set": site is not None, "start_date_set": started_on is not None},
        )
    return profile
