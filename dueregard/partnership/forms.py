"""Forms of the partnership log, the local picture and staff updates; each maps onto one
function in ``partnership.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dueregard.core.formviews import CommandForm
from dueregard.organisations.models import Membership, Role
from dueregard.partnership import services
from dueregard.partnership.models import NO_LEARNERS, Level, Meeting, PartnerKind
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
