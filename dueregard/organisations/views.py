"""Choosing the current organisation, and the organisation's safeguarding settings."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from dueregard.core.access import member_required, membership_of
from dueregard.core.errors import DomainError
from dueregard.organisations.middleware import SESSION_KEY
from dueregard.organisations.models import Membership, Role
from dueregard.organisations.services import update_settings


class SwitchForm(forms.Form):
    membership = forms.ChoiceField(label=_("Organisation"), widget=forms.RadioSelect)


class SettingsForm(forms.Form):
    triage_target_hours = forms.IntegerField(
        label=_("Triage target (hours)"),
        min_value=1,
        max_value=168,
        help_text=_("How soon a new concern should be triaged."),
    )
    review_interval_hours = forms.IntegerField(
        label=_("Review interval (hours)"),
        min_value=1,
        max_value=24 * 28,
        help_text=_(
            "When a review falls due after an internal-support decision, and the "
            "default gap between reviews."
        ),
    )


@require_http_methods(["GET", "POST"])
@member_required()
def switch(request: HttpRequest) -> HttpResponse:
    """Pick which of one's organisations to work in (stored in the session)."""
    memberships = (
        Membership.objects.active()
        .filter(user_id=membership_of(request).user_id)
        .select_related("organisation")
    )
    form = SwitchForm(request.POST or None)
    form.fields["membership"].choices = [  # type: ignore[attr-defined]
        (str(m.public_id), f"{m.organisation.name} ({m.get_role_display()})") for m in memberships
    ]
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_KEY] = form.cleaned_data["membership"]
        return redirect("home")
    return render(request, "organisations/switch.html", {"form": form})


def can_change_settings(m: Membership) -> bool:
    return m.role in (Role.DSL, Role.ADMINISTRATOR)


@require_http_methods(["GET", "POST"])
@member_required(can_change_settings, what="organisation settings")
def settings_view(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    organisation = membership.organisation
    form = SettingsForm(
        request.POST or None,
        initial={
            "triage_target_hours": organisation.triage_target_hours,
            "review_interval_hours": organisation.review_interval_hours,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_settings(membership, request=request, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Settings saved.")
            return redirect("organisations:settings")
    return render(request, "organisations/settings.html", {"form": form})
