"""Forms of the contacts directory."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dueregard.contacts.models import ContactKind
from dueregard.organisations.models import Membership, Site


class SiteChoiceField(forms.ModelMultipleChoiceField[Site]):
    def clean(self, value: Any) -> Any:
        try:
            return super().clean(value)
        except OverflowError as exc:
            # SQLite cannot bind an id past 64 bits (a 500 otherwise): no site has it.
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": max(map(str, value), key=len)[:30]},
            ) from exc


class ContactForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of contact"),
        choices=[("", _("Choose")), *ContactKind.choices],
        error_messages={"required": _("Choose the kind of contact.")},
    )
    name = forms.CharField(
        label=_("Name or team"),
        max_length=200,
        help_text=_("The team, or a named officer's name and role."),
        error_messages={"required": _("Enter the name or team.")},
    )
    agency = forms.CharField(label=_("Agency (optional)"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    out_of_hours_phone = forms.CharField(
        label=_("Out-of-hours phone (optional)"), max_length=40, required=False
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        error_messages={"invalid": _("Enter an email address like team@agency.example.")},
    )
    address = forms.CharField(
        label=_("Address or portal (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    areas = forms.CharField(
        label=_("Areas covered (optional)"),
        max_length=300,
        required=False,
        help_text=_("Boroughs, counties or regions."),
    )
    sites = SiteChoiceField(
        label=_("Sites covered (optional)"),
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked if the contact covers every site."),
    )
    notes = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When to use this contact. Never write about a case here."),
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = Site.objects.filter(  # type: ignore[attr-defined]
            organisation_id=membership.organisation_id
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ways = ("phone", "out_of_hours_phone", "email", "address")
        if not self.errors and not any(str(data.get(f) or "").strip() for f in ways):
            self.add_error("phone", _("Give at least one way to reach this contact."))
        for name in ("name", "agency", "phone", "out_of_hours_phone", "areas", "notes", "address"):
            if "\x00" in str(data.get(name) or ""):
                self.add_error(name, _("Remove the invalid character."))
        return data
