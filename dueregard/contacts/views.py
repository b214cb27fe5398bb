"""The contacts directory: everyone reads the emergency numbers and leads; the DSL team,
administrators, senior leaders and inspectors read it all; DSL, deputies and administrators
keep it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from dueregard.contacts import services
from dueregard.contacts.forms import ContactForm
from dueregard.contacts.models import PUBLIC_KINDS, Contact, ContactKind
from dueregard.core.errors import DomainError
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


def _form_view(request: HttpRequest, contact: Contact | None) -> HttpResponse:
    membership = membership_of(request)
    initial: dict[str, Any] = {"is_active": True}
    if contact is not None:
        initial = {name: getattr(contact, name) for name in services.FIELDS}
        initial["sites"] = list(contact.sites.all())
    form = ContactForm(membership, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sites = data.pop("sites")
        try:
            services.save_contact(membership, data, sites=sites, contact=contact, request=request)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Contact saved.")
            return redirect("contacts:list")
    return render(request, "contacts/form.html", {"form": form, "contact": contact})


@require_http_methods(["GET", "POST"])
@member_required(Can.EDIT_CONTACTS)
def add(request: HttpRequest) -> HttpResponse:
    return _form_view(request, None)


@require_http_methods(["GET", "POST"])
@member_required(Can.EDIT_CONTACTS)
def edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    contact = get_object_for(Contact.objects.visible_to(membership), membership, public_id)
    return _form_view(request, contact)
