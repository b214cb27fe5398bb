"""Who holds which required training: pure functions of requirements, records and a date.

``state_for`` is the whole rule; ``matrix`` applies it to every member and requirement of
an organisation with a fixed number of queries. Nothing here scores or ranks a person:
each cell is one of four states about one requirement.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: A requirement falling due within this many days shows as "due soon" and is reminded.
DUE_SOON_DAYS = 30


class State(models.TextChoices):
    IN_DATE = "in_date", _("In date")
    DUE_SOON = "due_soon", _("Due within 30 days")
    OVERDUE = "overdue", _("Overdue")
    NEVER = "never", _("Never done")


#: GOV.UK tag colour for each state.
TAG_CLASS = {
    State.IN_DATE: "govuk-tag--green",
    State.DUE_SOON: "govuk-tag--yellow",
    State.OVERDUE: "govuk-tag--red",
    State.NEVER: "govuk-tag--grey",
}


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Status:
    """One member's position on one requirement. ``due_on`` is None only when never due."""

    state: State
    due_on: date | None
    last_completed: date | None = None

    @property
    def compliant(self) -> bool:
        """Holding current training today (due-soon still counts: it has not expired)."""
        return self.state in (State.IN_DATE, State.DUE_SOON)

    @property
    def tag_class(self) -> str:
        return TAG_CLASS[self.state]


def state_for(
    *,
    interval_months: int | None,
    new_starter_days: int,
    completed: Iterable[date],
    started_on: date,
    today: date,
) -> Status:
    """The state of one requirement for one member on ``today``.

    * Done, and no renewal needed: in date.
    * Done: due ``interval_months`` after the latest completion. Past that date: overdue;
      within 30 days of it (the due day included): due soon; otherwise in date.
    * Never done: "never done", due ``new_starter_days`` after ``started_on``.

    ``matrix`` passes only records that count: not withdrawn, and not a member's own
    record still awaiting verification.
    """
    last = max(completed, default=None)
    if last is None:
        return Status(State.NEVER, started_on + timedelta(days=new_starter_days))
    if interval_months is None:
        return Status(State.IN_DATE, None, last)
    due = add_months(last, interval_months)
    if due < today:
        state = State.OVERDUE
    elif (due - today).days <= DUE_SOON_DAYS:
        state = State.DUE_SOON
    else:
        state = State.IN_DATE
    return Status(state, due, last)


@dataclass
class MemberRow:
    membership_id: int
    public_id: object
    name: str
    role: str
    role_label: str
    site: str
    cells: list[Status | None] = field(default_factory=list)


@dataclass
class RequirementSummary:
    requirement_id: int
    title: str
    counts: dict[str, int]
    applicable: int

    @property
    def compliant(self) -> int:
        return self.counts[State.IN_DATE] + self.counts[State.DUE_SOON]

    @property
    def percent(self) -> int:
        """Whole per cent compliant (rounded down, so 99.6% never shows as 100%)."""
        return self.compliant * 100 // self.applicable if self.applicable else 0


@dataclass
class Matrix:
    requirements: Sequence[Any]
    rows: list[MemberRow]
    summaries: list[RequirementSummary]


def matrix(
    organisation_id: int,
    today: date,
    *,
    site_id: int | None = None,
    role: str = "",
    membership_ids: Sequence[int] | None = None,
) -> Matrix:
    """Every active member (optionally of one site or role) against every requirement."""
    from dueregard.organisations.models import Membership
    from dueregard.organisations.permissions import Can, roles_with
    from dueregard.training.models import (
        RecordSource,
        Requirement,
        TrainingProfile,
        TrainingRecord,
    )

    requirements = list(
        Requirement.objects.filter(organisation_id=organisation_id, is_active=True)
        .prefetch_related("courses")
        .order_by("title", "pk")
    )
    members = (
        Membership.objects.active()
        .filter(organisation_id=organisation_id)
        .filter(role__in=roles_with(Can.HAVE_TRAINING))
        .select_related("user")
    )
    if role:
        members = members.filter(role=role)
    if membership_ids is not None:
        members = members.filter(pk__in=membership_ids)
    profiles = {
        p.membership_id: p
        for p in TrainingProfile.objects.filter(organisation_id=organisation_id).select_related(
            "site"
        )
    }
    if site_id is not None:
        members = members.filter(pk__in=[m for m, p in profiles.items() if p.site_id == site_id])
    members_list = sorted(members, key=lambda m: (m.user.full_name.casefold(), m.pk))
    completed: dict[tuple[int, int], list[date]] = defaultdict(list)
    # A record a member made of their own training counts only once a manager verified it.
    records = (
        TrainingRecord.objects.filter(
            organisation_id=organisation_id, withdrawn_at__isnull=True, completed_on__lte=today
        )
        .exclude(source=RecordSource.SELF, verified_by__isnull=True)
        .values_list("member_id", "course_id", "completed_on")
    )
    for member_id, course_id, completed_on in records:
        completed[(member_id, course_id)].append(completed_on)
    course_ids = {r.pk: [c.pk for c in r.courses.all()] for r in requirements}
    summaries = [
        RequirementSummary(r.pk, r.title, dict.fromkeys(State.values, 0), 0) for r in requirements
    ]
    rows: list[MemberRow] = []
    for member in members_list:
        profile = profiles.get(member.pk)
        started = (profile.started_on if profile else None) or timezone.localdate(member.created_at)
        row = MemberRow(
            member.pk,
            member.public_id,
            member.user.full_name,
            member.role,
            str(member.get_role_display()),
            profile.site.name if profile and profile.site else "",
        )
        for index, requirement in enumerate(requirements):
            if member.role not in requirement.roles:
                row.cells.append(None)
                continue
            dates = [d for c in course_ids[requirement.pk] for d in completed[(member.pk, c)]]
            status = state_for(
                interval_months=requirement.interval_months,
                new_starter_days=requirement.new_starter_days,
                completed=dates,
                started_on=started,
                today=today,
            )
            row.cells.append(status)
            summaries[index].counts[status.state] += 1
            summaries[index].applicable += 1
        rows.append(row)
    return Matrix(requirements, rows, summaries)
