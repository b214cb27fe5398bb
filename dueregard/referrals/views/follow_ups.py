"""A referral's follow-ups: adding one, and recording what happened."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from dueregard.organisations.access import get_object_for, membership_of
from dueregard.referrals import follow_ups
from dueregard.referrals.forms import DoneForm, FollowUpForm
from dueregard.referrals.models import FollowUp, ReferralStatus
from dueregard.referrals.views.common import change, handler_required, referral_for


@require_http_methods(["GET", "POST"])
@handler_required
def follow_up_add(request: HttpRequest, public_id: Any) -> HttpResponse:
    referral = referral_for(request, public_id)
    form = FollowUpForm(membership_of(request), request.POST or None)

    def apply() -> str:
        follow_ups.add_follow_up(
            membership_of(request),
            referral,
            description=form.cleaned_data["description"],
            owner=form.cleaned_data["owner"],
            due_on=form.cleaned_data["due_on"],
        )
        return "Follow-up added."

    return change(
        request,
        referral,
        title="Add a follow-up",
        form=form,
        apply=apply,
        refused="This referral is closed: it cannot have new follow-ups."
        if referral.status == ReferralStatus.CLOSED
        else "",
    )


@require_http_methods(["GET", "POST"])
@handler_required
def follow_up_done(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    follow_up = get_object_for(
        FollowUp.objects.visible_to(membership).select_related("referral"), membership, public_id
    )
    referral = referral_for(request, follow_up.referral.public_id)
    form = DoneForm(request.POST or None)

    def apply() -> str:
        follow_ups.complete_follow_up(membership, follow_up, outcome=form.cleaned_data["outcome"])
        return "Follow-up done."

    return change(
        request,
        referral,
        title="Follow-up done",
        form=form,
        apply=apply,
        refused="This follow-up is already done." if follow_up.done_at is not None else "",
    )
