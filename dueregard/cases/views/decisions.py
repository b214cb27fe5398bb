"""Recording a decision on a case."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from dueregard.cases import forms as case_forms
from dueregard.cases import services
from dueregard.cases.models import DecisionKind
from dueregard.cases.views.changes import case_for, change_view, handler_required, posted
from dueregard.organisations.access import membership_of
from dueregard.referrals.services import NewReferral


def _referral(data: dict[str, Any]) -> NewReferral | None:
    if data["kind"] != DecisionKind.EXTERNAL_REFERRAL:
        return None
    return NewReferral(
        kind=data["referral_kind"],
        agency=data["referral_agency"],
        referred_on=data["referral_on"],
        agency_reference=data["referral_reference"],
        contact=data["referral_contact"],
    )


def _emergency(data: dict[str, Any]) -> services.EmergencyDetails | None:
    if data["kind"] != DecisionKind.EMERGENCY:
        return None
    called_at = case_forms.combine(data["police_called_on"], data["police_called_time"])
    assert called_at is not None  # the form requires both for an emergency
    return services.EmergencyDetails(
        called_by=data["police_called_by"],
        called_at=called_at,
        police_reference=data["police_reference"],
    )


@require_http_methods(["GET", "POST"])
@handler_required
def decide(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Record a decision in two steps that need no JavaScript: step 1 (GET) chooses the
    decision; step 2 (``?kind=...``, and the POST, which carries it) asks for the
    rationale and that decision's own fields only."""
    membership = membership_of(request)
    case = case_for(request, public_id)
    template = "cases/decide.html"
    if request.method != "POST":
        chosen = request.GET.get("kind")
        if chosen not in DecisionKind.values:
            # Step 1; a choice sent without a decision (or a made-up one) says so.
            choose = case_forms.DecisionKindForm(request.GET if "kind" in request.GET else None)
            return change_view(
                request,
                case,
                change="record a decision on",
                title="Record a decision",
                form=choose,
                apply=lambda: "",
                template=template,
                context={"step": 1},
            )
    else:
        chosen = None
    form = case_forms.DecisionForm(posted(request), membership=membership, kind=chosen)

    def apply() -> str:
        data = form.cleaned_data
        decision = services.record_decision(
            membership,
            case,
            kind=data["kind"],
            rationale=data["rationale"],
            referral=_referral(data),
            emergency=_emergency(data),
        )
        return f"Decision recorded: {decision.get_kind_display()}."

    return change_view(
        request,
        case,
        change="record a decision on",
        title="Record a decision",
        form=form,
        apply=apply,
        template=template,
        context={"step": 2},
    )
