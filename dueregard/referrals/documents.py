"""The referral document (PDF and DOCX): only what the preparer ticked, marked
OFFICIAL-SENSITIVE, with the organisation's reference.

``document_items`` decides what goes in; both formats render exactly those items, so a
field that is not ticked cannot appear in either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from dueregard.core.exports import OFFICIAL_SENSITIVE, docx_bytes, new_document, render_pdf
from dueregard.referrals import content
from dueregard.referrals.models import Referral
from dueregard.sharing import lawful


@dataclass(frozen=True)
class DocumentItem:
    label: str
    text: str


def _identity_value(referral: Referral, code: str) -> str:
    person = referral.person
    if person is None:
        return ""
    if code == "name":
        return person.full_name
    if code == "date_of_birth":
        return person.date_of_birth.strftime("%d %B %Y") if person.date_of_birth else "Not known"
    if code == "person_reference":
        return person.reference or "None"
    if code == "person_kind":
        return str(person.get_kind_display())
    if code == "site":
        return person.site.name if person.site_id else "Not recorded"  # type: ignore[union-attr]
    raise KeyError(code)


def document_items(referral: Referral) -> tuple[list[DocumentItem], list[DocumentItem]]:
    """(identity details, sections) ticked for sharing, in document order."""
    shared = set(referral.shared_fields or [])
    identity = [
        DocumentItem(str(item.label), _identity_value(referral, item.code))
        for item in content.IDENTITY
        if item.code in shared
    ]
    sections = [
        DocumentItem(str(item.label), referral.section_text(item.code))
        for item in content.SECTIONS
        if item.code in shared
    ]
    return identity, sections


def _context(referral: Referral) -> dict[str, Any]:
    identity, sections = document_items(referral)
    consent = lawful.Consent(referral.consent).label if referral.consent else "Not recorded"
    return {
        "referral": referral,
        "organisation": referral.case.organisation,
        "identity": identity,
        "sections": sections,
        "basis": lawful.describe(
            referral.lawful_basis_art6,
            referral.lawful_basis_art9,
            referral.lawful_basis_sch1,
            referral.lawful_basis_art10,
        ),
        "consent": consent,
        "consent_reason": str(referral.consent_reason or "") if referral.consent != "given" else "",
        "generated_at": timezone.localtime(),
        "marking": OFFICIAL_SENSITIVE,
    }


def referral_pdf(referral: Referral) -> bytes:
    return render_pdf("referrals/exports/referral.html", _context(referral))


def referral_docx(referral: Referral) -> bytes:
    from docx.shared import Pt

    ctx = _context(referral)
    title = f"Referral {referral.display_reference}"
    document = new_document(title, marking=OFFICIAL_SENSITIVE, footer=ctx["organisation"].name)
    document.add_heading(title, level=1)
    meta = document.add_paragraph()
    meta.add_run(
        f"{referral.get_kind_display()} from {ctx['organisation'].name}. "
        f"Our reference {referral.display_reference}. "
        f"To {referral.agency}. Date of referral {referral.referred_on:%d %B %Y}."
    ).font.size = Pt(10)

    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = [
        ("Agency's reference", referral.agency_reference or "Not yet given"),
        ("Prepared by", referral.created_by.full_name if referral.created_by else ""),
        (
            "Approved by",
            referral.approved_by.full_name if referral.approved_by else "Not yet approved",
        ),
    ]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value

    if ctx["identity"]:
        document.add_heading("The person", level=2)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for item in ctx["identity"]:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = item.label, item.text
    for item in ctx["sections"]:
        document.add_heading(item.label, level=2)
        for paragraph in item.text.splitlines() or [""]:
            if paragraph.strip():
                document.add_paragraph(paragraph)
    document.add_heading("Lawful basis for sharing", level=2)
    for line in ctx["basis"]:
        document.add_paragraph(line, style="List Bullet")
    document.add_heading("Consent", level=2)
    document.add_paragraph(str(ctx["consent"]))
    if ctx["consent_reason"]:
        document.add_paragraph(f"Reason for sharing without consent: {ctx['consent_reason']}")
    document.add_paragraph(
        "This referral contains only the details the organisation judged necessary for the "
        "agency's purpose. Handle it as OFFICIAL-SENSITIVE; do not forward it further "
        "without the organisation's agreement unless the law requires it."
    ).runs[0].font.size = Pt(9)
    return docx_bytes(document)
