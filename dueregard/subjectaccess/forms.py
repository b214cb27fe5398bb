"""Forms for subject access requests; each maps onto one function in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dueregard.accounts.models import User
from dueregard.cases.forms import UserChoiceField, members_of
from dueregard.core.forms import DateInput
from dueregard.core.formviews import CommandForm
from dueregard.organisations.models import Membership
from dueregard.people.models import Person
from dueregard.people.picker import (
    PersonPicker,
    PersonPickerField,
    PersonPickerMixin,
    full_label,
    options_for,
)
from dueregard.subjectaccess.models import TermDecision
from dueregard.subjectaccess.services import NewRequest

#: The picker's purpose, as its searches are audited.
PURPOSE = "subject_access"


class StartForm(PersonPickerMixin, CommandForm):
    command = NewRequest

    person = PersonPickerField(
        label=_("Who made the request"),
        help_text=_("Type part of their name or their reference, press Find, then choose them."),
        label_of=full_label,
        error_messages={"required": _("Choose the person the request is about")},
    )
    received_on = forms.DateField(
        label=_("Date received"),
        widget=DateInput,
        help_text=_("The response is due one calendar month after this day."),
        error_messages={"required": _("Enter the date the request was received")},
    )
    identity_checked = forms.BooleanField(
        label=_("Their identity has been checked"), required=False
    )
    identity_how = forms.CharField(
        label=_("How their identity was checked"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: known to the office, photo ID seen at reception."),
    )
    staff_user = UserChoiceField(
        label=_("Their staff account, if they are also a member of staff"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Not a member of staff"),
        help_text=_("Their training records and the like are then included."),
    )

    def __init__(
        self, membership: Membership, *args: Any, person: Person | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff_user"].queryset = members_of(membership)  # type: ignore[attr-defined]
        self.setup_pickers(membership, purpose=PURPOSE, url=reverse("subjectaccess:person_picker"))
        if person is not None and not self.is_bound:
            # Started from the person's page: they are chosen already.
            widget = self.fields["person"].widget
            assert isinstance(widget, PersonPicker)
            widget.options = options_for(None, person, full_label)


class ExtendForm(forms.Form):
    extended_to = forms.DateField(
        label=_("New deadline"),
        widget=DateInput,
        help_text=_("At most three months after the request was received."),
        error_messages={"required": _("Enter the new deadline")},
    )
    reason = forms.CharField(
        label=_("Why it needs longer"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The request is complex, or the person has made several. "
            "Tell them within the first month."
        ),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is closed without a response"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: withdrawn by the person, or their identity was not confirmed."),
    )


class TermForm(forms.Form):
    text = forms.CharField(
        label=_("Words to redact"),
        max_length=200,
        required=False,
        help_text=_("A name or detail of someone else, exactly as written in the records."),
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (TermDecision.ACCEPTED.value, _("Redact")),
            (TermDecision.OVERRIDDEN.value, _("Keep")),
        ]
    )
