"""Exports opened and read back: XLSX (openpyxl), DOCX (python-docx), PDF (text)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from dueregard.audit.models import AuditEvent
from dueregard.organisations.models import Membership
from dueregard.risks import exports, queries, services
from dueregard.risks.tests.builders import make_risk, theme

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def register(dsl: Membership) -> None:
    make_risk(dsl, 4, 5, description='=HYPERLINK("http://evil.example")', owner=dsl.user)
    make_risk(
        dsl,
        1,
        2,
        theme=theme(dsl, "External speakers and events"),
        description="Speakers booked without checks",
        owner_role="Events team",
    )


def test_register_xlsx_has_every_risk_escaped(dsl: Membership, register: None) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(exports.register_xlsx(dsl.organisation)))
    assert book.sheetnames == ["Risk register", "Themes", "Scoring"]
    sheet = book["Risk register"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header_at = next(i for i, r in enumerate(rows) if r[0] == "Ref")
    data = rows[header_at + 1 :]
    assert [r[0] for r in data] == ["R2", "R1"] or [r[0] for r in data] == ["R1", "R2"]
    by_ref = {r[0]: r for r in data}
    assert by_ref["R1"][3] == '\'=HYPERLINK("http://evil.example")'
    assert by_ref["R1"][10] == 20 and by_ref["R1"][11] == "Red"
    assert by_ref["R2"][5] == "Events team" and by_ref["R2"][11] == "Green"
    title = sheet.cell(row=1, column=1).value
    assert isinstance(title, str) and title.endswith("Prevent risk register")


def test_register_docx_groups_by_theme_with_highest_score(dsl: Membership, register: None) -> None:
    from docx import Document

    document = Document(io.BytesIO(exports.register_docx(dsl.organisation)))
    headings: list[str] = []
    for p in document.paragraphs:
        assert p.style is not None  # python-docx falls back to the default style
        if p.style.name.startswith("Heading"):
            headings.append(p.text)
    assert "IT and online safety: highest score 20 (Red)" in headings
    assert "External speakers and events: highest score 2 (Green)" in headings
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Speakers booked without checks" in cells
    width, height = document.sections[0].page_width, document.sections[0].page_height
    assert width is not None and height is not None
    assert width > height  # landscape


def test_register_pdf_reads_back(dsl: Membership, register: None) -> None:
    from pypdf import PdfReader

    content = exports.register_pdf(dsl.organisation)
    page = PdfReader(io.BytesIO(content)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # A4 landscape
    text = pdf_text(content)
    assert "Prevent risk register" in text and "Highest score 20 (Red)" in text
    assert "Speakers booked without checks" in text and "Page 1 of" in text


def test_export_views_are_audited_and_refused_to_staff(
    client: Client, dsl: Membership, teacher: Membership, register: None
) -> None:
    client.force_login(dsl.user)
    response = client.get(reverse("risks:register_xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="prevent-risk-register-'
    )
    assert AuditEvent.objects.filter(
        action="export", code="risk_register.exported", context={"format": "xlsx"}
    ).exists()
    client.force_login(teacher.user)
    assert client.get(reverse("risks:register_pdf")).status_code == 403


def test_grid_changes_show_in_exports(dsl: Membership, register: None) -> None:
    cells = queries.grid_for(dsl.organisation_id)
    cells[(1, 2)] = "amber"
    services.save_grid(dsl, cells)
    assert "2 Amber" in pdf_text(exports.register_pdf(dsl.organisation))


def test_every_export_of_the_table_is_served_and_needs_step_up(
    client: Client, dsl: Membership, register: None
) -> None:
    from django.urls import resolve

    client.force_login(dsl.user)
    for fmt, content_type in (("xlsx", "spreadsheetml"), ("pdf", "pdf"), ("docx", "word")):
        url = reverse(f"risks:register_{fmt}")
        assert url == f"/risks/export/register.{fmt}"
        assert resolve(url).func.permission.step_up  # type: ignore[attr-defined]
        response = client.get(url)
        assert response.status_code == 200 and content_type in response["Content-Type"]
        assert response["Content-Disposition"].endswith(f'.{fmt}"')
    assert AuditEvent.objects.filter(code="risk_register.exported").count() == 3
