"""Forms of the organisation pages. They read and tidy input; the services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dueregard.organisations.members import (
    MAX_INSPECTOR_ACCESS_DAYS,
    MemberTerms,
    last_day_of_access,
    member_terms_problems,
)
from dueregard.organisations.models import Membership, PrivilegedFactor, Role
from dueregard.organisations.permissions import SAFEGUARDING_LEAD_ROLES

# Other people's details: browsers should neither suggest nor remember them.
_PRIVATE_INPUT = {"autocomplete": "off", "spellcheck": "false"}


class DateInput(forms.DateInput):
    """The browser's date picker; the value is always sent as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"class": "govuk-input--width-10", **(attrs or {})}, format="%Y-%m-%d"
        )


class SwitchForm(forms.Form):
    membership = forms.ChoiceField(label=_("Organisation"), widget=forms.RadioSelect)


class SettingsForm(forms.Form):
    triage_target_hours = forms.IntegerField(
        label=_("Triage target (hours)"),
        min_value=1,
        max_value=168,
        help_text=_("How soon a new concern should be triaged."),
    )
    emergency_target_minutes = forms.IntegerField(
        label=_("Emergency triage target (minutes)"),
        min_value=5,
        max_value=240,
        help_text=_(
            "How soon a concern where someone is in immediate danger should be triaged. "
            "It is shown first and turns red when past this."
        ),
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
    privileged_factor = forms.ChoiceField(
        label=_("Second factor for DSLs, deputies and administrators"),
        choices=PrivilegedFactor.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Passkeys resist phishing: a code from an authenticator app can be typed into a "
            "fake sign-in page, a passkey cannot. Only the DSL changes this."
        ),
    )


class MembershipForm(forms.Form):
    """Role, job title, alerts and last day: what adding and changing a member share.

    ``roles`` are the roles the signed-in member may give (the DSL: all of them; an
    administrator: all but the DSL and deputy DSL).
    """

    role = forms.ChoiceField(
        label=_("Role"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a role.")},
    )
    job_title = forms.CharField(
        label=_("Job title (optional)"),
        max_length=120,
        required=False,
        help_text=_("For example, Head of Student Services."),
    )
    receives_alerts = forms.BooleanField(
        label=_("Receives new-concern alerts"),
        required=False,
        help_text=_(
            "DSL and deputy DSL only. Being alerted is separate from access: tick it for "
            "those who should be told at once when a concern is raised."
        ),
    )
    last_day = forms.DateField(
        label=_("Last day of access (inspectors only)"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=DateInput(),
        help_text=format_lazy(
            _(
                "Required for an inspector: their access ends at midnight at the end of this "
                "day, at most {days} days from today. Leave it blank for every other role."
            ),
            days=MAX_INSPECTOR_ACCESS_DAYS,
        ),
        error_messages={"invalid": _("Enter the last day as a date, for example 31/03/2026.")},
    )

    def __init__(
        self,
        roles: Sequence[Role],
        *args: Any,
        current: MemberTerms | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.current = current
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [(r.value, r.label) for r in roles]
        if not SAFEGUARDING_LEAD_ROLES.intersection(roles):
            role.help_text = _("Only the DSL can appoint a DSL or deputy DSL.")
            role.error_messages["invalid_choice"] = _(
                "Choose one of the roles listed. Only the DSL can appoint a DSL or deputy DSL."
            )

    def clean(self) -> dict[str, Any]:
        """Check role, alerts and last day together, as the service will, so that every
        problem shows at once (the service checks again)."""
        data = super().clean() or {}
        if "role" in data and "last_day" in data:
            for field_name, message in member_terms_problems(self.terms(), current=self.current):
                if field_name not in self.errors:
                    self.add_error(field_name, message)
        return data

    def terms(self) -> MemberTerms:
        data = self.cleaned_data
        return MemberTerms(
            role=data["role"],
            job_title=data.get("job_title", ""),
            receives_alerts=data.get("receives_alerts", False),
            last_day=data["last_day"],
        )


class AddMemberForm(MembershipForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The address they sign in with. Use their work address."),
        widget=forms.EmailInput(attrs=_PRIVATE_INPUT),
        error_messages={
            "required": _("Enter their email address."),
            "invalid": _("Enter an email address like name@example.org."),
        },
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("If they already use dueregard elsewhere, the name they have is kept."),
        widget=forms.TextInput(attrs=_PRIVATE_INPUT),
        error_messages={"required": _("Enter their full name.")},
    )

    field_order = ["email", "full_name", "role", "job_title", "receives_alerts", "last_day"]


class ChangeMemberForm(MembershipForm):
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_(
            "Untick to stop them signing in to your organisation. Everything they recorded stays."
        ),
    )

    @staticmethod
    def initial_for(member: Membership) -> dict[str, Any]:
        return {
            "role": member.role,
            "job_title": member.job_title,
            "receives_alerts": member.receives_alerts,
            "last_day": last_day_of_access(member.expires_at),
            "is_active": member.is_active,
        }


class SiteForm(forms.Form):
    name = forms.CharField(
        label=_("Site name"),
        max_length=200,
        help_text=_("For example, Riverside campus. Each site needs its own name."),
        error_messages={"required": _("Enter the site's name.")},
    )
