"""Forms of the checks; each maps onto one function in ``checks.services``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dueregard.accounts.models import User
from dueregard.cases.forms import UserChoiceField, members_of
from dueregard.checks.models import NO_LEARNERS, AlertOutcome, CheckKind, CheckResult
from dueregard.organisations.models import Membership, Site
from dueregard.risks.forms import TEXTAREA, DateInput

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


def _date(label: str | _StrPromise, required: str | _StrPromise) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput, error_messages={"required": required})


class FilteringCheckForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What was checked"),
        choices=CheckKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what was checked")},
    )
    checked_on = _date(_("Date checked"), _("Enter the date checked"))
    tested = forms.CharField(
        label=_("What was tested"),
        max_length=300,
        help_text=_("For example: a test site in each blocked category, from a learner account."),
        error_messages={"required": _("Enter what was tested")},
    )
    result = forms.ChoiceField(
        label=_("Result"),
        choices=CheckResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the result")},
    )
    action = forms.CharField(
        label=_("What was done about a gap"), widget=TEXTAREA, required=False, help_text=NO_LEARNERS
    )
    checked_by = UserChoiceField(
        queryset=User.objects.none(),
        label=_("Checked by"),
        empty_label=_("Choose a member"),
        to_field_name="public_id",
        error_messages={"required": _("Choose who checked")},
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["checked_by"]
        assert isinstance(field, UserChoiceField)
        field.queryset = members_of(membership)


class MonitoringAlertForm(forms.Form):
    received_on = _date(_("Date of the alert"), _("Enter the date of the alert"))
    category = forms.CharField(
        label=_("Category"),
        max_length=100,
        help_text=_("As the monitoring system names it. Never who it was about."),
        error_messages={"required": _("Enter the category")},
    )
    passed_on = _date(_("Date it reached the DSL"), _("Enter the date it reached the DSL"))
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=AlertOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome")},
    )


class SiteChoiceField(forms.ModelChoiceField[Site]):
    pass


class PrayerRoomForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter the room's name")}
    )
    site = SiteChoiceField(
        queryset=Site.objects.none(),
        label=_("Site (optional)"),
        required=False,
        empty_label=_("No particular site"),
        to_field_name="public_id",
    )
    rules = forms.CharField(
        label=_("How it is used"),
        widget=TEXTAREA,
        help_text=_("Opening times, booking and the rules users agree to."),
        error_messages={"required": _("Enter how it is used")},
    )
    overseen_by = UserChoiceField(
        queryset=User.objects.none(),
        label=_("Overseen by"),
        empty_label=_("Choose a member"),
        to_field_name="public_id",
        error_messages={"required": _("Choose who oversees it")},
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site = self.fields["site"]
        assert isinstance(site, SiteChoiceField)
        site.queryset = Site.objects.visible_to(membership)
        overseen = self.fields["overseen_by"]
        assert isinstance(overseen, UserChoiceField)
        overseen.queryset = members_of(membership)


class RoomCheckForm(forms.Form):
    checked_on = _date(_("Date checked"), _("Enter the date checked"))
    findings = forms.CharField(
        label=_("What was found"),
        widget=TEXTAREA,
        help_text=NO_LEARNERS,
        error_messages={"required": _("Enter what was found")},
    )
    action = forms.CharField(label=_("What was done about it"), widget=TEXTAREA, required=False)


class FaithDateForm(forms.Form):
    observed_on = _date(_("Date"), _("Enter the date"))
    name = forms.CharField(
        label=_("What is observed"),
        max_length=200,
        help_text=_("For example: Ramadan begins, Diwali, Yom Kippur."),
        error_messages={"required": _("Enter what is observed")},
    )
    notes = forms.CharField(
        label=_("What the organisation does (optional)"), max_length=300, required=False
    )
