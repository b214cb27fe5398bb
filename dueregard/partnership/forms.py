"""Forms of the partnership log, the local picture and staff updates; each maps onto one
function in ``partnership.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dueregard.accounts.models import User
from dueregard.cases.forms import UserChoiceField, members_of
from dueregard.core.formviews import CommandForm
from dueregard.organisations.models import Membership, Role
from dueregard.partnership import services
from dueregard.partnership.models import (
    NO_LEARNERS,
    Level,
    Meeting,
    PartnerKind,
    WorkPartnerKind,
)
from dueregard.risks.forms import TEXTAREA, DateInput


class MeetingForm(CommandForm):
    command = services.MeetingData

    held_on = forms.DateField(
        label=_("Date held"),
        widget=DateInput,
        error_messages={"required": _("Enter the date held")},
    )
    kind = forms.ChoiceField(
        label=_("Partner"),
        choices=PartnerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the partner")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example: Termly Prevent briefing, county Prevent team"),
        error_messages={"required": _("Enter a title")},
    )
    attended = forms.CharField(
        label=_("Who attended"),
        widget=TEXTAREA,
        help_text=_("Agencies and roles."),
        error_messages={"required": _("Enter who attended")},
    )
    learnt = forms.CharField(
        label=_("What was learnt"),
        widget=TEXTAREA,
        help_text=NO_LEARNERS,
        error_messages={"required": _("Enter what was learnt")},
    )
    actions = forms.CharField(
        label=_("Actions agreed (optional)"),
        widget=TEXTAREA,
        required=False,
        help_text=_("One action per line. Each can then be made into an action-plan item."),
    )

    def clean_actions(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["actions"].splitlines() if line.strip()]


class MakeItemForm(forms.Form):
    due_on = forms.DateField(
        label=_("Due date"), widget=DateInput, error_messages={"required": _("Enter the due date")}
    )


class ThreatLevelForm(forms.Form):
    level = forms.ChoiceField(
        label=_("National threat level"),
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the threat level")},
    )
    changed_on = forms.DateField(
        label=_("Date it changed"),
        widget=DateInput,
        error_messages={"required": _("Enter the date it changed")},
    )
    response = forms.CharField(
        label=_("What the organisation did (optional)"),
        widget=TEXTAREA,
        required=False,
        help_text=NO_LEARNERS,
    )


class MeetingChoiceField(forms.ModelChoiceField[Meeting]):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.title} ({obj.held_on:%-d %b %Y})"


class PictureNoteForm(forms.Form):
    noted_on = forms.DateField(
        label=_("Date"), widget=DateInput, error_messages={"required": _("Enter the date")}
    )
    meeting = MeetingChoiceField(
        queryset=Meeting.objects.none(),
        label=_("From the meeting (optional)"),
        required=False,
        empty_label=_("Not from a meeting"),
        to_field_name="public_id",
    )
    note = forms.CharField(
        label=_("What the local picture is"),
        widget=TEXTAREA,
        help_text=NO_LEARNERS,
        error_messages={"required": _("Enter the note")},
    )
    response = forms.CharField(
        label=_("What the organisation did (optional)"), widget=TEXTAREA, required=False
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, MeetingChoiceField)
        field.queryset = Meeting.objects.visible_to(membership)


class StaffUpdateForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title")}
    )
    body = forms.CharField(
        label=_("Update"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=NO_LEARNERS,
        error_messages={"required": _("Enter the update")},
    )
    roles = forms.MultipleChoiceField(
        label=_("Who it is for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave every box empty to send it to all staff."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = self.fields["roles"]
        assert isinstance(roles, forms.MultipleChoiceField)
        roles.choices = [(r, Role(r).label) for r in services.audience_roles()]


class WorkPartnerForm(CommandForm):
    command = services.WorkPartnerData

    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter the name")}
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=WorkPartnerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose employer or subcontractor")},
    )
    contact_name = forms.CharField(
        label=_("Contact's name"),
        max_length=200,
        error_messages={"required": _("Enter the contact's name")},
    )
    contact_email = forms.EmailField(
        label=_("Contact's email (optional)"),
        required=False,
        error_messages={"invalid": _("Enter an email address like name@example.org")},
    )
    contact_phone = forms.CharField(
        label=_("Contact's phone (optional)"), max_length=40, required=False
    )
    owner = UserChoiceField(
        queryset=User.objects.none(),
        label=_("Owner"),
        empty_label=_("Choose a member"),
        to_field_name="public_id",
        help_text=_("Who makes the checks and is reminded when one is due."),
        error_messages={"required": _("Choose the owner")},
    )
    briefed_on = forms.DateField(
        label=_("Last briefed on Prevent (optional)"), widget=DateInput, required=False
    )
    policy_on_file = forms.BooleanField(
        label=_("Their own safeguarding or Prevent policy is on file"), required=False
    )
    next_check_on = forms.DateField(
        label=_("Next check due"),
        widget=DateInput,
        error_messages={"required": _("Enter when the next check is due")},
    )
    is_active = forms.BooleanField(label=_("We still work with them"), required=False, initial=True)

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, UserChoiceField)
        owner.queryset = members_of(membership)


class PartnerCheckForm(forms.Form):
    checked_on = forms.DateField(
        label=_("Date checked"),
        widget=DateInput,
        error_messages={"required": _("Enter the date checked")},
    )
    briefed = forms.BooleanField(label=_("Briefed on Prevent at this check"), required=False)
    policy_seen = forms.BooleanField(label=_("Their policy seen and on file"), required=False)
    notes = forms.CharField(
        label=_("What was found (optional)"), widget=TEXTAREA, required=False, help_text=NO_LEARNERS
    )
    next_check_on = forms.DateField(
        label=_("Next check due"),
        widget=DateInput,
        error_messages={"required": _("Enter when the next check is due")},
    )
