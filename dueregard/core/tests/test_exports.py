from __future__ import annotations

import io
from datetime import date, datetime

import pytest

from dueregard.core import exports


@pytest.mark.parametrize(
    "value",
    ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", "\x00=1", "\uff1dHYPERLINK()"],
)
def test_formula_starts_are_escaped(value: str) -> None:
    assert exports.escape_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Plain text", "a=b", "", 42, 3.5, date(2026, 1, 2)])
def test_other_values_pass_through(value: object) -> None:
    assert exports.escape_cell(value) == value


def test_csv_escapes_every_cell_and_reads_in_excel() -> None:
    content = exports.csv_bytes(["=Header"], [["=cmd|' /C calc'!A0"], [date(2026, 3, 1)]])
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert "'=Header" in text
    assert "'=cmd|' /C calc'!A0" in text
    assert "2026-03-01" in text


def test_xlsx_cells_are_escaped_and_typed() -> None:
    from openpyxl import load_workbook

    content = exports.xlsx_bytes(
        [exports.Sheet("Risks: all/any", ["Title", "Due"], [["=evil()", date(2026, 5, 1)]])],
        marking=exports.OFFICIAL_SENSITIVE,
    )
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    assert sheet.title == "Risks  all any"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == exports.OFFICIAL_SENSITIVE
    assert ["Title", "Due"] in values
    data = values[-1]
    assert data[0] == "'=evil()"
    assert isinstance(data[1], datetime)
    assert data[1].date() == date(2026, 5, 1)


def test_pdf_renders_with_marking_and_page_numbers() -> None:
    from pypdf import PdfReader

    from dueregard.organisations.models import Organisation

    content = exports.render_pdf(
        "core/tests/export_sample.html",
        {"organisation": Organisation(name="Invented College"), "rows": range(120)},
    )
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) > 1
    first = reader.pages[0].extract_text()
    assert "OFFICIAL-SENSITIVE" in first
    assert f"Page 1 of {len(reader.pages)}" in first
    assert "Invented College" in first


def test_pdf_fetches_nothing() -> None:
    with pytest.raises(ValueError, match="fetch nothing"):
        exports._refuse_fetch("https://example.com/x.png")
    with pytest.raises(ValueError, match="fetch nothing"):
        exports._refuse_fetch("file:///etc/passwd")


def test_docx_has_marking_and_page_fields() -> None:
    from docx import Document

    document = exports.new_document("Title", marking=exports.OFFICIAL_SENSITIVE, landscape=True)
    document.add_paragraph("Body text")
    reread = Document(io.BytesIO(exports.docx_bytes(document)))
    section = reread.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert section.page_width > section.page_height
    assert section.header.paragraphs[0].text == exports.OFFICIAL_SENSITIVE
    footer_xml = section.footer._element.xml
    assert "NUMPAGES" in footer_xml and "PAGE" in footer_xml
    assert reread.paragraphs[0].text == "Body text"


def test_download_is_an_attachment_with_a_safe_name() -> None:
    name = exports.safe_filename("risk register / Ávila", "pdf")
    assert name.startswith("risk-register-vila-") and name.endswith(".pdf")
    response = exports.download(b"%PDF", name, exports.PDF)
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_xlsx_drops_characters_a_workbook_cannot_hold() -> None:
    from openpyxl import load_workbook

    content = exports.xlsx_bytes([exports.Sheet("S", ["H"], [["\x1b[31mred\x1b[0m"], ["\x00=1"]])])
    rows = [r[0].value for r in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows()]
    assert rows == ["H", "[31mred[0m", "'=1"]
