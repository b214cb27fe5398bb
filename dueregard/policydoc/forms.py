"""Forms of the Prevent policy. Each maps onto one function in ``policydoc.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dueregard.accounts.models import User
from dueregard.cases.forms import UserChoiceField, members_of
from dueregard.organisations.models import Membership
from dueregard.risks.forms import DateInput


class SectionForm(forms.Form):
    title = forms.CharField(
        label=_("Heading"), max_length=120, error_messages={"required": _("Enter a heading")}
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Plain English for staff, learners and parents. Leave a blank line between "
            "paragraphs; start a line with '- ' for a bullet point. No personal data."
        ),
        error_messages={"required": _("Enter the text of the section")},
    )


class DetailsForm(forms.Form):
    owner = UserChoiceField(
        queryset=User.objects.none(),
        label=_("Policy owner"),
        required=False,
        empty_label=_("Choose the owner"),
    )
    approved_by = forms.CharField(
        label=_("Approved by"),
        max_length=200,
        required=False,
        help_text=_("The body that approves it, e.g. the board of governors."),
    )
    last_reviewed_on = forms.DateField(label=_("Last reviewed"), required=False, widget=DateInput)
    next_review_on = forms.DateField(label=_("Next review"), required=False, widget=DateInput)
    linked_policies = forms.CharField(
        label=_("Linked policies"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One policy per line, e.g. Safeguarding and child protection policy."),
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = members_of(membership)  # type: ignore[attr-defined]
        owner.to_field_name = "public_id"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        last, following = cleaned.get("last_reviewed_on"), cleaned.get("next_review_on")
        if last and following and following < last:
            self.add_error("next_review_on", _("The next review must be after the last review"))
        return cleaned


class PublishForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of changes"),
        max_length=300,
        help_text=_("What changed, e.g. annual review; new section on online safety."),
        error_messages={"required": _("Say what changed in this version")},
    )
