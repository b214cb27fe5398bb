"""Pages that change a person's safeguarding record: flags, parent and carer contacts and
related people. DSL team only (``Can.PERSON_RECORD``); each goes back to the record page
(``cases:person_record``, which shows the history the people app cannot read)."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.audit.services import log
from dueregard.core.formviews import button_view, form_view
from dueregard.organisations.access import get_object_for, member_required, membership_of
from dueregard.organisations.permissions import Can
from dueregard.people import record
from dueregard.people.audit_codes import PERSON_VIEWED_TO_CHANGE
from dueregard.people.forms import ContactForm, EndFlagForm, FlagForm, RelationForm
from dueregard.people.models import CarerContact, Person, PersonFlag, PersonRelation
from dueregard.people.picker import picker_response

record_keepers_only = member_required(Can.PERSON_RECORD)


def _record_url(person: Person) -> str:
    return reverse("cases:person_record", kwargs={"public_id": person.public_id})


def _person(request: HttpRequest, public_id: uuid.UUID) -> Person:
    membership = membership_of(request)
    person: Person = get_object_for(Person.objects.visible_to(membership), membership, public_id)
    if request.method == "GET":
        # The page names the person: opening it counts as viewing them.
        log(membership, PERSON_VIEWED_TO_CHANGE, person)
    return person


@record_keepers_only
@require_http_methods(["GET", "POST"])
def add_flag(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    person = _person(request, public_id)
    form = FlagForm(request.POST if request.method == "POST" else None)

    def apply() -> str:
        data = form.cleaned_data
        record.add_flag(
            membership,
            person,
            kind=data["kind"],
            starts_on=data["starts_on"],
            detail=data["detail"],
        )
        return _("Flag added")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="people/record_form.html",
        success_url=_record_url(person),
        context={"person": person, "title": _("Add a flag"), "button": _("Add flag")},
    )


@record_keepers_only
@require_http_methods(["GET", "POST"])
def end_flag(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    flag = get_object_for(
        PersonFlag.objects.visible_to(membership).select_related("person"), membership, public_id
    )
    if request.method == "GET":
        log(membership, PERSON_VIEWED_TO_CHANGE, flag.person)
    form = EndFlagForm(request.POST if request.method == "POST" else None)

    def apply() -> str:
        record.end_flag(membership, flag, ends_on=form.cleaned_data["ends_on"])
        return _("Flag ended")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="people/record_form.html",
        success_url=_record_url(flag.person),
        context={
            "person": flag.person,
            "flag": flag,
            "title": _("End a flag"),
            "button": _("End flag"),
        },
        refusal=_("This flag has already ended.") if flag.ends_on else "",
    )


@record_keepers_only
@require_http_methods(["GET", "POST"])
def add_contact(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    person = _person(request, public_id)
    form = ContactForm(request.POST if request.method == "POST" else None)

    def apply() -> str:
        record.add_contact(membership, person, record.ContactDetails(**form.cleaned_data))
        return _("Contact added")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="people/record_form.html",
        success_url=_record_url(person),
        context={
            "person": person,
            "title": _("Add a parent or carer"),
            "button": _("Add contact"),
        },
    )


@require_POST
@record_keepers_only
def remove_contact(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    contact = get_object_for(
        CarerContact.objects.visible_to(membership).select_related("person"), membership, public_id
    )

    def apply() -> str:
        record.remove_contact(membership, contact)
        return _("Contact removed")

    return button_view(request, apply=apply, success_url=_record_url(contact.person))


@record_keepers_only
@require_http_methods(["GET", "POST"])
def add_relation(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    person = _person(request, public_id)
    form = RelationForm(membership, request.POST if request.method == "POST" else None)

    def apply() -> str:
        data = form.cleaned_data
        record.relate(membership, person, data["other"], kind=data["kind"])
        return _("Related person linked")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="people/record_form.html",
        success_url=_record_url(person),
        context={
            "person": person,
            "title": _("Link a related person"),
            "button": _("Link person"),
        },
    )


@require_POST
@record_keepers_only
def relation_picker(request: HttpRequest) -> JsonResponse:
    """The matches for the picker of "Link a related person" (``people.picker``)."""
    return picker_response(request, RelationForm(membership_of(request)), purpose="relation")


@require_POST
@record_keepers_only
def remove_relation(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    relation = get_object_for(
        PersonRelation.objects.visible_to(membership).select_related("person", "other"),
        membership,
        public_id,
    )
    back = request.POST.get("from")
    person = relation.other if back == str(relation.other.public_id) else relation.person

    def apply() -> str:
        record.unrelate(membership, relation)
        return _("Related person unlinked")

    return button_view(request, apply=apply, success_url=_record_url(person))
