"""Forms for referrals and their follow-ups. The services decide."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, time
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.accounts.models import User
from dueregard.cases.models import Case
from dueregard.contacts.models import Contact
from dueregard.core.forms import DateInput, TimeInput
from dueregard.core.formviews import CommandForm
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, roles_with
from dueregard.people.models import Person
from dueregard.referrals import content
from dueregard.referrals.models import (
    NOT_AGENCIES,
    Referral,
    ReferralKind,
    ReferralStatus,
    SendMethod,
    contact_fits,
    referral_kind_for,
)
from dueregard.referrals.services import PROGRESS, DraftChanges, NewReferral
from dueregard.sharing.forms import (
    PRIVATE,
    BasisFields,
    ContactChoiceField,
    PersonChoiceField,
    UserChoiceField,
    choose,
    contacts_for,
    members_of,
    no_nul,
)

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class IsoDateInput(DateInput):
    """A date input whose initial value the browser's date picker can read."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class GroupedAgencyIterator(ModelChoiceIterator):
    """The agency picker's options, one ``<optgroup>`` per kind of referral the agencies take.

    Grouping keeps the picker usable without JavaScript: whatever kind is chosen, the
    fitting agencies are together under its name; the form checks the pair on submit.
    """

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list[Any]] = {str(kind): [] for kind in ReferralKind.values}
        for obj in self.queryset:
            groups[referral_kind_for(obj.kind)].append(self.choice(obj))
        for kind, options in groups.items():
            if options:
                yield (str(ReferralKind(kind).label), options)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class AgencyChoiceField(ContactChoiceField):
    """A directory entry to refer to, grouped by the kind of referral it takes."""

    iterator = GroupedAgencyIterator

    def label_from_instance(self, obj: Contact) -> str:
        return obj.label


def agencies_for(membership: Membership) -> Any:
    """The directory entries a referral may go to (not the organisation's own leads)."""
    return contacts_for(membership).exclude(kind__in=NOT_AGENCIES)


def check_agency(
    form: forms.Form,
    data: dict[str, Any],
    *,
    contact_field: str = "contact",
    kind_field: str = "kind",
) -> None:
    """A form error on ``contact_field`` when the chosen directory entry does not take the
    kind of referral in ``kind_field`` (the decision form names them ``referral_*``)."""
    contact, kind = data.get(contact_field), data.get(kind_field)
    if contact is not None and kind in ReferralKind.values and not contact_fits(kind, contact.kind):
        label = ReferralKind(kind).label
        form.add_error(
            contact_field,
            _(
                "That agency does not fit the kind of referral: choose one listed under "
                "'%(kind)s', or type the agency below."
            )
            % {"kind": label},
        )


AGENCY_HELP = _(
    "Agencies are grouped by the kind of referral they take: choose one under the kind you "
    "chose. For 'Other agency', any agency in the directory. If it is not listed, type it below."
)


class PrepareForm(CommandForm):
    """A new draft referral from the case page: kind, agency and date."""

    command = NewReferral

    kind = forms.ChoiceField(
        label=_("Kind of referral"),
        choices=choose(ReferralKind.choices),
        error_messages={"required": _("Choose the kind of referral.")},
    )
    contact = AgencyChoiceField(
        label=_("Agency from the contacts directory"),
        queryset=Contact.objects.none(),
        required=False,
        help_text=AGENCY_HELP,
    )
    agency = forms.CharField(
        label=_("Agency (if not in the directory)"), max_length=200, required=False
    )
    referred_on = forms.DateField(
        label=_("Date of referral"),
        widget=IsoDateInput,
        error_messages={
            "required": _("Enter the date of the referral."),
            "invalid": _("Enter a real date."),
        },
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = agencies_for(membership)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        no_nul(self, data)
        check_agency(self, data)
        if (
            not data.get("contact")
            and not (data.get("agency") or "").strip()
            and "agency" not in self.errors
            and "contact" not in self.errors
        ):
            self.add_error("contact", _("Choose the agency from the directory or type it."))
        day = data.get("referred_on")
        if day and abs((day - timezone.localdate()).days) > 366:
            self.add_error("referred_on", _("The date must be within a year of today."))
        return data


class DraftForm(BasisFields):
    """Everything about a draft referral, in the order the preparer thinks it through."""

    command = DraftChanges

    kind = PrepareForm.base_fields["kind"]
    contact = AgencyChoiceField(
        label=_("Agency from the contacts directory"),
        queryset=Contact.objects.none(),
        required=False,
        help_text=AGENCY_HELP,
    )
    agency = forms.CharField(
        label=_("Agency (if not in the directory)"), max_length=200, required=False
    )
    referred_on = PrepareForm.base_fields["referred_on"]
    person = PersonChoiceField(
        label=_("Who the referral is about"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("People linked to this case."),
    )
    shared_fields = forms.MultipleChoiceField(
        label=_("What the referral shares"),
        choices=[(i.code, i.label) for i in (*content.IDENTITY, *content.SECTIONS)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Share only what the agency needs. Unticked details and sections stay in the college."
        ),
    )

    field_order = [
        "kind",
        "contact",
        "agency",
        "referred_on",
        "person",
        *content.SECTION_CODES,
        "shared_fields",
        "lawful_basis_art6",
        "lawful_basis_art9",
        "lawful_basis_sch1",
        "lawful_basis_art10",
        "consent",
        "consent_reason",
    ]

    def __init__(self, membership: Membership, case: Case, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = agencies_for(membership)  # type: ignore[attr-defined]
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            organisation_id=membership.organisation_id,
            pk__in=case.parties.exclude(person=None).values("person_id"),
        )
        for item in content.SECTIONS:
            self.fields[item.code] = forms.CharField(
                label=str(item.label),
                help_text=str(item.hint),
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 4, **PRIVATE}),
            )
        self.order_fields(self.field_order)

    @classmethod
    def initial_for(cls, referral: Referral) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(referral, name)
            for name in (
                "kind",
                "contact",
                "agency",
                "referred_on",
                "person",
                "shared_fields",
                "lawful_basis_art6",
                "lawful_basis_art9",
                "lawful_basis_sch1",
                "lawful_basis_art10",
                "consent",
                "consent_reason",
            )
        }
        for code in content.SECTION_CODES:
            initial[code] = referral.section_text(code)
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        no_nul(self, data)
        check_agency(self, data)
        if (
            not data.get("contact")
            and not (data.get("agency") or "").strip()
            and "agency" not in self.errors
            and "contact" not in self.errors
        ):
            self.add_error("contact", _("Choose the agency from the directory or type it."))
        for code in content.SECTION_CODES:
            if code in (data.get("shared_fields") or []) and not (data.get(code) or "").strip():
                self.add_error(
                    code, _("Write this section, or untick it in 'What the referral shares'.")
                )
        self.check_consent(data, required=False)
        return data


class ApproveReferralForm(forms.Form):
    agency_reference = forms.CharField(
        label=_("Agency's reference (if known)"), max_length=60, required=False
    )

    def clean_agency_reference(self) -> str:
        value: str = self.cleaned_data["agency_reference"]
        if "\x00" in value:
            raise forms.ValidationError(_("Remove the invalid character."))
        return value


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it sent back?"),
        max_length=4000,
        widget=TEXTAREA,
        help_text=_("The preparer sees this on the case's chronology."),
        error_messages={"required": _("Say why the referral is sent back.")},
    )


class SentForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How was it sent?"),
        choices=SendMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the referral was sent.")},
    )
    sent_on = forms.DateField(
        label=_("Date sent"),
        widget=DateInput,
        error_messages={
            "required": _("Enter the date it was sent."),
            "invalid": _("Enter a real date."),
        },
    )
    sent_time = forms.TimeField(
        label=_("Time sent (optional)"),
        required=False,
        widget=TimeInput,
        error_messages={"invalid": _("Enter a real time, like 14:30.")},
    )
    officer = forms.CharField(
        label=_("Officer or team it went to (optional)"), max_length=120, required=False
    )

    def sent_at(self) -> datetime:
        day = self.cleaned_data["sent_on"]
        at = self.cleaned_data.get("sent_time") or time(12, 0)
        return timezone.make_aware(datetime.combine(day, at))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        no_nul(self, data)
        if data.get("sent_on") and self.sent_at() > timezone.now():
            self.add_error("sent_on", _("The referral cannot be sent in the future."))
        return data


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label=_("What happened?"),
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happened.")},
    )
    agency_reference = forms.CharField(
        label=_("Agency's reference (if given)"), max_length=60, required=False
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=TEXTAREA,
        help_text=_("What the agency said or decided. Required to withdraw an unsent referral."),
    )

    def __init__(self, allowed: Sequence[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (s, ReferralStatus(s).label) for s in PROGRESS if s in allowed
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        no_nul(self, data)
        return data


class FollowUpForm(forms.Form):
    description = forms.CharField(
        label=_("What needs following up"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what needs following up.")},
    )
    owner = UserChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Choose who owns it."),
            "invalid_choice": _("Choose who owns it."),
        },
    )
    due_on = forms.DateField(
        label=_("Due"),
        widget=DateInput,
        error_messages={
            "required": _("Enter the date it is due."),
            "invalid": _("Enter a real date."),
        },
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(  # type: ignore[attr-defined]
            membership, roles_with(Can.HANDLE_CASES)
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        no_nul(self, data)
        day = data.get("due_on")
        if day and abs((day - timezone.localdate()).days) > 3 * 366:
            self.add_error("due_on", _("The date must be within three years of today."))
        return data


class DoneForm(forms.Form):
    outcome = forms.CharField(
        label=_("What happened"),
        max_length=4000,
        widget=TEXTAREA,
        error_messages={"required": _("Say what happened.")},
    )


class ReferralFilterForm(forms.Form):
    """The referral list's filters. Sent as GET parameters: they carry no personal data."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *ReferralStatus.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of referral"),
        choices=[("", _("Any kind")), *ReferralKind.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a kind of referral from the list.")},
    )
