"""The printable case file and chronology: PDFs for the DSL team, after a fresh factor.

``Can.EXPORT_CASE`` needs step-up; a restricted case is refused (403, audited) to a member
not named on it without a live break-glass grant, like its page. Each download is a
``case.exported`` event with the format and what was printed; the file name holds the
case reference only.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dueregard.audit.services import log
from dueregard.cases import printing
from dueregard.cases.audit_codes import CASE_EXPORTED
from dueregard.cases.views.changes import case_for
from dueregard.cases.views.chronology import ChronologyFilter
from dueregard.core import exports
from dueregard.organisations.access import member_required, membership_of
from dueregard.organisations.permissions import Can


@require_GET
@member_required(Can.EXPORT_CASE)
def case_file_pdf(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = case_for(request, public_id)
    body = printing.case_file_pdf(case, membership)
    log(membership, CASE_EXPORTED, case, context={"format": "pdf", "document": "case_file"})
    filename = exports.safe_filename(f"case-file-{case.reference}", "pdf")
    return exports.download(body, filename, exports.PDF)


@require_GET
@member_required(Can.EXPORT_CASE)
def chronology_pdf(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The chronology narrowed as its page is (kinds and dates in the query)."""
    membership = membership_of(request)
    case = case_for(request, public_id)
    form = ChronologyFilter.from_query(request.GET)
    if form.is_bound and not form.is_valid():
        context = {"case": case, "form": form, "dates": form, "page": None}
        return render(request, "cases/chronology.html", context, status=400)
    entries, chosen = form.narrow(printing.entries_of(case))
    body = printing.chronology_pdf(case, membership, entries, chosen)
    log(
        membership,
        CASE_EXPORTED,
        case,
        context={"format": "pdf", "document": "chronology", **chosen},
    )
    filename = exports.safe_filename(f"chronology-{case.reference}", "pdf")
    return exports.download(body, filename, exports.PDF)
