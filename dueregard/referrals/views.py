"""Referral pages (DSL team), the lead's approval, the referral document, and the
information-sharing log (DSL team; inspectors read an anonymised view).

Every change goes through ``referrals.services``; a refused change is shown on the form, a
disallowed transition answers 409 with the reason and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dueregard.audit.models import AuditAction
from dueregard.audit.services import record_by, record_export, record_view
from dueregard.cases.access import can_open
from dueregard.cases.models import Case
from dueregard.core import exports
from dueregard.core.errors import DomainError, TransitionNotAllowed
from dueregard.organisations.access import deny, get_object_for, member_required, membership_of
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.referrals import content, documents, lawful, services
from dueregard.referrals.forms import (
    ApproveReferralForm,
    CorrectionForm,
    DisclosureForm,
    DoneForm,
    DraftForm,
    FollowUpForm,
    LogFilterForm,
    PrepareForm,
    ProgressForm,
    ReasonForm,
    ReferralFilterForm,
    SentForm,
)
from dueregard.referrals.models import (
    Disclosure,
    FollowUp,
    Referral,
    ReferralStatus,
)

handler_required = member_required(Can.PREPARE_REFERRAL)


def _referral_for(request: HttpRequest, public_id: Any) -> Referral:
    """The referral if in scope (404 otherwise) and its case openable (403 otherwise)."""
    membership = membership_of(request)
    referral = get_object_for(
        Referral.objects.visible_to(membership).select_related(
            "case", "case__organisation", "person", "contact", "created_by", "approved_by"
        ),
        membership,
        public_id,
    )
    if not can_open(membership, referral.case):
        raise deny(request, "a referral on a restricted case")
    return referral


def _change(
    request: HttpRequest,
    referral: Referral,
    *,
    title: str,
    form: forms.Form,
    allowed: bool,
    not_allowed: str,
    apply: Callable[[Membership, dict[str, Any]], str],
    template: str = "referrals/change.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows the form; POST applies it through a service. Disallowed: 409, nothing written."""
    membership = membership_of(request)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            message = apply(membership, form.cleaned_data)
        except TransitionNotAllowed as error:
            allowed, not_allowed = False, str(error)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return redirect("referrals:detail", public_id=referral.public_id)
    status = 200
    if request.method == "POST" and not allowed:
        status = 409
    return render(
        request,
        template,
        {
            "referral": referral,
            "form": form,
            "title": title,
            "not_allowed": "" if allowed else not_allowed,
            **(extra or {}),
        },
        status=status,
    )


def _refusal(referral: Referral, target: str) -> str:
    try:
        services.check_transition(referral, target)
    except TransitionNotAllowed as error:
        return str(error)
    return ""


# --- the referral ---------------------------------------------------------------------


@require_GET
@handler_required
def referral_list(request: HttpRequest) -> HttpResponse:
    """All referrals, those with an overdue follow-up first, filtered by status and kind.

    The filters are GET parameters: a status and a kind name no one. A bad value is shown
    as a form error and the list is not filtered by it.
    """
    membership = membership_of(request)
    form = ReferralFilterForm(request.GET or None)
    referrals = Referral.objects.visible_to(membership).select_related("case", "approved_by")
    filtered = False
    if form.is_bound and form.is_valid():
        if form.cleaned_data["status"]:
            referrals = referrals.filter(status=form.cleaned_data["status"])
            filtered = True
        if form.cleaned_data["kind"]:
            referrals = referrals.filter(kind=form.cleaned_data["kind"])
            filtered = True
    overdue = list(
        FollowUp.objects.filter(organisation_id=membership.organisation_id)
        .overdue()
        .select_related("referral", "referral__case", "owner")
        .order_by("due_on", "id")
    )
    late = {f.referral_id for f in overdue}
    # A stable sort: those with an overdue follow-up first, each group newest first.
    rows = sorted(referrals.order_by("-created_at", "-id"), key=lambda r: r.pk not in late)
    for referral in rows:
        referral.has_overdue = referral.pk in late
    waiting = [r for r in rows if r.status == ReferralStatus.AWAITING_APPROVAL]
    record_by(
        membership,
        AuditAction.VIEW,
        object_type="referral_list",
        summary="Viewed referral list",
        request=request,
    )
    return render(
        request,
        "referrals/list.html",
        {
            "referrals": rows,
            "waiting": waiting,
            "overdue": overdue,
            "filter_form": form,
            "filtered": filtered,
        },
    )


@require_GET
@handler_required
def detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    referral = _referral_for(request, public_id)
    record_view(request, referral, summary="Viewed referral")
    identity, sections = documents.document_items(referral)
    progress = [s for s in services.PROGRESS if referral.status in services.ALLOWED_FROM[s]]
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "identity": identity,
            "sections": sections,
            "unshared": [
                content.LABELS[c]
                for c in content.ALL_CODES
                if c not in (referral.shared_fields or [])
            ],
            "basis": lawful.describe(
                referral.lawful_basis_art6,
                referral.lawful_basis_art9,
                referral.lawful_basis_sch1,
                referral.lawful_basis_art10,
            ),
            "problems": services.problems(referral)
            if referral.status == ReferralStatus.DRAFT
            else [],
            "follow_ups": referral.follow_ups.select_related("owner", "done_by"),
            "disclosures": referral.disclosures.select_related("disclosed_by"),
            "released": referral.is_approved,
            "can_progress": bool(progress),
            "is_lead": membership.can(Can.APPROVE_REFERRAL),
            "S": ReferralStatus,
        },
    )


@require_http_methods(["GET", "POST"])
@handler_required
def prepare(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A new draft referral on a case (a further referral, or one not made at a decision)."""
    membership = membership_of(request)
    case = get_object_for(Case.objects.visible_to(membership), membership, public_id)
    if not can_open(membership, case):
        raise deny(request, "a restricted case")
    form = PrepareForm(membership, request.POST or None)
    allowed = case.is_open
    if request.method == "POST" and allowed and form.is_valid():
        d = form.cleaned_data
        try:
            referral = services.prepare_referral(
                membership,
                case,
                services.NewReferral(
                    kind=d["kind"],
                    agency=d["agency"],
                    referred_on=d["referred_on"],
                    contact=d["contact"],
                ),
                request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Draft referral started. Complete it and submit it for approval."
            )
            return redirect("referrals:edit", public_id=referral.public_id)
    return render(
        request,
        "referrals/prepare.html",
        {"case": case, "form": form, "allowed": allowed},
        status=409 if request.method == "POST" and not allowed else 200,
    )


@require_http_methods(["GET", "POST"])
@handler_required
def edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    referral = _referral_for(request, public_id)
    membership = membership_of(request)
    if request.method == "GET":
        record_view(request, referral, summary="Viewed referral draft")
    form = DraftForm(
        membership, referral.case, request.POST or None, initial=DraftForm.initial_for(referral)
    )

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.update_draft(
            m,
            referral,
            services.DraftChanges(
                kind=d["kind"],
                contact=d["contact"],
                agency=d["agency"],
                referred_on=d["referred_on"],
                person=d["person"],
                sections={code: d[code] for code in content.SECTION_CODES},
                shared_fields=d["shared_fields"],
                lawful_basis_art6=d["lawful_basis_art6"],
                lawful_basis_art9=d["lawful_basis_art9"],
                lawful_basis_sch1=d["lawful_basis_sch1"],
                lawful_basis_art10=d["lawful_basis_art10"],
                consent=d["consent"],
                consent_reason=d["consent_reason"],
            ),
            request=request,
        )
        return "Draft saved."

    allowed = referral.status == ReferralStatus.DRAFT and referral.case.is_open
    return _change(
        request,
        referral,
        title="Prepare the referral",
        form=form,
        allowed=allowed,
        not_allowed="Only a draft on an open case can be changed; ask the lead to send it back.",
        apply=apply,
        template="referrals/edit.html",
    )


@require_POST
@handler_required
def submit(request: HttpRequest, public_id: Any) -> HttpResponse:
    referral = _referral_for(request, public_id)
    try:
        services.submit_for_approval(membership_of(request), referral, request=request)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
        return redirect("referrals:detail", public_id=referral.public_id)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Submitted for the lead's approval.")
    return redirect("referrals:detail", public_id=referral.public_id)


@require_http_methods(["GET", "POST"])
@member_required(Can.APPROVE_REFERRAL)
def approve(request: HttpRequest, public_id: Any) -> HttpResponse:
    referral = _referral_for(request, public_id)
    form = ApproveReferralForm(
        request.POST or None, initial={"agency_reference": referral.agency_reference}
    )

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.approve_referral(
            m, referral, agency_reference=d["agency_reference"], request=request
        )
        return "Referral approved."

    if request.method == "GET":
        record_view(request, referral, summary="Viewed referral for approval")
    identity, sections = documents.document_items(referral)
    if referral.is_approved:
        refusal = "This referral has already been approved."
    else:
        refusal = _refusal(referral, ReferralStatus.APPROVED)
    response = _change(
        request,
        referral,
        title="Approve the referral",
        form=form,
        allowed=not refusal,
        not_allowed=refusal,
        apply=apply,
        template="referrals/approve.html",
        extra={
            "identity": identity,
            "sections": sections,
            "basis": lawful.describe(
                referral.lawful_basis_art6,
                referral.lawful_basis_art9,
                referral.lawful_basis_sch1,
                referral.lawful_basis_art10,
            ),
            "problems": services.problems(referral),
        },
    )
    if response.status_code == 302:
        # The case page was where the lead came from before referrals had their own page.
        return redirect("cases:detail", public_id=referral.case.public_id)
    return response


@require_http_methods(["GET", "POST"])
@member_required(Can.SEND_BACK_REFERRAL)
def send_back(request: HttpRequest, public_id: Any) -> HttpResponse:
    referral = _referral_for(request, public_id)
    form = ReasonForm(request.POST or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.send_back(m, referral, reason=d["reason"], request=request)
        return "Referral sent back to the preparer."

    refusal = _refusal(referral, ReferralStatus.DRAFT)
    return _change(
        request,
        referral,
        title="Send the referral back",
        form=form,
        allowed=not refusal,
        not_allowed=refusal,
        apply=apply,
    )


@require_http_methods(["GET", "POST"])
@handler_required
def record_sent(request: HttpRequest, public_id: Any) -> HttpResponse:
    referral = _referral_for(request, public_id)
    form = SentForm(request.POST or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.record_sent(
            m,
            referral,
            method=d["method"],
            sent_at=form.sent_at(),
            officer=d["officer"],
            request=request,
        )
        return "Recorded as sent. The disclosure is in the information-sharing log."

    refusal = _refusal(referral, ReferralStatus.SENT)
    return _change(
        request,
        referral,
        title="Record that the referral was sent",
        form=form,
        allowed=not refusal,
        not_allowed=refusal,
        apply=apply,
    )


@require_http_methods(["GET", "POST"])
@handler_required
def progress(request: HttpRequest, public_id: Any) -> HttpResponse:
    referral = _referral_for(request, public_id)
    allowed_statuses = [s for s in services.PROGRESS if referral.status in services.ALLOWED_FROM[s]]
    form = ProgressForm(allowed_statuses, request.POST or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.record_progress(
            m,
            referral,
            status=d["status"],
            note=d["note"],
            agency_reference=d["agency_reference"],
            request=request,
        )
        return "Referral updated."

    return _change(
        request,
        referral,
        title="Record what happened",
        form=form,
        allowed=bool(allowed_statuses),
        not_allowed="This referral is closed.",
        apply=apply,
    )


@require_http_methods(["GET", "POST"])
@handler_required
def follow_up_add(request: HttpRequest, public_id: Any) -> HttpResponse:
    referral = _referral_for(request, public_id)
    form = FollowUpForm(membership_of(request), request.POST or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.add_follow_up(
            m,
            referral,
            description=d["description"],
            owner=d["owner"],
            due_on=d["due_on"],
            request=request,
        )
        return "Follow-up added."

    return _change(
        request,
        referral,
        title="Add a follow-up",
        form=form,
        allowed=referral.status != ReferralStatus.CLOSED,
        not_allowed="This referral is closed: it cannot have new follow-ups.",
        apply=apply,
    )


@require_http_methods(["GET", "POST"])
@handler_required
def follow_up_done(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    follow_up = get_object_for(
        FollowUp.objects.visible_to(membership).select_related("referral"), membership, public_id
    )
    referral = _referral_for(request, follow_up.referral.public_id)
    form = DoneForm(request.POST or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.complete_follow_up(m, follow_up, outcome=d["outcome"], request=request)
        return "Follow-up done."

    return _change(
        request,
        referral,
        title="Follow-up done",
        form=form,
        allowed=follow_up.done_at is None,
        not_allowed="This follow-up is already done.",
        apply=apply,
    )


def _document(request: HttpRequest, public_id: Any, file_format: str) -> HttpResponse:
    membership = membership_of(request)
    referral = _referral_for(request, public_id)
    if not referral.is_approved:
        return render(
            request,
            "referrals/change.html",
            {
                "referral": referral,
                "title": "Referral document",
                "not_allowed": "The referral document can be produced only after the lead "
                "has approved it.",
            },
            status=409,
        )
    if file_format == "pdf":
        body, content_type = documents.referral_pdf(referral), exports.PDF
    else:
        body, content_type = documents.referral_docx(referral), exports.DOCX
    services.log_document(membership, referral, file_format=file_format, request=request)
    record_export(request, membership, f"referral document ({file_format})", obj=referral)
    stem = f"referral-{referral.reference or referral.case.reference}"
    return exports.download(body, exports.safe_filename(stem, file_format), content_type)


@require_GET
@member_required(Can.EXPORT_REFERRAL)
def document_pdf(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _document(request, public_id, "pdf")


@require_GET
@member_required(Can.EXPORT_REFERRAL)
def document_docx(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _document(request, public_id, "docx")


# --- the information-sharing log ----------------------------------------------------------

FILTER_KEY = "referrals:log_filter"


def _readable(membership: Membership) -> Any:
    """The log entries this member may see.

    The DSL team: every entry except those on a restricted case the member may not open
    (``cases.access.can_open``). Inspectors: every entry, shown anonymised (``_anonymise``),
    so the log's completeness can be checked without reading any case.
    """
    rows = Disclosure.objects.visible_to(membership)
    if membership.can(Can.HANDLE_CASES):
        rows = rows.openable_by(membership)
    return rows


def _filtered(request: HttpRequest, membership: Membership) -> tuple[Any, dict[str, Any]]:
    """The log as filtered by what the member posted (kept in the session, never the URL)."""
    saved: dict[str, Any] = (
        request.session.get(FILTER_KEY, {}) if membership.can(Can.HANDLE_CASES) else {}
    )
    rows = _readable(membership).select_related(
        "person", "case", "referral", "disclosed_by", "approved_by", "contact", "created_by"
    )
    if saved.get("person"):
        rows = rows.filter(person_id=saved["person"])
    if saved.get("contact"):
        rows = rows.filter(contact_id=saved["contact"])
    if saved.get("date_from"):
        rows = rows.filter(disclosed_at__date__gte=date.fromisoformat(saved["date_from"]))
    if saved.get("date_to"):
        rows = rows.filter(disclosed_at__date__lte=date.fromisoformat(saved["date_to"]))
    return rows, saved


@require_http_methods(["GET", "POST"])
@member_required(Can.READ_SHARING_LOG, post=Can.FILTER_SHARING_LOG)
def log(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    is_team = membership.can(Can.FILTER_SHARING_LOG)
    person_ids = _readable(membership).exclude(person=None).values("person_id")
    posted = request.POST if request.method == "POST" else None
    form = LogFilterForm(membership, person_ids, posted) if is_team else None
    if request.method == "POST" and form is not None:
        if "clear" in request.POST:
            request.session.pop(FILTER_KEY, None)
            return redirect("referrals:log")
        if form.is_valid():
            d = form.cleaned_data
            request.session[FILTER_KEY] = {
                "person": d["person"].pk if d["person"] else None,
                "contact": d["contact"].pk if d["contact"] else None,
                "date_from": d["date_from"].isoformat() if d["date_from"] else None,
                "date_to": d["date_to"].isoformat() if d["date_to"] else None,
            }
            return redirect("referrals:log")
    rows, saved = _filtered(request, membership)
    if form is not None and request.method == "GET":
        form = LogFilterForm(membership, person_ids, initial=saved)
    entries = list(rows.select_related("corrects").prefetch_related("corrections")[:500])
    lines = {} if is_team else _anonymise(membership, entries)
    record_by(
        membership,
        AuditAction.VIEW,
        object_type="disclosure_log",
        summary="Viewed information-sharing log",
        request=request,
    )
    return render(
        request,
        "referrals/log.html",
        {
            "form": form,
            "entries": [(d, lines.get(d.pk)) for d in entries],
            "is_team": is_team,
            "filtered": any(saved.values()) if saved else False,
        },
    )


def approver_text(d: Disclosure) -> str:
    """Who approved a share, and on whose word when it was recorded by someone else."""
    if d.approved_by is None:
        return ""
    if d.approval_is_stated and d.created_by is not None:
        return f"{d.approved_by.full_name} (as stated by {d.created_by.full_name})"
    return str(d.approved_by.full_name)


@dataclass(frozen=True)
class InspectorLine:
    """What an inspector reads of one entry (``_anonymise``)."""

    agency_kind: str
    shared_by_role: str
    approved_by_role: str
    case_label: str


def _anonymise(membership: Membership, entries: list[Disclosure]) -> dict[int, InspectorLine]:
    """What an inspector may read of each entry: the kind of agency (never the free-text
    recipient, which may name an officer or a parent), the roles of who shared and who
    approved (never their names), and the case reference unless the case is restricted.
    """
    users = {d.disclosed_by_id for d in entries} | {
        d.approved_by_id for d in entries if d.approved_by_id
    }
    users |= {d.created_by_id for d in entries if d.created_by_id}
    roles = {
        m.user_id: str(m.get_role_display())
        for m in Membership.objects.filter(
            organisation_id=membership.organisation_id, user_id__in=users
        )
    }

    def role(user_id: int | None) -> str:
        return roles.get(user_id, "A former member") if user_id is not None else ""

    lines = {}
    for d in entries:
        if d.contact is not None:
            agency_kind = str(d.contact.get_kind_display())
        elif d.referral is not None:
            agency_kind = str(d.referral.get_kind_display())
        else:
            agency_kind = "An agency not in the directory"
        approver = role(d.approved_by_id)
        if approver and d.approval_is_stated:
            approver += f" (as stated by: {role(d.created_by_id)})"
        case_label = ""
        if d.case is not None:
            case_label = "Restricted case" if d.case.is_restricted else d.case.reference
        lines[d.pk] = InspectorLine(agency_kind, role(d.disclosed_by_id), approver, case_label)
    return lines


LOG_HEADER = [
    "When",
    "How",
    "To whom",
    "About",
    "Case",
    "Referral",
    "What was shared",
    "Why",
    "Article 6",
    "Article 9",
    "Schedule 1",
    "Article 10",
    "Consent",
    "Reason without consent",
    "Shared by",
    "Approved by",
    "Corrects entry",
    "What was wrong",
    "Entry",
]


def _log_rows(rows: Any) -> list[list[Any]]:
    out = []
    for d in rows:
        out.append(
            [
                d.disclosed_at,
                d.get_kind_display(),
                d.recipient,
                d.person.full_name if d.person else "",
                d.case.reference if d.case else "",
                d.referral.reference if d.referral else "",
                str(d.what),
                str(d.purpose),
                d.get_lawful_basis_art6_display(),
                d.get_lawful_basis_art9_display(),
                d.get_lawful_basis_sch1_display(),
                d.get_lawful_basis_art10_display(),
                d.get_consent_display(),
                str(d.consent_reason or ""),
                d.disclosed_by.full_name,
                approver_text(d),
                str(d.corrects.public_id) if d.corrects_id else "",
                str(d.correction_reason or ""),
                str(d.public_id),
            ]
        )
    return out


def _export(request: HttpRequest, file_format: str) -> HttpResponse:
    membership = membership_of(request)
    rows, _saved = _filtered(request, membership)
    data = _log_rows(rows.select_related("corrects", "created_by"))
    record_export(request, membership, f"information-sharing log ({file_format})")
    stem = "information-sharing-log"
    if file_format == "csv":
        return exports.download(
            exports.csv_bytes(LOG_HEADER, data), exports.safe_filename(stem, "csv"), exports.CSV
        )
    sheet = exports.Sheet(
        "Information sharing",
        LOG_HEADER,
        data,
        widths=(17, 18, 28, 22, 16, 16, 40, 32, 24, 30, 30, 30, 18, 32, 20, 20, 38, 32, 38),
        notes=(f"{membership.organisation.name}: information-sharing log",),
    )
    return exports.download(
        exports.xlsx_bytes([sheet], marking=exports.OFFICIAL_SENSITIVE),
        exports.safe_filename(stem, "xlsx"),
        exports.XLSX,
    )


@require_GET
@member_required(Can.EXPORT_SHARING_LOG)
def log_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@require_GET
@member_required(Can.EXPORT_SHARING_LOG)
def log_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@require_http_methods(["GET", "POST"])
@handler_required
def disclosure_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = DisclosureForm(membership, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.record_disclosure(
                membership,
                services.NewDisclosure(
                    kind=d["kind"],
                    disclosed_at=form.disclosed_at(),
                    recipient=d["recipient"],
                    what=d["what"],
                    purpose=d["purpose"],
                    lawful_basis_art6=d["lawful_basis_art6"],
                    lawful_basis_art9=d["lawful_basis_art9"],
                    lawful_basis_sch1=d["lawful_basis_sch1"],
                    lawful_basis_art10=d["lawful_basis_art10"],
                    consent=d["consent"],
                    consent_reason=d["consent_reason"],
                    person=d["person"],
                    case=d["case"],
                    contact=d["contact"],
                    approved_by=d["approved_by"],
                ),
                request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Disclosure added to the information-sharing log.")
            return redirect("referrals:log")
    return render(request, "referrals/disclosure_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@handler_required
def disclosure_correct(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Correct a log entry with a new entry naming it (DSL team). The original is kept.

    An entry already corrected answers with a link to its correction (409 on POST): only
    the latest version is corrected, so corrections form one line.
    """
    membership = membership_of(request)
    original = get_object_for(
        Disclosure.objects.visible_to(membership).select_related(
            "person", "case", "referral", "contact", "disclosed_by", "approved_by"
        ),
        membership,
        public_id,
    )
    if original.case is not None and not can_open(membership, original.case):
        raise deny(request, "a log entry of a restricted case")
    record_view(request, original, summary="Viewed an information-sharing log entry")
    correction = original.corrections.order_by("created_at").first()
    form = CorrectionForm(
        membership, original, request.POST or None, initial=CorrectionForm.initial_for(original)
    )
    not_allowed = (
        "This entry has already been corrected: correct its latest correction instead."
        if correction is not None
        else ""
    )
    if request.method == "POST" and not not_allowed and form.is_valid():
        d = form.cleaned_data
        try:
            services.record_disclosure(
                membership,
                services.NewDisclosure(
                    kind=d["kind"],
                    disclosed_at=form.disclosed_at(),
                    recipient=d["recipient"],
                    what=d["what"],
                    purpose=d["purpose"],
                    lawful_basis_art6=d["lawful_basis_art6"],
                    lawful_basis_art9=d["lawful_basis_art9"],
                    lawful_basis_sch1=d["lawful_basis_sch1"],
                    lawful_basis_art10=d["lawful_basis_art10"],
                    consent=d["consent"],
                    consent_reason=d["consent_reason"],
                    person=d["person"],
                    case=d["case"],
                    contact=d["contact"],
                    approved_by=d["approved_by"],
                    corrects=original,
                ),
                reason=d["correction_reason"],
                request=request,
            )
        except TransitionNotAllowed as error:
            not_allowed = str(error)
            correction = original.corrections.order_by("created_at").first()
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Correction added to the log. The original entry is kept, marked corrected.",
            )
            return redirect("referrals:log")
    return render(
        request,
        "referrals/correction_form.html",
        {
            "form": form,
            "original": original,
            "correction": correction,
            "not_allowed": not_allowed,
        },
        status=409 if request.method == "POST" and not_allowed else 200,
    )
