"""Forms of the information-sharing log, and the fields referrals share with it (the lawful
basis and consent, the directory and people pickers). The services decide."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
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
from dueregard.sharing import lawful
from dueregard.sharing.models import Disclosure, DisclosureKind
from dueregard.sharing.services import NewDisclosure

#: Free-text widgets that hold personal data: no browser autocomplete or spellcheck.
PRIVATE = {"autocomplete": "off", "spellcheck": "false"}


def choose(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("Choose")), *choices]


class ContactChoiceField(forms.ModelChoiceField[Contact]):
    def label_from_instance(self, obj: Contact) -> str:
        return f"{obj.get_kind_display()}: {obj.label}"


class PersonChoiceField(forms.ModelChoiceField[Person]):
    def label_from_instance(self, obj: Person) -> str:
        return obj.label


class UserChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


def contacts_for(membership: Membership) -> Any:
    return Contact.objects.filter(organisation_id=membership.organisation_id, is_active=True)


def members_of(membership: Membership, roles: list[str] | None = None) -> Any:
    members = Membership.objects.active().filter(organisation_id=membership.organisation_id)
    if roles:
        members = members.filter(role__in=roles)
    return User.objects.filter(pk__in=members.values("user_id")).order_by("full_name")


def no_nul(form: forms.Form, data: dict[str, Any]) -> None:
    for name, value in data.items():
        if isinstance(value, str) and "\x00" in value:
            form.add_error(name, _("Remove the invalid character."))


class BasisFields(CommandForm):
    """Lawful basis and consent: shared by the referral draft and the manual log entry."""

    lawful_basis_art6 = forms.ChoiceField(
        label=_("UK GDPR Article 6 lawful basis"),
        choices=choose(lawful.Article6.choices),
        required=False,
        help_text=_(
            "For a college's safeguarding duty this is usually public task or legal obligation."
        ),
    )
    lawful_basis_art9 = forms.ChoiceField(
        label=_("Article 9 condition (special category data)"),
        choices=choose(lawful.Article9.choices),
        required=False,
        help_text=_(
            "Religion, health, ethnicity, sexual life or political opinion are special category."
        ),
    )
    lawful_basis_sch1 = forms.ChoiceField(
        label=_("Data Protection Act 2018 Schedule 1 condition"),
        choices=choose(lawful.Schedule1.choices),
        required=False,
    )
    lawful_basis_art10 = forms.ChoiceField(
        label=_("Article 10 (criminal offence data)"),
        choices=choose(lawful.Article10.choices),
        required=False,
    )
    consent = forms.ChoiceField(
        label=_("Consent"),
        choices=lawful.Consent.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Sharing without consent is allowed when a child or others are at risk, but say why."
        ),
    )
    consent_reason = forms.CharField(
        label=_("Reason for sharing without consent"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when consent was not sought or was refused."),
    )

    def check_consent(self, data: dict[str, Any], *, required: bool) -> None:
        consent, reason = data.get("consent") or "", data.get("consent_reason") or ""
        if consent and consent != lawful.Consent.GIVEN and not reason.strip():
            self.add_error("consent_reason", _("Give the reason for sharing without consent."))
        if required:
            for name, message in lawful.check_basis(
                data.get("lawful_basis_art6") or "",
                data.get("lawful_basis_art9") or "",
                data.get("lawful_basis_sch1") or "",
                data.get("lawful_basis_art10") or "",
            ):
                if name not in self.errors:
                    self.add_error(name, message)
            if not consent:
                self.add_error(
                    "consent", _("Say whether consent was sought and whether it was given.")
                )


class DisclosureForm(BasisFields):
    """A disclosure made outside the referral flow, e.g. a phone call recorded afterwards."""

    command = NewDisclosure

    kind = forms.ChoiceField(
        label=_("How was it shared?"),
        choices=[c for c in DisclosureKind.choices if c[0] != DisclosureKind.REFERRAL_SENT],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the information was shared.")},
    )
    disclosed_on = forms.DateField(
        label=_("Date"),
        widget=DateInput,
        error_messages={"required": _("Enter the date."), "invalid": _("Enter a real date.")},
    )
    disclosed_time = forms.TimeField(
        label=_("Time (optional)"),
        required=False,
        widget=TimeInput,
        error_messages={"invalid": _("Enter a real time, like 14:30.")},
    )
    contact = ContactChoiceField(
        label=_("Agency from the contacts directory (optional)"),
        queryset=Contact.objects.none(),
        required=False,
    )
    recipient = forms.CharField(
        label=_("Shared with"),
        max_length=200,
        help_text=_("The agency, and the officer's name or role if known."),
        error_messages={"required": _("Say who the information was shared with.")},
    )
    person = PersonChoiceField(
        label=_("About whom (optional)"),
        queryset=Person.objects.none(),
        required=False,
    )
    case = forms.ModelChoiceField(
        label=_("Case (optional)"), queryset=Case.objects.none(), required=False
    )
    what = forms.CharField(
        label=_("What was shared"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, **PRIVATE}),
        error_messages={"required": _("Say what was shared.")},
    )
    purpose = forms.CharField(
        label=_("Why it was shared"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, **PRIVATE}),
        error_messages={"required": _("Say why it was shared.")},
    )
    approved_by = UserChoiceField(
        label=_("Approved by"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "The DSL / Prevent lead who agreed to the share. Leave empty if it is you. If you "
            "name someone else, the log shows their approval as stated by you."
        ),
    )

    field_order = [
        "kind",
        "disclosed_on",
        "disclosed_time",
        "contact",
        "recipient",
        "person",
        "case",
        "what",
        "purpose",
        "lawful_basis_art6",
        "lawful_basis_art9",
        "lawful_basis_sch1",
        "lawful_basis_art10",
        "consent",
        "consent_reason",
        "approved_by",
    ]

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = membership.organisation_id
        self.fields["contact"].queryset = contacts_for(membership)  # type: ignore[attr-defined]
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            organisation_id=org, is_archived=False
        ).order_by("family_name", "given_name")
        self.fields["case"].queryset = Case.objects.visible_to(membership).order_by("-id")  # type: ignore[attr-defined]
        approvers = members_of(membership, roles_with(Can.APPROVE_REFERRAL))
        self.fields["approved_by"].queryset = approvers  # type: ignore[attr-defined]
        self.order_fields(self.field_order)

    def disclosed_at(self) -> datetime:
        day = self.cleaned_data["disclosed_on"]
        at = self.cleaned_data.get("disclosed_time") or time(12, 0)
        return timezone.make_aware(datetime.combine(day, at))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        no_nul(self, data)
        if data.get("disclosed_on") and self.disclosed_at() > timezone.now() + timedelta(minutes=5):
            self.add_error("disclosed_on", _("A disclosure cannot be in the future."))
        self.check_consent(data, required=True)
        return data


class CorrectionForm(DisclosureForm):
    """A correction of a log entry: the entry as it should have been, and what was wrong."""

    correction_reason = forms.CharField(
        label=_("What was wrong with the entry"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, **PRIVATE}),
        help_text=_(
            "For example: the wrong team was named. The original entry stays in the log, "
            "marked as corrected."
        ),
        error_messages={"required": _("Say what was wrong with the entry.")},
    )

    field_order = ["correction_reason", *DisclosureForm.field_order]

    def __init__(
        self, membership: Membership, original: Disclosure, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(membership, *args, **kwargs)
        if original.kind == DisclosureKind.REFERRAL_SENT:
            self.fields["kind"].choices = DisclosureKind.choices  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(original: Disclosure) -> dict[str, Any]:
        """The form filled in with the entry as it stands, to change what was wrong."""
        at = timezone.localtime(original.disclosed_at)
        initial: dict[str, Any] = {
            name: getattr(original, name)
            for name in (
                "kind",
                "contact",
                "recipient",
                "person",
                "case",
                "what",
                "purpose",
                "lawful_basis_art6",
                "lawful_basis_art9",
                "lawful_basis_sch1",
                "lawful_basis_art10",
                "consent",
                "consent_reason",
                "approved_by",
            )
        }
        initial["disclosed_on"] = at.date().isoformat()
        initial["disclosed_time"] = at.strftime("%H:%M")
        return initial


class LogFilterForm(forms.Form):
    """Filters of the sharing log, posted (never in the URL) and kept in the session."""

    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False)
    contact = ContactChoiceField(label=_("Agency"), queryset=Contact.objects.none(), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=DateInput,
        error_messages={"invalid": _("Enter a real date.")},
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=DateInput,
        error_messages={"invalid": _("Enter a real date.")},
    )

    def __init__(self, membership: Membership, person_ids: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            organisation_id=membership.organisation_id, pk__in=person_ids
        ).order_by("family_name", "given_name")
        self.fields["contact"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            organisation_id=membership.organisation_id
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data
