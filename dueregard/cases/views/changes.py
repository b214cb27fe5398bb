"""What every case change page shares: the case lookup and the form page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse

from dueregard.cases import services
from dueregard.cases.access import can_open
from dueregard.cases.models import Case
from dueregard.core.formviews import form_view
from dueregard.organisations.access import deny, get_object_for, member_required, membership_of
from dueregard.organisations.permissions import Can

handler_required = member_required(Can.HANDLE_CASES)


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one (so the form is bound and says what is
    missing); None for a GET."""
    return request.POST if request.method == "POST" else None


def case_for(request: HttpRequest, public_id: Any) -> Case:
    """The case if in scope (404 otherwise) and openable (403 and audited otherwise)."""
    membership = membership_of(request)
    case: Case = get_object_for(Case.objects.visible_to(membership), membership, public_id)
    if not can_open(membership, case):
        raise deny(request, "a restricted case")
    return case


def change_view(
    request: HttpRequest,
    case: Case,
    *,
    change: str,
    title: str,
    form: forms.BaseForm,
    apply: Callable[[], str],
    template: str = "cases/change.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The form page of one change to ``case`` (``core.formviews.form_view``), shown with
    ``template`` (and ``context``).

    ``change`` names the row of ``services.ALLOWED_FROM``; when the case's status does not
    allow it, the page says so instead of offering a form, and a POST answers 409.
    """
    return form_view(
        request,
        form=form,
        apply=apply,
        template=template,
        success_url=reverse("cases:detail", kwargs={"public_id": case.public_id}),
        context={**(context or {}), "case": case, "title": title},
        refusal=services.refusal(case, change),
    )
