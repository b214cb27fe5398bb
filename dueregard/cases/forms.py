"""Forms for every change to a case. Each maps onto one service in ``cases.services``."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.accounts.models import User
from dueregard.cases.models import Case, DecisionKind, PartyRole, ReviewOutcome
from dueregard.concerns.categories import for_cases
from dueregard.concerns.forms import ConcernTypeChoiceField, SafeguardingCategoryChoiceField
from dueregard.concerns.models import ConcernType, SafeguardingCategory, current_concern_types
from dueregard.contacts.models import Contact
from dueregard.core.forms import DateInput, TimeInput
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, roles_with
from dueregard.people.picker import PersonPickerField, PersonPickerMixin, full_label
from dueregard.referrals.forms import AGENCY_HELP, AgencyChoiceField, agencies_for, check_agency
from dueregard.referrals.models import ReferralKind

TEXTAREA = forms.Textarea(attrs={"rows": 5})


def combine(day: Any, at: Any, default: time = time(12, 0)) -> datetime | None:
    if not day:
        return None
    return timezone.make_aware(datetime.combine(day, at or default))


class UserChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


def members_of(membership: Membership, roles: list[str] | None = None) -> Any:
    members = Membership.objects.active().filter(organisation_id=membership.organisation_id)
    if roles:
        members = members.filter(role__in=roles)
    return User.objects.filter(pk__in=members.values("user_id")).order_by("full_name")


#: What each decision asks for beyond its rationale: step 2 of the decision page shows only
#: these (progressive disclosure that needs no JavaScript).
FIELDS_OF_DECISION: dict[str, tuple[str, ...]] = {
    DecisionKind.EXTERNAL_REFERRAL: (
        "referral_kind",
        "referral_contact",
        "referral_agency",
        "referral_on",
        "referral_reference",
    ),
    DecisionKind.EMERGENCY: (
        "police_called_by",
        "police_called_on",
        "police_called_time",
        "police_reference",
    ),
}


def _decision_kind_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Decision"),
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a decision"),
            "invalid_choice": _("Choose one of the decisions listed"),
        },
    )


class DecisionKindForm(forms.Form):
    """Step 1 of recording a decision: which one (sent by GET; step 2 asks its fields)."""

    kind = _decision_kind_field()


class DecisionForm(forms.Form):
    """Step 2: the rationale and the fields of the decision chosen, and only those.

    ``kind`` is the decision chosen in step 1 (or the one posted): with a known one the
    form carries it as a hidden field and drops the other decisions' fields; without one it
    asks for the decision and the rationale only.
    """

    kind = _decision_kind_field()
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=TEXTAREA,
        help_text=_("Why this decision: what you weighed, who you consulted, what you ruled out."),
        error_messages={"required": _("Give the rationale for the decision")},
    )
    referral_kind = forms.ChoiceField(
        label=_("Kind of referral"),
        choices=[("", _("Choose…")), *ReferralKind.choices],
        required=False,
    )
    referral_contact = AgencyChoiceField(
        label=_("Agency from the contacts directory"),
        queryset=Contact.objects.none(),
        required=False,
        help_text=AGENCY_HELP,
    )
    referral_agency = forms.CharField(
        label=_("Agency (if not in the directory)"),
        max_length=200,
        required=False,
        help_text=_("Who the referral goes to. You complete the referral's content next."),
    )
    referral_on = forms.DateField(label=_("Date of referral"), required=False, widget=DateInput)
    referral_reference = forms.CharField(
        label=_("Agency's reference (if known)"), max_length=60, required=False
    )
    police_called_by = forms.CharField(
        label=_("Who called the police"), max_length=150, required=False
    )
    police_called_on = forms.DateField(
        label=_("Date of the call"), required=False, widget=DateInput
    )
    police_called_time = forms.TimeField(
        label=_("Time of the call"), required=False, widget=TimeInput
    )
    police_reference = forms.CharField(
        label=_("Police reference (if given)"), max_length=60, required=False
    )

    def __init__(
        self,
        *args: Any,
        membership: Membership | None = None,
        kind: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if kind is None and self.is_bound:
            kind = str(self.data.get("kind", ""))
        self.chosen = kind if kind in DecisionKind.values else None
        keep = FIELDS_OF_DECISION.get(self.chosen or "", ())
        for names in FIELDS_OF_DECISION.values():
            for name in names:
                if name not in keep:
                    del self.fields[name]
        if self.chosen is not None:
            self.fields["kind"].widget = forms.HiddenInput()
            self.initial["kind"] = self.chosen
        if membership is not None and "referral_contact" in self.fields:
            self.fields["referral_contact"].queryset = agencies_for(membership)  # type: ignore[attr-defined]

    def chosen_label(self) -> str:
        return str(DecisionKind(self.chosen).label) if self.chosen else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == DecisionKind.EXTERNAL_REFERRAL:
            check_agency(
                self, cleaned, contact_field="referral_contact", kind_field="referral_kind"
            )
            for name, message in (
                ("referral_kind", _("Choose the kind of referral")),
                ("referral_agency", _("Enter the agency the referral goes to")),
                ("referral_on", _("Enter the date of the referral")),
            ):
                if name == "referral_agency" and cleaned.get("referral_contact"):
                    continue
                if not cleaned.get(name):
                    self.add_error(name, message)
        if kind == DecisionKind.EMERGENCY:
            if not cleaned.get("police_called_by"):
                self.add_error("police_called_by", _("Say who called the police"))
            if not cleaned.get("police_called_on"):
                self.add_error("police_called_on", _("Enter the date the police were called"))
        called = combine(cleaned.get("police_called_on"), cleaned.get("police_called_time"))
        if called and called > timezone.now():
            self.add_error("police_called_on", _("The call cannot be in the future"))
        return cleaned


class PartyForm(PersonPickerMixin, forms.Form):
    person = PersonPickerField(
        required=False,
        label=_("Person from the directory"),
        help_text=_("Type part of their name or their reference, press Find, then choose them."),
        label_of=full_label,
        none_label=_("Not in the directory"),
    )
    description = forms.CharField(
        max_length=300, required=False, label=_("Or describe them if they are not listed")
    )
    role = forms.ChoiceField(
        label=_("Their role in this case"),
        choices=PartyRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose their role")},
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_pickers(membership, purpose="case", url=reverse("cases:person_picker"))


class ActionForm(forms.Form):
    description = forms.CharField(
        max_length=300,
        label=_("Action"),
        help_text=_("What will be done, for example: weekly mentoring sessions with the tutor."),
    )
    owner = UserChoiceField(
        queryset=User.objects.none(), label=_("Owner"), empty_label=_("Choose who owns it")
    )
    due_on = forms.DateField(label=_("Due date"), widget=DateInput)

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(membership)  # type: ignore[attr-defined]
        self.fields["owner"].to_field_name = "public_id"  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    summary = forms.CharField(
        label=_("Review summary"),
        widget=TEXTAREA,
        help_text=_(
            "What has changed since the last review, what support has achieved, and "
            "what you decided."
        ),
    )
    outcome = forms.ChoiceField(
        label=_("What happens next"), choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    next_due_on = forms.DateField(
        label=_("Next review date (optional)"),
        required=False,
        widget=DateInput,
        help_text=_("Leave blank for the usual interval after today."),
    )
    next_due_time = forms.TimeField(label=_("Time (optional)"), required=False, widget=TimeInput)

    def next_due_at(self) -> datetime | None:
        return combine(
            self.cleaned_data.get("next_due_on"), self.cleaned_data.get("next_due_time"), time(9, 0)
        )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        widget=TEXTAREA,
        help_text=_("Facts: who, what, when. Say where information came from."),
    )
    occurred_on = forms.DateField(
        label=_("When it happened (optional)"),
        required=False,
        widget=DateInput,
        help_text=_("Back-date the note to when it happened. Leave blank for now."),
    )
    occurred_time = forms.TimeField(label=_("Time (optional)"), required=False, widget=TimeInput)

    def occurred_at(self) -> datetime | None:
        return combine(self.cleaned_data.get("occurred_on"), self.cleaned_data.get("occurred_time"))


class CloseForm(forms.Form):
    outcome_summary = forms.CharField(
        label=_("Outcome summary"),
        widget=TEXTAREA,
        help_text=_("What happened, what support was given, and why the case can close."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=TEXTAREA)


class MonitorForm(forms.Form):
    rationale = forms.CharField(label=_("Why monitor this closed case"), widget=TEXTAREA)
    review_on = forms.DateField(label=_("Look at it again on"), widget=DateInput)


class RestrictForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Who may open this case"),
        help_text=_(
            "Only the people ticked (and you) may open it; others must break glass, "
            "which is recorded. Tick nobody to lift the restriction."
        ),
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["users"]
        field.queryset = members_of(membership, roles_with(Can.HANDLE_CASES))  # type: ignore[attr-defined]
        field.to_field_name = "public_id"  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.full_name  # type: ignore[attr-defined]


class CategoryForm(forms.Form):
    category = SafeguardingCategoryChoiceField(
        queryset=SafeguardingCategory.objects.none(),
        required=False,
        to_field_name="public_id",
        label=_("Category"),
        help_text=_("The safeguarding category that counts in the figures."),
        empty_label=_("None yet"),
    )
    prevent_type = ConcernTypeChoiceField(
        queryset=ConcernType.objects.none(),
        required=False,
        label=_("Prevent type"),
        help_text=_("Only when the category is the Prevent one: the Home Office type."),
        empty_label=_("None yet"),
    )

    def __init__(
        self, membership: Membership, case: Case | None = None, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        current = case.safeguarding_category if case is not None else None
        self.fields["category"].queryset = for_cases(  # type: ignore[attr-defined]
            membership.organisation_id, current
        )
        self.fields["prevent_type"].queryset = current_concern_types(  # type: ignore[attr-defined]
            membership.organisation_id
        ).filter(is_not_sure=False)


class CaseFilterForm(forms.Form):
    """The case list's filters and sort, read from the query string (GET).

    Values are keys and public ids only, never names: the URL carries no personal data.
    ``choices`` is ``cases.queries.case_list_choices`` (one query for all three lists).
    """

    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    lead = forms.ChoiceField(label=_("Case lead"), required=False)
    site = forms.ChoiceField(label=_("Site"), required=False)
    overdue = forms.BooleanField(
        label=_("Only cases with an overdue review or action"), required=False
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(
        self,
        choices: dict[str, list[tuple[str, str]]],
        statuses: list[tuple[str, str]],
        sorts: list[tuple[str, str]],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = statuses  # type: ignore[attr-defined]
        self.fields["sort"].choices = sorts  # type: ignore[attr-defined]
        for name in ("category", "lead", "site"):
            self.fields[name].choices = [("", _("Any")), *choices[name]]  # type: ignore[attr-defined]
