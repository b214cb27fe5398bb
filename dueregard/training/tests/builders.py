"""Builders for training tests. Every name here is invented."""

from __future__ import annotations

from datetime import date

from dueregard.organisations.models import Membership
from dueregard.testing.factories import in_scope
from dueregard.training.models import Audience, Course, CourseKind, Requirement, TrainingRecord
from dueregard.training.services import courses, records


def make_course(
    dsl: Membership, title: str = "Prevent awareness", months: int | None = 12
) -> Course:
    with in_scope(dsl):
        return courses.add_course(
            dsl,
            title=title,
            provider="Invented Learning Ltd",
            kind=CourseKind.ELEARNING,
            validity_months=months,
        )


def make_requirement(
    dsl: Membership,
    course: Course,
    *,
    title: str = "Prevent awareness",
    audience: str = Audience.ALL_STAFF,
    months: int | None = 12,
    new_starter_days: int = 28,
) -> Requirement:
    with in_scope(dsl):
        return courses.save_requirement(
            dsl,
            courses.RequirementDetails(
                title=title,
                audience=audience,
                courses=[course],
                interval_months=months,
                new_starter_days=new_starter_days,
            ),
        )


def make_record(
    dsl: Membership, member: Membership, course: Course, completed_on: date
) -> TrainingRecord:
    with in_scope(dsl):
        return records.record_training(
            dsl, member=member, course=course, completed_on=completed_on, past_record=True
        )
