"""CPD briefings: who attended, and (the DSL only) counting one as completing a course."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.audit.services import log
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.training import audit_codes as codes
from dueregard.training.models import Briefing, Course, RecordSource, TrainingRecord
from dueregard.training.services.common import (
    EARLIEST,
    expiry_for,
    require_to,
    same_organisation,
)


def add_briefing(
    m: Membership,
    *,
    title: str,
    given_by: str,
    held_on: date,
    summary: str,
    attendees: Sequence[Membership],
    counts_as: Course | None = None,
) -> Briefing:
    """Log a CPD briefing and who attended. Only a DSL may say it counts as a course."""
    require_to(m, Can.MANAGE_TRAINING, _("log briefings"))
    if held_on > timezone.localdate():
        raise DomainError(_("The date held cannot be in the future."))
    if held_on < EARLIEST:
        raise DomainError(_("The date held is too far in the past: check the year."))
    if counts_as is not None and not m.can(Can.COUNT_BRIEFING):
        raise NotPermitted(_("Only the DSL can say a briefing counts toward a requirement."))
    same_organisation(m, *attendees, *([counts_as] if counts_as else []))
    with transaction.atomic():
        briefing: Briefing = Briefing.objects.create(
            organisation=m.organisation,
            created_by=m.user,
            title=title,
            given_by=given_by,
            held_on=held_on,
            summary=summary,
        )
        briefing.attendees.set(attendees)
        log(m, codes.BRIEFING_LOGGED, briefing, context={"attendees": len(attendees)})
        if counts_as is not None:
            _count_briefing(m, briefing, counts_as)
    return briefing


def count_briefing(m: Membership, briefing: Briefing, course: Course) -> int:
    """The DSL says attending ``briefing`` counts as completing ``course``. Returns records made."""
    if not m.can(Can.COUNT_BRIEFING):
        raise NotPermitted(_("Only the DSL can say a briefing counts toward a requirement."))
    same_organisation(m, briefing, course)
    with transaction.atomic():
        briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
        if briefing.counts_as_id:
            raise TransitionNotAllowed(_("This briefing already counts as a course."))
        return _count_briefing(m, briefing, course)


def _count_briefing(m: Membership, briefing: Briefing, course: Course) -> int:
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
    log(
        m,
        codes.BRIEFING_COUNTED,
        briefing,
        context={"course": str(course.public_id), "records": len(made)},
    )
    return len(made)
