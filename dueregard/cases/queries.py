"""Read-side queries of cases shared by the case list, the dashboard and reminders.

Each returns a queryset with a fixed number of SQL queries however many rows there are.
"""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from dueregard.cases.models import (
    ActionStatus,
    Case,
    CaseStatus,
    Review,
    ReviewStatus,
    SupportAction,
)
from dueregard.organisations.models import Membership


def annotated_cases(membership: Membership) -> QuerySet[Case]:
    """Visible cases with their next review and overdue-action count, for list pages."""
    today = timezone.localdate()
    next_review = (
        Review.objects.filter(case=OuterRef("pk"), status=ReviewStatus.SCHEDULED)
        .values("case")
        .annotate(first=Min("due_at"))
        .values("first")
    )
    overdue_actions = (
        SupportAction.objects.filter(
            case=OuterRef("pk"), status=ActionStatus.OPEN, due_on__lt=today
        )
        .values("case")
        .annotate(n=Count("id"))
        .values("n")
    )
    cases: QuerySet[Case] = (
        Case.objects.visible_to(membership)
        .select_related("category", "lead")
        .annotate(
            next_review_due=Subquery(next_review),
            overdue_action_count=Coalesce(
                Subquery(overdue_actions, output_field=IntegerField()), 0
            ),
            is_named=Exists(
                Case.restricted_to.through.objects.filter(
                    case_id=OuterRef("pk"), user_id=membership.user_id
                )
            ),
        )
    )
    return cases


def overdue_reviews(organisation_id: int) -> QuerySet[Review]:
    return Review.objects.filter(
        organisation_id=organisation_id, status=ReviewStatus.SCHEDULED, due_at__lt=timezone.now()
    )


def overdue_actions(organisation_id: int) -> QuerySet[SupportAction]:
    return SupportAction.objects.filter(
        organisation_id=organisation_id,
        status=ActionStatus.OPEN,
        due_on__lt=timezone.localdate(),
    )


def monitoring_due(organisation_id: int) -> QuerySet[Case]:
    """Closed cases flagged for monitoring whose date to look again has come."""
    return Case.objects.filter(
        organisation_id=organisation_id,
        status=CaseStatus.CLOSED,
        monitor=True,
        monitor_review_on__lte=timezone.localdate(),
    )
