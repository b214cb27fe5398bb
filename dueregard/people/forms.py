"""Forms of the people directory. They read and tidy input; the services decide."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dueregard.core.forms import DateInput
from dueregard.organisations.models import Membership, Organisation, Site
from dueregard.people.csv_import import MAX_IMPORT_ROWS
from dueregard.people.models import FlagKind, Person, PersonKind, RelationKind
from dueregard.people.picker import PersonPickerField, PersonPickerMixin, full_label
from dueregard.people.search import matching

MAX_IMPORT_BYTES = 2 * 1024 * 1024

# Other people's details: browsers should neither suggest nor remember them.
_PRIVATE_INPUT = {"autocomplete": "off", "spellcheck": "false"}


class PersonForm(forms.Form):
    """Add or change one person. ``organisation`` limits the sites offered."""

    kind = forms.ChoiceField(
        label=_("Kind of person"),
        choices=PersonKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Learner includes apprentices. Contractors and visitors work or visit on site."
        ),
        error_messages={"required": _("Choose what kind of person this is.")},
    )
    given_name = forms.CharField(
        label=_("Given name"),
        max_length=100,
        help_text=_("Their first name, as your records spell it."),
        widget=forms.TextInput(attrs=_PRIVATE_INPUT),
        error_messages={"required": _("Enter the given name.")},
    )
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=100,
        help_text=_("Their last name or surname."),
        widget=forms.TextInput(attrs=_PRIVATE_INPUT),
        error_messages={"required": _("Enter the family name.")},
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth (optional)"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("For example, 03/03/2009. Leave it blank if you do not know it."),
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={**_PRIVATE_INPUT, "class": "govuk-input--width-10", "inputmode": "numeric"},
        ),
        error_messages={
            "invalid": _("Enter the date of birth as day/month/year, for example 03/03/2009.")
        },
    )
    reference = forms.CharField(
        label=_("Reference (optional)"),
        max_length=40,
        required=False,
        help_text=_(
            "Your organisation's own number for them, such as a learner or staff number. "
            "No two people can have the same one."
        ),
        widget=forms.TextInput(attrs={**_PRIVATE_INPUT, "class": "govuk-input--width-20"}),
    )
    site = forms.ModelChoiceField(
        label=_("Site (optional)"),
        queryset=Site.objects.none(),
        required=False,
        empty_label=_("Not recorded"),
        help_text=_("Where they mainly study or work."),
    )

    def __init__(self, organisation: Organisation, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_field = self.fields["site"]
        assert isinstance(site_field, forms.ModelChoiceField)
        site_field.queryset = Site.objects.filter(organisation=organisation)

    @staticmethod
    def initial_for(person: Person) -> dict[str, Any]:
        return {
            "kind": person.kind,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth,
            "reference": person.reference,
            "site": person.site_id,
        }

    def details(self) -> dict[str, Any]:
        """The cleaned data as keyword arguments for ``create_person`` / ``update_person``."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "given_name": data["given_name"],
            "family_name": data["family_name"],
            "date_of_birth": data["date_of_birth"],
            "reference": data["reference"],
            "site": data["site"],
        }


class PersonSearchForm(forms.Form):
    """Search and filters of the directory list (POSTed, then kept in the session)."""

    q = forms.CharField(
        label=_("Name or reference"),
        required=False,
        max_length=100,
        help_text=_("Part of a given name, family name or reference."),
        widget=forms.TextInput(attrs={**_PRIVATE_INPUT, "type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of person"),
        required=False,
        choices=[("", _("All kinds")), *PersonKind.choices],
    )
    archived = forms.BooleanField(label=_("Include archived people"), required=False)

    def filter(self, people: Any) -> Any:
        """Narrow a ``Person`` queryset to the search; unfiltered-but-current when invalid."""
        if not self.is_valid():
            return people.filter(is_archived=False)
        data = self.cleaned_data
        if not data["archived"]:
            people = people.filter(is_archived=False)
        if data["kind"]:
            people = people.filter(kind=data["kind"])
        return matching(people, data["q"])

    @property
    def is_searching(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class ImportPeopleForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=format_lazy(
            _("A .csv file saved as 'CSV UTF-8', up to 2 MB and {max} people."),
            max=f"{MAX_IMPORT_ROWS:,}",
        ),
        error_messages={"required": _("Choose the CSV file to import.")},
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name or "").suffix.lower() != ".csv":
            raise forms.ValidationError(
                _(
                    "The file must be a CSV file ending in .csv. In Excel, choose Save As and "
                    "the type 'CSV UTF-8 (Comma delimited)'."
                )
            )
        if upload.size is None or upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file must be 2 MB or smaller. Split it into smaller files.")
            )
        return upload


# --- The safeguarding record: flags, parent and carer contacts, related people -----------


class FlagForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Flag"),
        choices=FlagKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a flag.")},
    )
    detail = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=2000,
        help_text=_("Only what the DSL team needs, e.g. the local authority or the plan."),
        widget=forms.Textarea(attrs={"rows": 3, **_PRIVATE_INPUT}),
    )
    starts_on = forms.DateField(
        label=_("Since"),
        widget=DateInput,
        error_messages={
            "required": _("Enter the date it started."),
            "invalid": _("Enter a real date."),
        },
    )


class EndFlagForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Ended on"),
        widget=DateInput,
        error_messages={
            "required": _("Enter the date it ended."),
            "invalid": _("Enter a real date."),
        },
    )


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        widget=forms.TextInput(attrs=_PRIVATE_INPUT),
        error_messages={"required": _("Enter their name.")},
    )
    relationship = forms.CharField(
        label=_("Relationship to the person"),
        max_length=100,
        help_text=_("For example mother, foster carer, uncle."),
        widget=forms.TextInput(attrs=_PRIVATE_INPUT),
        error_messages={"required": _("Say how they are related to the person.")},
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        help_text=_("Give a phone number, an email address or both."),
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", **_PRIVATE_INPUT}),
    )
    email = forms.CharField(
        label=_("Email"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", **_PRIVATE_INPUT}),
    )
    parental_responsibility = forms.TypedChoiceField(
        label=_("Do they have parental responsibility?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether they have parental responsibility.")},
    )
    notes = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        max_length=2000,
        help_text=_("For example: not to be contacted without the DSL; court order in place."),
        widget=forms.Textarea(attrs={"rows": 3, **_PRIVATE_INPUT}),
    )


class RelationForm(PersonPickerMixin, forms.Form):
    other = PersonPickerField(
        label=_("Related person"),
        label_of=full_label,
        help_text=_("Type part of their name or their reference, press Find, then choose them."),
        error_messages={"required": _("Choose the related person.")},
    )
    kind = forms.ChoiceField(
        label=_("How are they related?"),
        choices=RelationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how they are related.")},
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_pickers(membership, purpose="relation", url=reverse("people:relation_picker"))
