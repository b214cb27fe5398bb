"""Read-side queries of cases shared by the case list, the dashboard and reminders.

Each returns a queryset with a fixed number of SQL queries however many rows there are.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.cases.access import openable_cases
from dueregard.cases.models import (
    ActionStatus,
    Case,
    CaseStatus,
    Review,
    ReviewStatus,
    SupportAction,
)
from dueregard.concerns.models import SafeguardingCategory
from dueregard.core.personal_data import registry
from dueregard.organisations.models import Membership, Site
from dueregard.organisations.permissions import Can, roles_with
from dueregard.people.models import Person


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
        .select_related("category", "safeguarding_category", "lead")
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


def records_about_person(
    membership: Membership, person: Person
) -> tuple[dict[str, QuerySet[Any]], dict[str, str]]:
    """Every record about ``person`` the member may open, for their "who has seen it" page.

    Which records are about a person comes from the registry of personal data
    (``models_about_person()``), so a new model that declares its link is included without a
    change here. Records of a restricted case the member may not open are left out (their
    events would say the person is on it). Returns (public ids by ``object_type``, as
    subqueries; each object type's name for the page).
    """
    openable = openable_cases(membership).values("pk")
    paths: dict[type[models.Model], list[str]] = {}
    for model, path in registry().models_about_person():
        paths.setdefault(model, []).append(path or "pk")
    objects: dict[str, QuerySet[Any]] = {}
    kinds: dict[str, str] = {}
    for model, ways in paths.items():
        about = Q()
        for path in ways:
            about |= Q(**{path: person.pk})
        rows = model._base_manager.filter(about)
        link = _case_link(model)
        if link == "pk":
            rows = rows.filter(pk__in=openable)
        elif link is not None:
            rows = rows.filter(Q(**{f"{link}__isnull": True}) | Q(**{f"{link}__in": openable}))
        name = model._meta.model_name
        assert name is not None
        objects[name] = rows.values("public_id")
        kinds[name] = str(model._meta.verbose_name).capitalize()
    return objects, kinds


def _case_link(model: type[models.Model]) -> str | None:
    """The way from a row to its case (``"pk"`` for a case), one or two steps; None if none."""
    if model is Case:
        return "pk"
    relations = [f for f in model._meta.concrete_fields if f.is_relation]
    for field in relations:
        if field.related_model is Case:
            return field.name
    for field in relations:
        target = field.related_model
        if isinstance(target, type) and target is not Person:
            for step in target._meta.concrete_fields:
                if step.is_relation and step.related_model is Case:
                    return f"{field.name}__{step.name}"
    return None


#: How the case list may be sorted: the key in the URL, its label and its ordering.
CASE_SORTS: dict[str, tuple[str, tuple[Any, ...]]] = {
    "newest": ("Newest first", ("-created_at", "-id")),
    "oldest": ("Oldest first", ("created_at", "id")),
    "reference": ("Reference", ("reference",)),
    "review": (
        "Next review due",
        (models.F("next_review_due").asc(nulls_last=True), "-created_at"),
    ),
}


def case_list_choices(membership: Membership) -> dict[str, list[tuple[str, str]]]:
    """The case list's filter options in one query: the organisation's categories (by key,
    retired ones too: old cases keep them), its sites and the members who may lead a case
    (by public id). Returns ``{"category": [...], "site": [...], "lead": [...]}`` of
    (value, label) pairs, each in display order.
    """
    org_id = membership.organisation_id
    text: models.CharField[str, str] = models.CharField()
    categories = SafeguardingCategory.objects.filter(organisation_id=org_id).annotate(
        kind=models.Value("category", output_field=text),
        value=models.F("key"),
        label=models.F("name"),
        position=models.F("order"),
    )
    sites = Site.objects.filter(organisation_id=org_id).annotate(
        kind=models.Value("site", output_field=text),
        value=Cast("public_id", text),
        label=models.F("name"),
        position=models.Value(0),
    )
    leads = User.objects.filter(
        pk__in=Membership.objects.active()
        .filter(organisation_id=org_id, role__in=roles_with(Can.HANDLE_CASES))
        .values("user_id")
    ).annotate(
        kind=models.Value("lead", output_field=text),
        value=Cast("public_id", text),
        label=models.F("full_name"),
        position=models.Value(0),
    )
    fields = ("kind", "value", "label", "position")
    rows = (
        categories.order_by()
        .values_list(*fields)
        .union(
            sites.order_by().values_list(*fields),
            leads.order_by().values_list(*fields),
            all=True,
        )
        .order_by("kind", "position", "label")
    )
    choices: dict[str, list[tuple[str, str]]] = {"category": [], "site": [], "lead": []}
    for kind, value, label, _position in rows:
        # A public id cast to text is hex on SQLite and dashed on PostgreSQL: show it dashed.
        choices[kind].append((value if kind == "category" else str(uuid.UUID(value)), label))
    return choices
