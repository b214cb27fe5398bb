"""The DSL's settings page for the organisation's safeguarding categories.

Add, rename (and say whether reporters see it), retire or bring back, and reorder; each a
service in ``concerns.categories``. Only ``Can.MANAGE_CATEGORIES`` (the DSL).
"""

from __future__ import annotations

import uuid

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.cases.models import Case
from dueregard.concerns import categories as services
from dueregard.concerns.forms import CategoryForm, MoveCategoryForm
from dueregard.concerns.models import Concern, SafeguardingCategory
from dueregard.core.formviews import button_view, form_view
from dueregard.organisations.access import get_object_for, member_required, membership_of
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can

dsl_only = member_required(Can.MANAGE_CATEGORIES)
LIST = "concerns:categories"


def _category(membership: Membership, public_id: uuid.UUID) -> SafeguardingCategory:
    category: SafeguardingCategory = get_object_for(
        SafeguardingCategory.objects.visible_to(membership), membership, public_id
    )
    return category


@require_http_methods(["GET", "POST"])
@dsl_only
def categories(request: HttpRequest) -> HttpResponse:
    """Every category, in use and retired, with how many cases and concerns have it."""
    membership = membership_of(request)
    form = CategoryForm(request.POST if request.method == "POST" else None)

    def apply() -> str:
        services.add_category(
            membership,
            name=form.cleaned_data["name"],
            shown_to_reporters=form.cleaned_data["shown_to_reporters"],
        )
        return _("Category added.")

    org_id = membership.organisation_id
    case_counts = dict(
        Case.objects.filter(organisation_id=org_id, safeguarding_category__isnull=False)
        .values_list("safeguarding_category")
        .annotate(n=Count("id"))
        .values_list("safeguarding_category", "n")
    )
    rows = list(SafeguardingCategory.objects.visible_to(membership))
    concern_counts = dict(
        Concern.objects.filter(organisation_id=org_id, reported_category__isnull=False)
        .values_list("reported_category")
        .annotate(n=Count("id"))
        .values_list("reported_category", "n")
    )
    for row in rows:
        row.case_count = case_counts.get(row.pk, 0)
        row.concern_count = concern_counts.get(row.pk, 0)
    return form_view(
        request,
        form=form,
        apply=apply,
        template="concerns/categories.html",
        success_url=LIST,
        context={
            "in_use": [r for r in rows if r.retired_at is None],
            "retired": [r for r in rows if r.retired_at is not None],
            "section": "categories",
        },
    )


@require_http_methods(["GET", "POST"])
@dsl_only
def category_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    category = _category(membership, public_id)
    form = CategoryForm(
        request.POST if request.method == "POST" else None,
        initial={"name": category.name, "shown_to_reporters": category.shown_to_reporters},
    )

    def apply() -> str:
        services.change_category(
            membership,
            category,
            name=form.cleaned_data["name"],
            shown_to_reporters=form.cleaned_data["shown_to_reporters"],
        )
        return _("Category saved.")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="concerns/category_edit.html",
        success_url=LIST,
        context={"category": category, "section": "categories"},
    )


@require_POST
@dsl_only
def category_retire(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    category = _category(membership, public_id)

    def apply() -> str:
        services.retire_category(membership, category)
        return _("Category retired. Records that have it keep it.")

    return button_view(request, apply=apply, success_url=LIST, title=_("Retire a category"))


@require_POST
@dsl_only
def category_restore(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    category = _category(membership, public_id)

    def apply() -> str:
        services.restore_category(membership, category)
        return _("Category back in use.")

    return button_view(request, apply=apply, success_url=LIST, title=_("Use a category again"))


@require_POST
@dsl_only
def category_move(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    category = _category(membership, public_id)
    form = MoveCategoryForm(request.POST)

    def apply() -> str:
        services.move_category(membership, category, direction=form.cleaned_data["direction"])
        return _("Category moved.")

    return button_view(
        request, apply=apply, form=form, success_url=LIST, title=_("Move a category")
    )
