"""Restricting a case to named DSLs (break glass is offered on the case page)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from dueregard.cases import forms as case_forms
from dueregard.cases import services
from dueregard.cases.views.changes import case_for, change_view, posted
from dueregard.organisations.access import member_required, membership_of
from dueregard.organisations.permissions import Can


@require_http_methods(["GET", "POST"])
@member_required(Can.RESTRICT_CASE)
def restrict(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = case_for(request, public_id)
    form = case_forms.RestrictForm(
        membership,
        posted(request),
        initial={"users": list(case.restricted_to.all())},
    )

    def apply() -> str:
        services.restrict_case(membership, case, list(form.cleaned_data["users"]))
        return "Restriction updated."

    return change_view(
        request,
        case,
        change="change the restriction of",
        title="Restrict access",
        form=form,
        apply=apply,
    )
