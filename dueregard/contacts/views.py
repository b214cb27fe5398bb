"""The contacts directory: everyone reads the emergency numbers and leads; the DSL team,
administrators, senior leaders and inspectors read it all; DSL, deputies and administrators
keep it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from dueregard.contacts import services
from dueregard.contacts.forms import ContactForm
from dueregard.contacts.models import PUBLIC_KINDS, Contact, ContactKind
from dueregard.core.formviews import form_view
from dueregard.organisations.access import get_object_for, member_required, membership_of
from dueregard.organisations.permissions import Can


@require_GET
@member_required()
def contact_list(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    contacts = Contact.objects.visible_to(membership).filter(is_active=True)
    if not membership.can(Can.READ_ALL_CONTACTS):
        contacts = contacts.filter(kind__in=PUBLIC_KINDS)
    contacts = contacts.prefetch_related("sites")
    groups: dict[str, list[Contact]] = {}
    for contact in contacts:
        groups.setdefault(contact.kind, []).append(contact)
    ordered = [(ContactKind(k).label, groups[k]) for k in ContactKind.values if k in groups]
    archived = (
        Contact.objects.visible_to(membership).filter(is_active=False)
        if services.can_edit(membership)
        else Contact.objects.none()
    )
    return render(
        request,
        "contacts/list.html",
        {"groups": ordered, "can_edit": services.can_edit(membership), "archived": archived},
    )


def _contact_form(request: HttpRequest, contact: Contact | None) -> HttpResponse:
    membership = membership_of(request)
    initial: dict[str, Any] = {"is_active": True}
    if contact is not None:
        initial = {name: getattr(contact, name) for name in services.FIELDS}
        initial["sites"] = list(contact.sites.all())
    form = ContactForm(membership, request.POST or None, initial=initial)

    def apply() -> str:
        data = dict(form.cleaned_data)
        sites = data.pop("sites")
        services.save_contact(membership, data, sites=sites, contact=contact)
        return "Contact saved."

    return form_view(
        request,
        form=form,
        apply=apply,
        template="contacts/form.html",
        success_url=reverse("contacts:list"),
        context={"contact": contact},
    )


@require_http_methods(["GET", "POST"])
@member_required(Can.EDIT_CONTACTS)
def add(request: HttpRequest) -> HttpResponse:
    return _contact_form(request, None)


@require_http_methods(["GET", "POST"])
@member_required(Can.EDIT_CONTACTS)
def edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    contact = get_object_for(Contact.objects.visible_to(membership), membership, public_id)
    return _contact_form(request, contact)
