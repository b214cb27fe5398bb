"""A person's safeguarding record for the DSL team: their history, flags, parent and carer
contacts and related people on one page. Every view is audited (``person.viewed``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from dueregard.audit.services import log
from dueregard.cases.history import KINDS, person_history
from dueregard.core.forms import DateInput
from dueregard.organisations.access import get_object_for, member_required, membership_of
from dueregard.organisations.permissions import Can
from dueregard.people.audit_codes import PERSON_VIEWED
from dueregard.people.models import CarerContact, Person, PersonFlag, PersonRelation


class HistoryFilterForm(forms.Form):
    """The timeline's filters: a kind and dates, nothing about the person, so a GET form."""

    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Everything")), *KINDS.items()],
    )
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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data


@require_GET
@member_required(Can.PERSON_RECORD)
def person_record(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The person's whole safeguarding history, newest first, filterable by kind and date,
    with their flags (current and ended), contacts and related people. Records of restricted
    cases the member may not open are left out (``records_about_person``)."""
    membership = membership_of(request)
    person = get_object_for(
        Person.objects.visible_to(membership).select_related("site"), membership, public_id
    )
    form = HistoryFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {
            "kind": form.cleaned_data["kind"],
            "date_from": form.cleaned_data["date_from"],
            "date_to": form.cleaned_data["date_to"],
        }
    history = person_history(membership, person, **filters)
    flags = list(PersonFlag.objects.filter(person=person).select_related("ended_by"))
    relations = list(
        PersonRelation.objects.filter(Q(person=person) | Q(other=person)).select_related(
            "person", "other"
        )
    )
    related = sorted(
        ((r, r.other if r.person_id == person.pk else r.person) for r in relations),
        key=lambda pair: (pair[1].family_name, pair[1].given_name),
    )
    log(
        membership,
        PERSON_VIEWED,
        person,
        context={
            "page": "safeguarding_record",
            "kind": filters.get("kind") or "all",
            "dated": bool(filters.get("date_from") or filters.get("date_to")),
        },
    )
    return render(
        request,
        "cases/person_record.html",
        {
            "person": person,
            "form": form,
            "history": history,
            "filtered": any(filters.values()),
            "current_flags": [f for f in flags if f.is_current],
            "ended_flags": [f for f in flags if not f.is_current],
            "contacts": CarerContact.objects.filter(person=person),
            "related": related,
        },
    )
