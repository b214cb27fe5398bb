"""What every referral page shares: the lookup of a referral and the form page around it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from dueregard.cases.access import can_open
from dueregard.core.errors import TransitionNotAllowed
from dueregard.core.formviews import form_view
from dueregard.organisations.access import deny, get_object_for, member_required, membership_of
from dueregard.organisations.permissions import Can
from dueregard.referrals import services
from dueregard.referrals.models import Referral

handler_required = member_required(Can.PREPARE_REFERRAL)


def referral_for(request: HttpRequest, public_id: Any) -> Referral:
    """The referral if in scope (404 otherwise) and its case openable (403 otherwise)."""
    membership = membership_of(request)
    referral: Referral = get_object_for(
        Referral.objects.visible_to(membership).select_related(
            "case", "case__organisation", "person", "contact", "created_by", "approved_by"
        ),
        membership,
        public_id,
    )
    if not can_open(membership, referral.case):
        raise deny(request, "a referral on a restricted case")
    return referral


def refusal(referral: Referral, target: str) -> str:
    """Why the referral cannot move to ``target`` ("" when it can)."""
    try:
        services.check_transition(referral, target)
    except TransitionNotAllowed as error:
        return str(error)
    return ""


def change(
    request: HttpRequest,
    referral: Referral,
    *,
    title: str,
    form: forms.Form,
    apply: Any,
    refused: str = "",
    template: str = "referrals/change.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A form page about one referral (``form_view``); success returns to the referral."""
    return form_view(
        request,
        form=form,
        apply=apply,
        template=template,
        success_url=reverse("referrals:detail", kwargs={"public_id": referral.public_id}),
        context={"referral": referral, "title": title, **(extra or {})},
        refusal=refused,
    )
