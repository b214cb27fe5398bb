"""Pages of the people directory: DSL, deputy DSL and administrator only.

Every page that shows people's details writes an audit event. Search terms are personal
data too: they never go into an audit summary or a log line.
"""

from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from dueregard.audit.services import log
from dueregard.core.formviews import Done, form_view
from dueregard.organisations.access import get_object_for, member_required, membership_of
from dueregard.organisations.permissions import Can
from dueregard.people import services
from dueregard.people.audit_codes import (
    PERSON_LIST_VIEWED,
    PERSON_VIEWED,
    PERSON_VIEWED_TO_CHANGE,
)
from dueregard.people.csv_import import CSV_COLUMNS, MAX_IMPORT_ROWS, ImportRefused
from dueregard.people.forms import ImportPeopleForm, PersonForm, PersonSearchForm
from dueregard.people.models import Person

PAGE_SIZE = 50

people_managers_only = member_required(Can.MANAGE_PEOPLE)


#: The directory search lives in the session, not the URL: names are personal data and
#: URLs end up in browser history, proxy logs and Referer headers.
SEARCH_SESSION_KEY = "people_search"


@people_managers_only
@require_http_methods(["GET", "POST"])
def person_list(request: HttpRequest) -> HttpResponse:
    """The organisation's people, searchable by name or reference, 50 a page.

    POST sets (or, with ``clear``, drops) the search and redirects; GET shows the page of
    results for the search held in the session.
    """
    membership = membership_of(request)
    if request.method == "POST":
        if "clear" in request.POST:
            request.session.pop(SEARCH_SESSION_KEY, None)
            return redirect("people:list")
        form = PersonSearchForm(request.POST)
        if form.is_valid():
            request.session[SEARCH_SESSION_KEY] = {
                "q": form.cleaned_data["q"],
                "kind": form.cleaned_data["kind"],
                "archived": form.cleaned_data["archived"],
            }
            return redirect("people:list")
    else:
        form = PersonSearchForm(request.session.get(SEARCH_SESSION_KEY) or {})
    people = form.filter(
        Person.objects.visible_to(membership)
        .select_related("site")
        .order_by("family_name", "given_name", "pk")
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    log(
        membership,
        PERSON_LIST_VIEWED,
        object_type="person_list",
        context={"page": page.number, "rows": len(page.object_list)},
    )
    return render(request, "people/person_list.html", {"form": form, "page": page})


@people_managers_only
@require_GET
def person_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    person = get_object_for(
        Person.objects.visible_to(membership).select_related("site"), membership, public_id
    )
    log(membership, PERSON_VIEWED, person)
    return render(request, "people/person_detail.html", {"person": person})


@people_managers_only
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = PersonForm(membership.organisation, request.POST if request.method == "POST" else None)

    def apply() -> Done:
        person = services.create_person(membership, **form.details())
        return Done(
            _("Person added to the directory"),
            reverse("people:detail", kwargs={"public_id": person.public_id}),
        )

    return form_view(
        request,
        form=form,
        apply=apply,
        template="people/person_form.html",
        context={"person": None},
    )


@people_managers_only
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Change a person's details; an archived person's are refused (409)."""
    membership = membership_of(request)
    person = get_object_for(Person.objects.visible_to(membership), membership, public_id)
    if request.method == "POST":
        form = PersonForm(membership.organisation, request.POST)
    else:
        # The form shows the person's details, so opening it counts as viewing them.
        log(membership, PERSON_VIEWED_TO_CHANGE, person)
        form = PersonForm(membership.organisation, initial=PersonForm.initial_for(person))

    def apply() -> str:
        services.update_person(membership, person, **form.details())
        return _("Details saved")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="people/person_form.html",
        success_url=reverse("people:detail", kwargs={"public_id": person.public_id}),
        context={"person": person},
    )


@people_managers_only
@require_http_methods(["GET", "POST"])
def person_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV of people: all are added, or none and every problem is listed."""
    membership = membership_of(request)
    form = (
        ImportPeopleForm(request.POST, request.FILES)
        if request.method == "POST"
        else ImportPeopleForm()
    )

    def apply() -> str:
        upload = form.cleaned_data["file"]
        result = services.import_people_csv(membership, b"".join(upload.chunks()))
        if not result.ok:
            raise ImportRefused(result.problems)
        return ngettext(
            "%(count)d person imported", "%(count)d people imported", result.created
        ) % {"count": result.created}

    return form_view(
        request,
        form=form,
        apply=apply,
        template="people/person_import.html",
        success_url="people:list",
        context={"columns": CSV_COLUMNS, "max_rows": f"{MAX_IMPORT_ROWS:,}"},
    )
