"""The action plan's exports opened and read back, and served from the export table."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from dueregard.actions import exports
from dueregard.actions.tests.builders import make_action
from dueregard.audit.models import AuditEvent
from dueregard.organisations.models import Membership
from dueregard.risks.tests.builders import make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(dsl: Membership) -> None:
    make_risk(dsl, 4, 5)
    make_action(dsl, days=-3, action="+Run a refresher briefing")


def test_action_plan_xlsx_escapes_and_flags_overdue(dsl: Membership, register: None) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(exports.actions_xlsx(dsl.organisation)))["Action plan"]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "'+Run a refresher briefing" in values
    assert "Not started (overdue)" in values


def test_action_plan_docx_lists_items(dsl: Membership, register: None) -> None:
    from docx import Document

    document = Document(io.BytesIO(exports.actions_docx(dsl.organisation)))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "+Run a refresher briefing" in cells and "Not started (overdue)" in cells


def test_action_plan_pdf_reads_back(dsl: Membership, register: None) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(exports.actions_pdf(dsl.organisation)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Run a refresher briefing" in text and "Overdue" in text


def test_action_plan_exports_are_audited_and_refused_to_staff(
    client: Client, dsl: Membership, teacher: Membership, register: None
) -> None:
    client.force_login(dsl.user)
    for fmt in ("xlsx", "pdf", "docx"):
        url = reverse(f"actions:actions_{fmt}")
        assert url == f"/risks/export/actions.{fmt}"
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith(
            'attachment; filename="prevent-action-plan-'
        )
    codes = AuditEvent.objects.filter(code="action_plan.exported", action="export")
    assert sorted(e.context["format"] for e in codes) == ["docx", "pdf", "xlsx"]
    client.force_login(teacher.user)
    assert client.get(reverse("actions:actions_pdf")).status_code == 403
