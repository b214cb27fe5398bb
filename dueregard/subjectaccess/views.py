"""Subject access request pages: the list, starting one, the workspace (what is held, the
redactions), extending, closing, and the export. The DSL team only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dueregard.audit.services import log
from dueregard.core import exports
from dueregard.core.errors import DomainError
from dueregard.core.formviews import REFUSED, Done, button_view, form_view
from dueregard.organisations.access import get_object_for, member_required, membership_of
from dueregard.organisations.permissions import Can
from dueregard.people.models import Person
from dueregard.people.picker import picker_response
from dueregard.subjectaccess import audit_codes as codes
from dueregard.subjectaccess import services
from dueregard.subjectaccess.collect import collect
from dueregard.subjectaccess.export import export_response
from dueregard.subjectaccess.forms import (
    PURPOSE,
    CloseForm,
    DecideForm,
    ExtendForm,
    StartForm,
    TermForm,
)
from dueregard.subjectaccess.models import (
    RedactionTerm,
    RequestStatus,
    SubjectAccessRequest,
    TermDecision,
)

handlers = member_required(Can.HANDLE_SUBJECT_ACCESS)
exporters = member_required(Can.EXPORT_SUBJECT_ACCESS)


def _request_for(request: HttpRequest, public_id: Any) -> SubjectAccessRequest:
    membership = membership_of(request)
    sar: SubjectAccessRequest = get_object_for(
        SubjectAccessRequest.objects.visible_to(membership).select_related("person"),
        membership,
        public_id,
    )
    return sar


def _detail_url(sar: SubjectAccessRequest) -> str:
    return reverse("subjectaccess:detail", args=[sar.public_id])


def _refusal(sar: SubjectAccessRequest, *, sent_too: bool = False) -> str:
    """Why the request's state refuses a change ("" when it allows it). Redactions may
    change after a response was sent (``sent_too``): it may be sent again."""
    if sar.status == RequestStatus.OPEN or (sent_too and sar.status == RequestStatus.SENT):
        return ""
    return _("This request is %(status)s: it can no longer be changed.") % {
        "status": sar.get_status_display().lower()
    }


@require_GET
@handlers
def request_list(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    status = request.GET.get("status", "open")
    requests = SubjectAccessRequest.objects.visible_to(membership).select_related("person")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    else:
        status = "all"
    rows = list(requests.order_by("due_on", "received_on")[:200])
    # The list names people: reading it is audited like reading a record.
    log(
        membership,
        codes.SAR_LIST_VIEWED,
        object_type="subject_access_list",
        context={"status": status, "rows": len(rows)},
    )
    return render(
        request,
        "subjectaccess/list.html",
        {
            "rows": rows,
            "status": status,
            "statuses": RequestStatus.choices,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@handlers
def start(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    person = None
    if request.method == "GET" and request.GET.get("person"):
        person = get_object_for(
            Person.objects.visible_to(membership), membership, request.GET["person"]
        )
    form = StartForm(membership, request.POST or None, person=person)

    def apply() -> Done:
        sar = services.start_request(membership, form.to_command())
        return Done(_("Subject access request started."), _detail_url(sar))

    return form_view(request, form=form, apply=apply, template="subjectaccess/start.html")


@require_POST
@handlers
def person_picker(request: HttpRequest) -> JsonResponse:
    """The matches for the start form's person picker (``people.picker``), for its script."""
    return picker_response(request, StartForm(membership_of(request)), purpose=PURPOSE)


@require_GET
@handlers
def detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The workspace: the request, everything held about the person, the redactions."""
    membership = membership_of(request)
    sar = _request_for(request, public_id)
    held = collect(membership, sar)
    terms = list(sar.terms.select_related("decided_by"))
    log(membership, codes.SAR_VIEWED, sar, context={"records": held.count})
    return render(
        request,
        "subjectaccess/detail.html",
        {
            "sar": sar,
            "held": held,
            "terms": terms,
            "undecided": sum(1 for t in terms if t.decision == TermDecision.PROPOSED),
            "today": timezone.localdate(),
            "may_export": membership.can(Can.EXPORT_SUBJECT_ACCESS),
        },
    )


def _form_page(
    request: HttpRequest,
    sar: SubjectAccessRequest,
    form: forms.Form,
    apply: Any,
    title: str,
    intro: str = "",
    *,
    sent_too: bool = False,
) -> HttpResponse:
    return form_view(
        request,
        form=form,
        apply=apply,
        template="subjectaccess/form.html",
        success_url=_detail_url(sar),
        context={"sar": sar, "title": title, "intro": intro},
        refusal=_refusal(sar, sent_too=sent_too),
    )


@require_http_methods(["GET", "POST"])
@handlers
def extend(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    sar = _request_for(request, public_id)
    form = ExtendForm(request.POST or None)

    def apply() -> str:
        services.extend(
            membership,
            sar,
            extended_to=form.cleaned_data["extended_to"],
            reason=form.cleaned_data["reason"],
        )
        return _("Deadline extended. Tell the person why, within the first month.")

    return _form_page(request, sar, form, apply, _("Extend the deadline"))


@require_http_methods(["GET", "POST"])
@handlers
def close(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    sar = _request_for(request, public_id)
    form = CloseForm(request.POST or None)

    def apply() -> str:
        services.close(membership, sar, reason=form.cleaned_data["reason"])
        return _("Request closed without a response.")

    return _form_page(request, sar, form, apply, _("Close without a response"))


@require_http_methods(["GET", "POST"])
@handlers
def add_term(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    sar = _request_for(request, public_id)
    form = TermForm(request.POST or None)

    def apply() -> str:
        services.add_term(membership, sar, form.cleaned_data["text"])
        return _("Those words will be redacted.")

    return _form_page(
        request,
        sar,
        form,
        apply,
        _("Add words to redact"),
        _(
            "Someone else's name or details written in the records, such as a person "
            "described in a concern who is not in the directory."
        ),
        sent_too=True,
    )


@require_POST
@handlers
def find_names(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    sar = _request_for(request, public_id)

    def apply() -> str:
        added = services.find_names(membership, sar)
        return _("%(count)d new names proposed for redaction.") % {"count": added}

    return button_view(request, apply=apply, success_url=_detail_url(sar))


@require_POST
@handlers
def decide(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    term: RedactionTerm = get_object_for(
        RedactionTerm.objects.visible_to(membership).select_related("request"),
        membership,
        public_id,
    )
    form = DecideForm(request.POST)

    def apply() -> str:
        decision = form.cleaned_data["decision"]
        services.decide(membership, term, decision)
        if decision == TermDecision.ACCEPTED:
            return _("Those words will be redacted.")
        return _("Those words will be kept.")

    return button_view(request, apply=apply, form=form, success_url=_detail_url(term.request))


@require_POST
@exporters
def export(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The response as a ZIP (PDF, JSON, files), logged as a disclosure to the person."""
    membership = membership_of(request)
    sar = _request_for(request, public_id)
    try:
        response = export_response(membership, sar)
    except DomainError as error:
        form = forms.Form(data={})
        form.is_valid()
        form.add_error(None, str(error))
        return render(
            request,
            REFUSED,
            {
                "form": form,
                "not_allowed": str(error),
                "error": error,
                "back": _detail_url(sar),
                "title": _("The response could not be exported"),
            },
            status=409,
        )
    return exports.download(response.content, response.filename, "application/zip")
