"""Every change to training data. Each function checks the role, runs in one transaction
and writes an audit event whose summary says what happened, never to whom.

Raises ``NotPermitted`` for a role that may not make the change and ``DomainError`` for
input the domain refuses (a completion date in the future, an already expired record
entered as current, an empty session register).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.audit.models import AuditAction
from dueregard.audit.services import record_by
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.core.uploads import inspect_upload, strip_metadata
from dueregard.organisations.models import Membership, Site
from dueregard.organisations.permissions import Can, require
from dueregard.training.compliance import add_months
from dueregard.training.models import (
    Audience,
    Briefing,
    Course,
    CourseKind,
    ImportJob,
    RecordSource,
    Requirement,
    TrainingProfile,
    TrainingRecord,
)

#: No training record or briefing is older than this: an earlier year is a typing slip.
EARLIEST = date(1990, 1, 1)


def _require(m: Membership, perm: Can, what: str) -> None:
    require(m, perm, _("Your role cannot %(what)s.") % {"what": what})


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


def _same_organisation(m: Membership, *objects: object) -> None:
    for obj in objects:
        if getattr(obj, "organisation_id", m.organisation_id) != m.organisation_id:
            raise DomainError(_("That is not part of your organisation."))


def expiry_for(course: Course, completed_on: date) -> date | None:
    if course.validity_months is None:
        return None
    return add_months(completed_on, course.validity_months)


# --- courses and requirements ---------------------------------------------------------


def add_course(
    m: Membership,
    *,
    title: str,
    provider: str,
    kind: str,
    validity_months: int | None,
    request: HttpRequest | None = None,
) -> Course:
    _require(m, Can.MANAGE_TRAINING, _("add courses"))
    with transaction.atomic():
        if Course.objects.filter(organisation_id=m.organisation_id, title__iexact=title).exists():
            raise DomainError(_("There is already a course with this title."))
        course = Course.objects.create(
            organisation=m.organisation,
            created_by=m.user,
            title=title,
            provider=provider,
            kind=kind,
            validity_months=validity_months,
        )
        record_by(m, AuditAction.CREATE, obj=course, summary="Added a course", request=request)
    return course


def update_course(
    m: Membership,
    course: Course,
    *,
    title: str,
    provider: str,
    kind: str,
    validity_months: int | None,
    request: HttpRequest | None = None,
) -> Course:
    """Change a course's details. Records already made keep the expiry date they were
    given: a new validity applies to completions recorded from now on."""
    _require(m, Can.MANAGE_TRAINING, _("change courses"))
    _same_organisation(m, course)
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course.pk)
        if (
            Course.objects.filter(organisation_id=m.organisation_id, title__iexact=title)
            .exclude(pk=course.pk)
            .exists()
        ):
            raise DomainError(_("There is already a course with this title."))
        course.title, course.provider = title, provider
        course.kind, course.validity_months = kind, validity_months
        course.save()
        record_by(m, AuditAction.CHANGE, obj=course, summary="Changed a course", request=request)
    return course


def set_course_offered(
    m: Membership, course: Course, *, offered: bool, request: HttpRequest | None = None
) -> Course:
    """Retire a course (no new records; existing records and requirements keep it) or
    offer it again."""
    _require(m, Can.MANAGE_TRAINING, _("retire courses"))
    _same_organisation(m, course)
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course.pk)
        if course.is_active == offered:
            raise DomainError(
                _("This course is already offered.")
                if offered
                else _("This course is already retired.")
            )
        course.is_active = offered
        course.save(update_fields=["is_active", "updated_at"])
        record_by(
            m,
            AuditAction.CHANGE,
            obj=course,
            summary="Offered a retired course again" if offered else "Retired a course",
            request=request,
        )
    return course


@dataclass(frozen=True)
class RequirementDetails:
    title: str
    audience: str
    courses: Sequence[Course]
    interval_months: int | None
    new_starter_days: int
    is_active: bool = True


def save_requirement(
    m: Membership,
    details: RequirementDetails,
    *,
    requirement: Requirement | None = None,
    request: HttpRequest | None = None,
) -> Requirement:
    """Add a requirement, or change one (the audit trail keeps that it changed)."""
    _require(m, Can.SET_TRAINING_REQUIREMENTS, _("set training requirements"))
    if not details.courses:
        raise DomainError(_("Choose at least one course that meets the requirement."))
    _same_organisation(m, *details.courses)
    with transaction.atomic():
        if requirement is None:
            requirement = Requirement(organisation=m.organisation, created_by=m.user)
            action, summary = AuditAction.CREATE, "Added a training requirement"
        else:
            requirement = Requirement.objects.select_for_update().get(pk=requirement.pk)
            action, summary = AuditAction.CHANGE, "Changed a training requirement"
        requirement.title = details.title
        requirement.audience = details.audience
        requirement.interval_months = details.interval_months
        requirement.new_starter_days = details.new_starter_days
        requirement.is_active = details.is_active
        requirement.save()
        requirement.courses.set(details.courses)
        record_by(m, action, obj=requirement, summary=summary, request=request)
    return requirement


#: The defaults the issue names: (requirement, audience, course, kind, months, new-starter days)
DEFAULTS = (
    ("Prevent awareness", Audience.ALL_STAFF, "Prevent awareness", CourseKind.ELEARNING, 12, 28),
    (
        "Safeguarding and Prevent refresher for DSLs",
        Audience.SAFEGUARDING_TEAM,
        "DSL safeguarding and Prevent refresher",
        CourseKind.FACE_TO_FACE,
        24,
        90,
    ),
    (
        "Prevent training for board members",
        Audience.SENIOR_LEADERS,
        "Prevent briefing for governors and board members",
        CourseKind.BRIEFING,
        12,
        60,
    ),
)


def add_default_requirements(
    m: Membership, *, request: HttpRequest | None = None
) -> list[Requirement]:
    """Add the default courses and requirements that the organisation does not have yet."""
    _require(m, Can.SET_TRAINING_REQUIREMENTS, _("set training requirements"))
    made: list[Requirement] = []
    with transaction.atomic():
        existing = {
            t.casefold()
            for t in Requirement.objects.filter(organisation_id=m.organisation_id).values_list(
                "title", flat=True
            )
        }
        for title, audience, course_title, kind, months, days in DEFAULTS:
            if title.casefold() in existing:
                continue
            course = Course.objects.filter(
                organisation_id=m.organisation_id, title__iexact=course_title
            ).first() or Course.objects.create(
                organisation=m.organisation,
                created_by=m.user,
                title=course_title,
                provider="Your organisation's choice",
                kind=kind,
                validity_months=months,
            )
            requirement = Requirement.objects.create(
                organisation=m.organisation,
                created_by=m.user,
                title=title,
                audience=audience,
                interval_months=months,
                new_starter_days=days,
            )
            requirement.courses.set([course])
            made.append(requirement)
        if made:
            record_by(
                m,
                AuditAction.CREATE,
                object_type="training_requirement",
                summary=f"Added {len(made)} default training requirement(s)",
                request=request,
            )
    return made


# --- records ----------------------------------------------------------------------------


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
    return record.evidence.unseal()


def record_training(
    m: Membership,
    *,
    member: Membership,
    course: Course,
    completed_on: date,
    verified: bool = False,
    evidence: UploadedFile | None = None,
    past_record: bool = False,
    request: HttpRequest | None = None,
) -> TrainingRecord:
    """Record that ``member`` completed ``course``. Managers only."""
    _require(m, Can.MANAGE_TRAINING, _("record training"))
    _same_organisation(m, member, course)
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
        record_by(
            m,
            AuditAction.CREATE,
            obj=record,
            summary="Recorded a training completion",
            request=request,
        )
    return record


def record_own_training(
    m: Membership,
    *,
    course: Course,
    completed_on: date,
    evidence: UploadedFile | None = None,
    request: HttpRequest | None = None,
) -> TrainingRecord:
    """A member records training they completed themselves.

    The record awaits verification: it does not count toward compliance until a DSL,
    deputy or administrator verifies it (``verify_record``).
    """
    _require(m, Can.HAVE_TRAINING, _("record training"))
    _same_organisation(m, course)
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
        record_by(
            m,
            AuditAction.CREATE,
            obj=record,
            summary="Recorded own training completion (awaiting verification)",
            request=request,
        )
    return record


def record_session(
    m: Membership,
    *,
    course: Course,
    completed_on: date,
    attendees: Sequence[Membership],
    verified: bool = True,
    request: HttpRequest | None = None,
) -> list[TrainingRecord]:
    """Record a session's register: one completion per attendee, all or none."""
    _require(m, Can.MANAGE_TRAINING, _("record training"))
    if not attendees:
        raise DomainError(_("Choose who attended."))
    _same_organisation(m, course, *attendees)
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
        record_by(
            m,
            AuditAction.CREATE,
            object_type="training_session",
            summary=f"Recorded a training session: {len(records)} attendee(s)",
            request=request,
        )
    return records


def verify_record(
    m: Membership, record: TrainingRecord, *, request: HttpRequest | None = None
) -> TrainingRecord:
    _require(m, Can.MANAGE_TRAINING, _("verify training"))
    with transaction.atomic():
        record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
        _refuse_own(m, record.member_id)
        if record.verified_by_id:
            raise DomainError(_("This record is already verified."))
        if record.withdrawn_at:
            raise DomainError(_("This record was withdrawn."))
        record.verified_by, record.verified_at = m.user, timezone.now()
        record.save(update_fields=["verified_by", "verified_at", "updated_at"])
        record_by(
            m, AuditAction.CHANGE, obj=record, summary="Verified a training record", request=request
        )
    return record


def withdraw_record(
    m: Membership, record: TrainingRecord, *, reason: str, request: HttpRequest | None = None
) -> TrainingRecord:
    """Mark a record entered in error. It stays in the history; it no longer counts."""
    _require(m, Can.WITHDRAW_TRAINING, _("withdraw training records"))
    if not reason.strip():
        raise DomainError(_("Say why the record is withdrawn."))
    with transaction.atomic():
        record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
        if record.withdrawn_at:
            raise DomainError(_("This record was already withdrawn."))
        record.withdrawn_at = timezone.now()
        record.withdrawn_reason = reason.strip()
        record.save(update_fields=["withdrawn_at", "withdrawn_reason", "updated_at"])
        record_by(
            m, AuditAction.CHANGE, obj=record, summary="Withdrew a training record", request=request
        )
    return record


def save_profile(
    m: Membership,
    member: Membership,
    *,
    site: Site | None,
    started_on: date | None,
    request: HttpRequest | None = None,
) -> TrainingProfile:
    _require(m, Can.MANAGE_TRAINING, _("change where staff work"))
    _same_organisation(m, member, *([site] if site else []))
    if started_on and started_on > timezone.localdate():
        raise DomainError(_("The start date cannot be in the future."))
    with transaction.atomic():
        profile, _created = TrainingProfile.objects.select_for_update().get_or_create(
            membership=member, defaults={"organisation": m.organisation, "created_by": m.user}
        )
        profile.site, profile.started_on = site, started_on
        profile.save()
        record_by(
            m,
            AuditAction.CHANGE,
            obj=profile,
            summary="Changed a member's site or start date",
            request=request,
        )
    return profile


# --- CPD briefings ----------------------------------------------------------------------


def add_briefing(
    m: Membership,
    *,
    title: str,
    given_by: str,
    held_on: date,
    summary: str,
    attendees: Sequence[Membership],
    counts_as: Course | None = None,
    request: HttpRequest | None = None,
) -> Briefing:
    """Log a CPD briefing and who attended. Only a DSL may say it counts as a course."""
    _require(m, Can.MANAGE_TRAINING, _("log briefings"))
    if held_on > timezone.localdate():
        raise DomainError(_("The date held cannot be in the future."))
    if held_on < EARLIEST:
        raise DomainError(_("The date held is too far in the past: check the year."))
    if counts_as is not None and not m.can(Can.COUNT_BRIEFING):
        raise NotPermitted(_("Only the DSL can say a briefing counts toward a requirement."))
    _same_organisation(m, *attendees, *([counts_as] if counts_as else []))
    with transaction.atomic():
        briefing = Briefing.objects.create(
            organisation=m.organisation,
            created_by=m.user,
            title=title,
            given_by=given_by,
            held_on=held_on,
            summary=summary,
        )
        briefing.attendees.set(attendees)
        record_by(
            m, AuditAction.CREATE, obj=briefing, summary="Logged a CPD briefing", request=request
        )
        if counts_as is not None:
            _count_briefing(m, briefing, counts_as, request)
    return briefing


def count_briefing(
    m: Membership, briefing: Briefing, course: Course, *, request: HttpRequest | None = None
) -> int:
    """The DSL says attending ``briefing`` counts as completing ``course``. Returns records made."""
    if not m.can(Can.COUNT_BRIEFING):
        raise NotPermitted(_("Only the DSL can say a briefing counts toward a requirement."))
    _same_organisation(m, briefing, course)
    with transaction.atomic():
        briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
        if briefing.counts_as_id:
            raise DomainError(_("This briefing already counts as a course."))
        return _count_briefing(m, briefing, course, request)


def _count_briefing(
    m: Membership, briefing: Briefing, course: Course, request: HttpRequest | None
) -> int:
    briefing.counts_as, briefing.counted_by = course, m.user
    briefing.save(update_fields=["counts_as", "counted_by", "updated_at"])
    now = timezone.now()
    made = TrainingRecord.objects.bulk_create(
        TrainingRecord(
            organisation=m.organisation,
            created_by=m.user,
            member=attendee,
            course=course,
            completed_on=briefing.held_on,
            expires_on=expiry_for(course, briefing.held_on),
            source=RecordSource.BRIEFING,
            briefing=briefing,
            # The DSL's own attendance is counted but not verified by the DSL.
            verified_by=None if attendee.pk == m.pk else m.user,
            verified_at=None if attendee.pk == m.pk else now,
        )
        for attendee in briefing.attendees.all()
    )
    record_by(
        m,
        AuditAction.CHANGE,
        obj=briefing,
        summary=f"Counted a briefing as training: {len(made)} record(s)",
        request=request,
    )
    return len(made)


# --- CSV import ---------------------------------------------------------------------------


def start_import(m: Membership, data: bytes, *, request: HttpRequest | None = None) -> ImportJob:
    """Queue a CSV of training records for the background worker; returns the job."""
    _require(m, Can.MANAGE_TRAINING, _("import training records"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(
            _(
                "The file is not saved as UTF-8 text. In Excel, choose Save As and the type "
                "'CSV UTF-8 (Comma delimited)', then upload the new file."
            )
        ) from exc
    with transaction.atomic():
        job = ImportJob.objects.create(organisation=m.organisation, created_by=m.user, content=text)
        record_by(
            m,
            AuditAction.CREATE,
            obj=job,
            summary="Started a training records import",
            request=request,
        )
    from dueregard.training.tasks import import_training_csv

    # The job row is committed before the worker can look for it.
    transaction.on_commit(lambda: import_training_csv.enqueue(job.pk))
    return job
