"""What the register's pages and the action plan's pages share: who may read and edit them,
finding a risk, and the one shape of their form pages (``form_page``).

``actions`` builds on these; ``risks`` never imports ``actions``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from dueregard.core.formviews import Done, button_view, form_view
from dueregard.organisations.access import get_object_for, member_required, membership_of
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.risks import queries
from dueregard.risks.models import Band, Risk, can_edit

reader_required = member_required(Can.READ_RISKS)
editor_required = member_required(Can.EDIT_RISKS)

RISK_PAGE = "risks/risk_detail.html"

#: The plain form page of the register and the action plan (title, back link, the form).
FORM = "risks/form.html"


def get_risk(request: HttpRequest, public_id: Any) -> Risk:
    """The risk with ``public_id`` in the member's register, else 404."""
    membership = membership_of(request)
    risk: Risk = get_object_for(
        Risk.objects.visible_to(membership).select_related("theme", "owner"),
        membership,
        public_id,
    )
    return risk


def form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    apply: Callable[[], str | Done],
    title: str,
    back: str,
    template: str = FORM,
    **extra: Any,
) -> HttpResponse:
    """A form page (``core.formviews.form_view``) titled ``title`` whose back link and
    success page is ``back`` (unless ``apply`` returns a ``Done``); ``extra`` goes to the
    template too."""
    return form_view(
        request,
        form=form,
        apply=apply,
        template=template,
        success_url=back,
        context={"title": title, "back": back, **extra},
    )


def band_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Band.choices}


def risk_page(membership: Membership, risk: Risk) -> dict[str, Any]:
    """What the risk's page shows."""
    grid = queries.grid_for(membership.organisation_id)
    return {
        "risk": risk,
        "band": grid[(risk.likelihood, risk.severity)],
        "bands": band_labels(),
        "history": risk.score_changes.select_related("created_by").order_by("-created_at"),
        "actions": risk.action_items.all(),
        "can_edit": can_edit(membership),
    }


def risk_button(
    request: HttpRequest, risk: Risk, form: forms.BaseForm, apply: Callable[[], str | Done]
) -> HttpResponse:
    """A POST-only button on the risk's page (``core.formviews.button_view``): done, back
    to the page with the message; refused, the page again with the reason (409; 400 for a
    status not offered)."""
    return button_view(
        request,
        form=form,
        apply=apply,
        template=RISK_PAGE,
        success_url=reverse("risks:risk_detail", args=[risk.public_id]),
        context=risk_page(membership_of(request), risk),
    )
