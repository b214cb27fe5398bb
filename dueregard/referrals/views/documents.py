"""The referral document (PDF or DOCX) for the agency: only once the lead has approved it.

Each download is an entry in the information-sharing log and an export in the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dueregard.audit.services import log
from dueregard.core import exports
from dueregard.organisations.access import member_required, membership_of
from dueregard.organisations.permissions import Can
from dueregard.referrals import audit_codes as codes
from dueregard.referrals import documents, sending
from dueregard.referrals.views.common import referral_for


def _document(request: HttpRequest, public_id: Any, file_format: str) -> HttpResponse:
    membership = membership_of(request)
    referral = referral_for(request, public_id)
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
    sending.log_document(membership, referral, file_format=file_format)
    log(membership, codes.REFERRAL_DOCUMENT_EXPORTED, referral, context={"format": file_format})
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
