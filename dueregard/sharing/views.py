"""The information-sharing log: read by the DSL team (filtered, exported) and by inspectors
(anonymised); disclosures recorded by hand and corrections (DSL team).

Changes go through ``sharing.services`` (``form_view``: a refused change is on the form, an
entry already corrected answers 409). Reading the log, an entry or an export is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from dueregard.audit.services import log as audit_log
from dueregard.cases.access import can_open
from dueregard.core import exports
from dueregard.core.formviews import form_view
from dueregard.organisations.access import deny, get_object_for, member_required, membership_of
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.sharing import audit_codes as codes
from dueregard.sharing import services
from dueregard.sharing.forms import CorrectionForm, DisclosureForm, LogFilterForm
from dueregard.sharing.models import Disclosure, DisclosureQuerySet

handler_required = member_required(Can.PREPARE_REFERRAL)

#: Where the log's filters are kept (the key the log used when it was part of referrals, so
#: a filter set before the split stays set).
FILTER_KEY = "referrals:log_filter"


def _readable(membership: Membership) -> DisclosureQuerySet:
    """The log entries this member may see.

    The DSL team: every entry except those on a restricted case the member may not open
    (``cases.access.can_open``). Inspectors: every entry, shown anonymised (``_anonymise``),
    so the log's completeness can be checked without reading any case.
    """
    rows = Disclosure.objects.visible_to(membership)
    if membership.can(Can.HANDLE_CASES):
        rows = rows.openable_by(membership)
    return rows


def _filtered(
    request: HttpRequest, membership: Membership
) -> tuple[DisclosureQuerySet, dict[str, Any]]:
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
            return redirect("sharing:log")
        if form.is_valid():
            d = form.cleaned_data
            request.session[FILTER_KEY] = {
                "person": d["person"].pk if d["person"] else None,
                "contact": d["contact"].pk if d["contact"] else None,
                "date_from": d["date_from"].isoformat() if d["date_from"] else None,
                "date_to": d["date_to"].isoformat() if d["date_to"] else None,
            }
            return redirect("sharing:log")
    rows, saved = _filtered(request, membership)
    if form is not None and request.method == "GET":
        form = LogFilterForm(membership, person_ids, initial=saved)
    entries = list(rows.select_related("corrects").prefetch_related("corrections")[:500])
    lines = {} if is_team else _anonymise(membership, entries)
    audit_log(
        membership,
        codes.SHARING_LOG_VIEWED,
        object_type="disclosure_log",
        context={"shown": len(entries)},
    )
    return render(
        request,
        "sharing/log.html",
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
    audit_log(
        membership,
        codes.SHARING_LOG_EXPORTED,
        object_type="export",
        context={"format": file_format, "rows": len(data)},
    )
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

    def apply() -> str:
        services.record_disclosure(membership, form.to_command(disclosed_at=form.disclosed_at()))
        return "Disclosure added to the information-sharing log."

    return form_view(
        request,
        form=form,
        apply=apply,
        template="sharing/disclosure_form.html",
        success_url=reverse("sharing:log"),
    )


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
    audit_log(membership, codes.DISCLOSURE_VIEWED, original, context={"kind": original.kind})
    form = CorrectionForm(
        membership, original, request.POST or None, initial=CorrectionForm.initial_for(original)
    )
    already = original.corrections.exists()

    def apply() -> str:
        services.record_disclosure(
            membership,
            form.to_command(disclosed_at=form.disclosed_at(), corrects=original),
            reason=form.cleaned_data["correction_reason"],
        )
        return "Correction added to the log. The original entry is kept, marked corrected."

    response = form_view(
        request,
        form=form,
        apply=apply,
        template="sharing/correction_form.html",
        success_url=reverse("sharing:log"),
        context={
            "original": original,
            # Read when the page is drawn: a correction made meanwhile is linked to.
            "correction": lambda: original.corrections.order_by("created_at").first(),
        },
        refusal="This entry has already been corrected: correct its latest correction instead."
        if already
        else "",
    )
    return response
