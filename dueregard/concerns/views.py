"""Raising concerns (any member), receipts, and the DSL's triage queue."""

from __future__ import annotations

import io

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dueregard.audit.services import log
from dueregard.cases import services as case_services
from dueregard.cases.access import can_open
from dueregard.cases.history import subjects_with_hints
from dueregard.concerns.audit_codes import (
    ATTACHMENT_DOWNLOADED,
    CONCERN_TRIAGE_QUEUE_VIEWED,
    CONCERN_VIEWED,
)
from dueregard.concerns.forms import ConcernForm, DangerForm, TriageForm
from dueregard.concerns.models import (
    Attachment,
    Concern,
    ConcernStatus,
    PendingUpload,
    over_triage_target,
)
from dueregard.concerns.services import (
    NewConcern,
    held_uploads,
    hold_uploads,
    raise_concern,
    read_attachment,
    remove_held_uploads,
)
from dueregard.contacts.services import emergency_directory
from dueregard.core.errors import DomainError
from dueregard.core.formviews import Done, form_view
from dueregard.organisations.access import deny, get_object_for, member_required, membership_of
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.people.picker import picker_response


@require_http_methods(["GET", "POST"])
@member_required(Can.RAISE_CONCERN)
def raise_start(request: HttpRequest) -> HttpResponse:
    """Step 1: the immediate-danger question, before anything else."""
    form = DangerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["immediate_danger"]
        return redirect(f"{reverse('concerns:raise_details')}?danger={answer}")
    return render(request, "concerns/raise_start.html", {"form": form})


@require_POST
@member_required(Can.RAISE_CONCERN)
def person_picker(request: HttpRequest) -> JsonResponse:
    """The matches for a picker on the concern form (``people.picker``), for its script."""
    return picker_response(request, ConcernForm(membership_of(request)), purpose="concern")


@require_http_methods(["GET", "POST"])
@member_required(Can.RAISE_CONCERN)
def raise_details(request: HttpRequest) -> HttpResponse:
    """Step 2: the concern itself. An emergency answer shows the instruction first."""
    membership = membership_of(request)
    danger = request.GET.get("danger")
    if danger not in ("yes", "no"):
        return redirect("concerns:raise")
    form = ConcernForm(membership, request.POST or None, request.FILES or None)
    held = _held_files(request, membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people = [p for p in (data["person"], data["another_person"]) if p]
        command: NewConcern = form.to_command(
            immediate_danger=danger == "yes",
            observed_at=form.observed_at(),
            observed_time_given=form.observed_time_given(),
            people=people,
            held=held,
        )
        try:
            concern = raise_concern(membership, command)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect("concerns:receipt", public_id=concern.public_id)
    if request.method == "POST":
        held += _hold_chosen_files(request, membership, form)
    context = {"form": form, "emergency": danger == "yes", "held": held}
    if danger == "yes":
        context["emergency_contacts"] = emergency_directory(membership)
    return render(request, "concerns/raise_details.html", context)


def _held_files(request: HttpRequest, membership: Membership) -> list[PendingUpload]:
    """The files held from an earlier try of the form (their ids come back as ``held``),
    less those the member ticked to remove, which are deleted. Only the member's own."""
    if request.method != "POST":
        return []
    held = held_uploads(membership, request.POST.getlist("held"))
    removed = set(request.POST.getlist("remove_held"))
    remove_held_uploads(membership, [p for p in held if str(p.public_id) in removed])
    return [p for p in held if str(p.public_id) not in removed]


def _hold_chosen_files(
    request: HttpRequest, membership: Membership, form: ConcernForm
) -> list[PendingUpload]:
    """The form goes back with an error: keep the files just chosen (encrypted, for this
    member), so the re-shown form lists them instead of asking for them again."""
    chosen = request.FILES.getlist("attachments")
    if not chosen:
        return []
    held, refused = hold_uploads(membership, chosen)
    shown = {str(e) for errors in form.errors.values() for e in errors}
    for message in refused:
        if message.split(": ", 1)[-1] not in shown:
            form.add_error("attachments", message)
    return held


@require_GET
@member_required(Can.RAISE_CONCERN)
def receipt(request: HttpRequest, public_id: str) -> HttpResponse:
    """The reporter's receipt: reference, when, and coarse status. No case content."""
    membership = membership_of(request)
    concern = get_object_for(
        Concern.objects.filter(reporter_id=membership.user_id).select_related("case"),
        membership,
        public_id,
    )
    return render(request, "concerns/receipt.html", {"concern": concern})


@require_GET
@member_required(Can.RAISE_CONCERN)
def mine(request: HttpRequest) -> HttpResponse:
    """The reporter's own concerns with coarse status only."""
    membership = membership_of(request)
    concerns = (
        Concern.objects.filter(
            organisation_id=membership.organisation_id, reporter_id=membership.user_id
        )
        .select_related("case")
        .order_by("-created_at")[:200]
    )
    return render(request, "concerns/mine.html", {"concerns": concerns})


#: Concerns a page of the triage queue shows.
TRIAGE_PAGE_SIZE = 25


@require_GET
@member_required(Can.TRIAGE)
def triage_queue(request: HttpRequest) -> HttpResponse:
    """Untriaged concerns: emergencies first, then oldest first, with age against target.

    ``TRIAGE_PAGE_SIZE`` a page, so the page costs the same however long the backlog; the
    totals above the table (waiting, emergencies, over target) count the whole queue in
    one query.
    """
    membership = membership_of(request)
    organisation = membership.organisation
    now = timezone.now()
    waiting = Concern.objects.visible_to(membership).filter(status=ConcernStatus.AWAITING_TRIAGE)
    totals = waiting.aggregate(
        waiting=Count("pk"),
        emergencies=Count("pk", filter=Q(immediate_danger=True)),
        over_target=Count("pk", filter=over_triage_target(organisation, now)),
    )
    ordered = (
        waiting.select_related("reporter", "reported_type", "site")
        .prefetch_related(
            # Each subject's earlier concerns and open cases, in the same query.
            Prefetch("subjects", queryset=subjects_with_hints(membership))
        )
        .order_by("-immediate_danger", "created_at", "pk")
    )
    paginator = Paginator(ordered, TRIAGE_PAGE_SIZE)
    paginator.count = totals["waiting"]  # counted above: no second COUNT query
    page = paginator.get_page(request.GET.get("page"))
    concerns = list(page.object_list)
    # The queue shows names: reading it is audited like reading a record.
    log(
        membership,
        CONCERN_TRIAGE_QUEUE_VIEWED,
        object_type="triage_queue",
        context={"rows": len(concerns), "page": page.number},
    )
    for concern in concerns:
        concern.age = now - concern.created_at
        concern.over_target = concern.age > organisation.triage_target_for(
            emergency=concern.immediate_danger
        )
    return render(
        request,
        "concerns/triage_queue.html",
        {
            "concerns": concerns,
            "page": page,
            "totals": totals,
            "target_hours": organisation.triage_target_hours,
            "emergency_minutes": organisation.emergency_target_minutes,
        },
    )


@require_http_methods(["GET", "POST"])
@member_required(Can.TRIAGE)
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """The full concern for the DSL, with the triage form while it awaits triage."""
    membership = membership_of(request)
    concern = get_object_for(
        Concern.objects.visible_to(membership).select_related(
            "reporter", "reported_type", "reported_category", "site", "case"
        ),
        membership,
        public_id,
    )
    if concern.case is not None and not can_open(membership, concern.case):
        raise deny(request, "a concern on a restricted case")
    form = TriageForm(membership, request.POST if request.method == "POST" else None)

    def apply() -> Done:
        if form.cleaned_data["action"] == "new":
            case = case_services.open_case_from_concern(
                membership, concern, category=form.cleaned_data["category"]
            )
            message = f"Case {case.reference} opened. Record a decision."
        else:
            case = case_services.link_concern_to_case(
                membership, concern, form.cleaned_data["case"]
            )
            message = f"Concern linked to case {case.reference}."
        return Done(message, reverse("cases:detail", args=[case.public_id]))

    age = timezone.now() - concern.created_at
    response = form_view(
        request,
        form=form,
        apply=apply,
        template="concerns/detail.html",
        context={
            "concern": concern,
            "subjects": subjects_with_hints(membership).filter(concern=concern),
            "indicators": concern.indicators.select_related("category"),
            "attachments": concern.attachments.all(),
            "over_target": concern.status == ConcernStatus.AWAITING_TRIAGE
            and age > membership.organisation.triage_target_for(emergency=concern.immediate_danger),
            "age": age,
        },
    )
    if response.status_code != 302:
        # The page showed the concern (a triage that went ahead redirects instead).
        log(membership, CONCERN_VIEWED, concern, context={"status": concern.status})
    return response


@require_GET
@member_required(Can.TRIAGE)
def attachment_download(request: HttpRequest, public_id: str) -> FileResponse:
    """Serve an attachment to a case handler who may open its concern or case. Audited."""
    membership = membership_of(request)
    attachment = get_object_for(
        Attachment.objects.visible_to(membership).select_related("concern__case", "case"),
        membership,
        public_id,
    )
    case = attachment.case or (attachment.concern.case if attachment.concern else None)
    if case is not None and not can_open(membership, case):
        raise deny(request, "an attachment on a restricted case")
    log(
        membership,
        ATTACHMENT_DOWNLOADED,
        attachment,
        context={"concern": str(attachment.concern.public_id) if attachment.concern else None},
    )
    response = FileResponse(
        io.BytesIO(read_attachment(attachment)),  # decrypted; never the stored bytes
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
