"""Approving a referral: the DSL / Prevent lead only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dueregard.cases.access import can_open
from dueregard.core.access import deny, get_object_for, member_required, membership_of
from dueregard.core.errors import DomainError
from dueregard.organisations.models import Membership
from dueregard.referrals.forms import ApproveReferralForm
from dueregard.referrals.models import Referral, ReferralStatus
from dueregard.referrals.services import approve_referral


def is_lead(m: Membership) -> bool:
    return m.can_approve_referrals


@require_http_methods(["GET", "POST"])
@member_required(is_lead, what="approving referrals")
def approve(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    referral = get_object_for(
        Referral.objects.visible_to(membership).select_related("case"), membership, public_id
    )
    if not can_open(membership, referral.case):
        raise deny(request, "a referral on a restricted case")
    form = ApproveReferralForm(
        request.POST or None, initial={"agency_reference": referral.agency_reference}
    )
    if request.method == "POST" and form.is_valid():
        try:
            approve_referral(
                membership,
                referral,
                agency_reference=form.cleaned_data["agency_reference"],
                request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Referral approved.")
            return redirect("cases:detail", public_id=referral.case.public_id)
    return render(
        request,
        "referrals/approve.html",
        {
            "referral": referral,
            "form": form,
            "already": referral.status != ReferralStatus.AWAITING_APPROVAL,
        },
    )
