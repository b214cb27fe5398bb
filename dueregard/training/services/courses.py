"""Courses, and the training requirements they meet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from dueregard.audit.services import log
from dueregard.core.errors import DomainError
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.training import audit_codes as codes
from dueregard.training.models import Audience, Course, CourseKind, Requirement
from dueregard.training.services.common import require_to, same_organisation


def _title_taken(m: Membership, title: str, *, other_than: Course | None = None) -> bool:
    taken = Course.objects.filter(organisation_id=m.organisation_id, title__iexact=title)
    if other_than is not None:
        taken = taken.exclude(pk=other_than.pk)
    return taken.exists()


def add_course(
    m: Membership, *, title: str, provider: str, kind: str, validity_months: int | None
) -> Course:
    require_to(m, Can.MANAGE_TRAINING, _("add courses"))
    with transaction.atomic():
        if _title_taken(m, title):
            raise DomainError(_("There is already a course with this title."))
        course: Course = Course.objects.create(
            organisation=m.organisation,
            created_by=m.user,
            title=title,
            provider=provider,
            kind=kind,
            validity_months=validity_months,
        )
        log(
            m,
            codes.COURSE_ADDED,
            course,
            context={"kind": kind, "validity_months": validity_months},
        )
    return course


def update_course(
    m: Membership,
    course: Course,
    *,
    title: str,
    provider: str,
    kind: str,
    validity_months: int | None,
) -> Course:
    """Change a course's details. Records already made keep the expiry date they were
    given: a new validity applies to completions recorded from now on."""
    require_to(m, Can.MANAGE_TRAINING, _("change courses"))
    same_organisation(m, course)
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course.pk)
        if _title_taken(m, title, other_than=course):
            raise DomainError(_("There is already a course with this title."))
        course.title, course.provider = title, provider
        course.kind, course.validity_months = kind, validity_months
        course.save()
        log(
            m,
            codes.COURSE_CHANGED,
            course,
            context={"kind": kind, "validity_months": validity_months},
        )
    return course


def set_course_offered(m: Membership, course: Course, *, offered: bool) -> Course:
    """Retire a course (no new records; existing records and requirements keep it) or
    offer it again."""
    require_to(m, Can.MANAGE_TRAINING, _("retire courses"))
    same_organisation(m, course)
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
        log(m, codes.COURSE_REOFFERED if offered else codes.COURSE_RETIRED, course)
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
    m: Membership, details: RequirementDetails, *, requirement: Requirement | None = None
) -> Requirement:
    """Add a requirement, or change one (the audit trail keeps that it changed)."""
    require_to(m, Can.SET_TRAINING_REQUIREMENTS, _("set training requirements"))
    courses = list(details.courses)
    if not courses:
        raise DomainError(_("Choose at least one course that meets the requirement."))
    same_organisation(m, *courses)
    with transaction.atomic():
        if requirement is None:
            requirement = Requirement(organisation=m.organisation, created_by=m.user)
            code = codes.REQUIREMENT_ADDED
        else:
            requirement = Requirement.objects.select_for_update().get(pk=requirement.pk)
            code = codes.REQUIREMENT_CHANGED
        requirement.title = details.title
        requirement.audience = details.audience
        requirement.interval_months = details.interval_months
        requirement.new_starter_days = details.new_starter_days
        requirement.is_active = details.is_active
        requirement.save()
        requirement.courses.set(courses)
        log(
            m,
            code,
            requirement,
            context={
                "audience": details.audience,
                "courses": len(courses),
                "interval_months": details.interval_months,
                "in_force": details.is_active,
            },
        )
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


def add_default_requirements(m: Membership) -> list[Requirement]:
    """Add the default courses and requirements that the organisation does not have yet."""
    require_to(m, Can.SET_TRAINING_REQUIREMENTS, _("set training requirements"))
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
            log(
                m,
                codes.DEFAULT_REQUIREMENTS_ADDED,
                object_type="training_requirement",
                context={"count": len(made)},
            )
    return made
