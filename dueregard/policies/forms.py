"""Forms for the policy register; each maps onto one function in ``policies.services``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.accounts.models import User
from dueregard.cases.forms import UserChoiceField, members_of
from dueregard.core.forms import DateInput
from dueregard.core.formviews import CommandForm
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, roles_with
from dueregard.policies.models import Policy
from dueregard.policies.services import PolicyDetails


class PolicyForm(CommandForm):
    command = PolicyDetails

    title = forms.CharField(label=_("Title"), max_length=200)
    owner = UserChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        empty_label=_("Choose the owner"),
        help_text=_("Who keeps it up to date; they are reminded before each review."),
    )
    review_interval_months = forms.IntegerField(
        label=_("Review every (months)"), min_value=1, max_value=60, initial=12
    )
    next_review_on = forms.DateField(label=_("Next review due"), widget=DateInput)
    linked = forms.ModelMultipleChoiceField(
        label=_("Linked policies"),
        queryset=Policy.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    requires_acknowledgement = forms.BooleanField(
        label=_("Staff must confirm they have read it"), required=False, initial=True
    )

    def __init__(
        self, membership: Membership, *args: Any, policy: Policy | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        roles = roles_with(Can.ACKNOWLEDGE_POLICY)
        self.fields["owner"].queryset = members_of(membership, roles)  # type: ignore[attr-defined]
        linked = Policy.objects.filter(organisation_id=membership.organisation_id)
        if policy is not None:
            linked = linked.exclude(pk=policy.pk)
        self.fields["linked"].queryset = linked  # type: ignore[attr-defined]

    def clean_next_review_on(self) -> Any:
        day = self.cleaned_data["next_review_on"]
        today = timezone.localdate()
        if not today - timedelta(days=3650) <= day <= today + timedelta(days=3650):
            raise forms.ValidationError(_("Enter a review date within ten years of today."))
        return day


class VersionForm(forms.Form):
    summary = forms.CharField(
        label=_("What changed"),
        max_length=500,
        help_text=_("A line on what is new in this version."),
    )
    text = forms.CharField(
        label=_("Text of the policy"),
        required=False,
        max_length=500_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Paste the text, or upload the file below."),
    )
    file = forms.FileField(
        label=_("File (optional)"), required=False, help_text=_("PDF, Word or text file.")
    )
    approved_by = forms.CharField(
        label=_("Approved by"),
        max_length=200,
        help_text=_("The person or body that approved it, e.g. the board of governors."),
    )
    approved_on = forms.DateField(label=_("Date approved"), widget=DateInput)
    effective_on = forms.DateField(label=_("In force from"), widget=DateInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        approved, effective = cleaned.get("approved_on"), cleaned.get("effective_on")
        if approved and effective and effective < approved:
            self.add_error(
                "effective_on", _("A version cannot be in force before it was approved.")
            )
        if (
            not cleaned.get("text", "").strip()
            and not cleaned.get("file")
            and "file" not in self.errors
        ):
            self.add_error("text", _("Paste the policy's text or upload its file."))
        return cleaned


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Date reviewed"), widget=DateInput(format="%Y-%m-%d"))
    note = forms.CharField(
        label=_("What the review found"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What was checked (law, guidance, local risks, practice) and why no change is "
            "needed. No names of learners."
        ),
        error_messages={"required": _("Say what the review checked and why no change is needed")},
    )

    def clean_reviewed_on(self) -> Any:
        day = self.cleaned_data["reviewed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date reviewed cannot be in the future."))
        return day
