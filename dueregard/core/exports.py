"""Exports: spreadsheets, PDFs and Word documents, built the same way everywhere.

* Every cell of a CSV or XLSX goes through ``escape_cell``: text a spreadsheet would run
  as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a leading apostrophe.
* PDFs are WeasyPrint renders of a template that extends ``exports/document.html`` (A4,
  page numbers, an optional protective marking on every page). WeasyPrint may fetch
  nothing: no network, no files, only ``data:`` URLs inlined in the template.
* DOCX files start from ``new_document`` (the same marking and page numbers).
* ``download`` wraps any of them as an attachment with a filename that carries no
  personal data, ``no-store`` and ``nosniff`` (the middleware adds those too).

Views that export ask for a permission that needs step-up (``Can.X.step_up``) and write an
``export`` audit event (``audit.services.log`` with the app's ``x.exported`` code); a
disclosure outside the organisation is also an entry in the information-sharing log.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument


#: What spreadsheet programs treat as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = (
    "=", "+", "-", "@", "\t", "\r", "\n", "\x00", "\uff1d", "\uff0b", "\uff0d", "\uff20",
)  # fmt: skip
#: Characters XLSX cannot hold at all (openpyxl refuses them): removed from spreadsheets.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"

OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE"

_SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def escape_cell(value: Any) -> Any:
    """A cell value that no spreadsheet will evaluate.

    Numbers, dates and booleans pass through (they are typed cells, not text). Text that
    starts like a formula is prefixed with an apostrophe, which spreadsheets show as text.
    """
    if value is None:
        return ""
    if isinstance(value, bool | int | float | date | datetime):
        if isinstance(value, datetime) and timezone.is_aware(value):
            # Spreadsheets have no time zones: local wall-clock time, as the pages show.
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _csv_text(value: Any) -> str:
    escaped = escape_cell(value)
    if isinstance(escaped, datetime):
        return escaped.strftime("%Y-%m-%d %H:%M")
    if isinstance(escaped, date):
        return escaped.isoformat()
    return str(escaped)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads accents), every cell escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_text(h) for h in header])
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass
class Sheet:
    """One worksheet: a title (Excel allows 31 characters), a header row and rows."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = field(default_factory=tuple)
    notes: Sequence[str] = field(default_factory=tuple)  # lines above the header


def _xlsx_cell(value: Any) -> Any:
    escaped = escape_cell(value)
    return _XLSX_ILLEGAL.sub("", escaped) if isinstance(escaped, str) else escaped


def xlsx_bytes(sheets: Sequence[Sheet], *, marking: str = "") -> bytes:
    """An XLSX workbook of ``sheets``: bold frozen header, filters, every cell escaped."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for sheet in sheets:
        ws = workbook.create_sheet(title=_sheet_title(sheet.title))
        lines = [marking] if marking else []
        lines += list(sheet.notes)
        for line in lines:
            ws.append([_xlsx_cell(line)])
            ws.cell(row=ws.max_row, column=1).font = Font(bold=line == marking)
        if lines:
            ws.append([])
        header_row = ws.max_row + 1 if lines else 1
        ws.append([_xlsx_cell(h) for h in sheet.header])
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in sheet.rows:
            ws.append([_xlsx_cell(v) for v in row])
        for index, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        for data_row in ws.iter_rows(min_row=header_row + 1):
            for cell in data_row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(cell.value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        if sheet.header:
            last = get_column_letter(len(sheet.header))
            ws.auto_filter.ref = f"A{header_row}:{last}{max(ws.max_row, header_row)}"
    if marking:
        workbook.properties.keywords = marking
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Sheet"
    return cleaned[:31]


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's URL fetcher: ``data:`` URLs only, never the network or the disk."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher  # type: ignore[import-untyped]

        fetched: dict[str, Any] = default_url_fetcher(url)
        return fetched
    raise ValueError("Exports fetch nothing: inline the resource as a data: URL.")


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render ``template_name`` (extending ``exports/document.html``) to PDF bytes."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = render_to_string(template_name, context)
    document = HTML(string=html, url_fetcher=_refuse_fetch, base_url="data:,")
    pdf: bytes = document.write_pdf()
    return pdf


def new_document(
    title: str, *, marking: str = "", landscape: bool = False, footer: str = ""
) -> DocxDocument:
    """A Word document with A4 pages, the marking in the header and "Page N of M" below."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    document.core_properties.title = title
    document.core_properties.author = "dueregard"
    document.core_properties.comments = ""
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(18))
    if marking:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = header.add_run(marking)
        run.bold = True
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if footer:
        paragraph.add_run(f"{footer} · ")
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")
    if marking:
        paragraph.add_run(f" · {marking}").bold = True
    return document


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they open it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def docx_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def safe_filename(stem: str, extension: str) -> str:
    """``stem`` reduced to letters, digits, dots, dashes and underscores, dated."""
    cleaned = _SAFE_FILENAME.sub("-", stem).strip("-") or "export"
    return f"{cleaned}-{timezone.localdate().isoformat()}.{extension}"


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """``content`` as an attachment. ``filename`` must hold no personal data."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
