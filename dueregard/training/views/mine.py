"""A member's own training: what they must do, and recording what they have done."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dueregard.core.formviews import form_view
from dueregard.organisations.access import membership_of
from dueregard.training import forms as f
from dueregard.training.models import TrainingRecord
from dueregard.training.services import records
from dueregard.training.views.common import member_statuses, trainees_only


@require_GET
@trainees_only
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in member's own requirements and records."""
    membership = membership_of(request)
    own = (
        TrainingRecord.objects.visible_to(membership)
        .filter(member=membership)
        .select_related("course", "verified_by")
    )
    return render(
        request, "training/mine.html", {"statuses": member_statuses(membership), "records": own}
    )


@require_http_methods(["GET", "POST"])
@trainees_only
def mine_add(request: HttpRequest) -> HttpResponse:
    """A member records their own completed training; it awaits verification."""
    membership = membership_of(request)
    posted = request.method == "POST"
    form = f.OwnRecordForm(
        membership.organisation_id,
        request.POST if posted else None,
        request.FILES if posted else None,
    )

    def apply() -> str:
        d = form.cleaned_data
        records.record_own_training(
            membership, course=d["course"], completed_on=d["completed_on"], evidence=d["evidence"]
        )
        return _(
            "Training recorded. It will count once your DSL, a deputy or an "
            "administrator has verified it."
        )

    return form_view(
        request,
        form=form,
        apply=apply,
        template="training/form.html",
        success_url="training:mine",
        context={
            "title": _("Record training you have done"),
            "multipart": True,
            "back": "training:mine",
            "intro": _(
                "Your DSL, a deputy or an administrator checks each record before it counts "
                "toward your required training. Adding a certificate helps."
            ),
        },
    )
