"""The action plan as XLSX, PDF (A4 landscape) and DOCX.

Builders return bytes and are shared by the export view (``DOCUMENTS``, served through
``organisations.exportviews``), the generated Prevent policy (``policydoc``) and the
benchmark. The register's are in ``risks.exports``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from dueregard.actions.audit_codes import ACTION_PLAN_EXPORTED
from dueregard.actions.models import ActionItem, ActionStatus
from dueregard.core import exports
from dueregard.organisations.exportviews import ExportDocument
from dueregard.organisations.models import Organisation
from dueregard.organisations.permissions import Can
from dueregard.risks.exports import SHADES, docx_cell, docx_shade
from dueregard.risks.models import Band


@dataclass
class ActionRow:
    ref: str
    objective: str
    action: str
    owners: str
    due_on: date
    status: str
    overdue: bool
    risks: str
    progress: list[tuple[date, str]]
    evidence: int
    status_value: str = ""

    @property
    def status_text(self) -> str:
        return f"{self.status} (overdue)" if self.overdue else self.status

    @property
    def progress_text(self) -> str:
        return "\n".join(f"{d:%d %b %Y}: {text}" for d, text in self.progress)


def action_rows(organisation: Organisation, *, include_dropped: bool = False) -> list[ActionRow]:
    items = ActionItem.objects.filter(organisation=organisation).prefetch_related(
        "owners", "risks", "notes", "evidence"
    )
    if not include_dropped:
        items = items.exclude(status=ActionStatus.DROPPED)
    order = {
        ActionStatus.IN_PROGRESS: 0,
        ActionStatus.OPEN: 0,
        ActionStatus.DONE: 1,
        ActionStatus.DROPPED: 2,
    }
    rows = [
        ActionRow(
            ref=item.reference,
            objective=item.objective,
            action=item.action,
            owners="; ".join(sorted(u.full_name for u in item.owners.all())),
            due_on=item.due_on,
            status=str(ActionStatus(item.status).label),
            overdue=item.is_overdue,
            risks=", ".join(r.reference for r in sorted(item.risks.all(), key=lambda r: r.number)),
            progress=sorted((n.noted_on, n.body) for n in item.notes.all()),
            evidence=len(item.evidence.all()),
            status_value=item.status,
        )
        for item in items
    ]
    rows.sort(key=lambda r: (order[ActionStatus(r.status_value)], r.due_on, r.ref))
    return rows


ACTION_HEADER = [
    "Ref",
    "Objective",
    "Action",
    "Owners",
    "Due",
    "Status",
    "Linked risks",
    "Progress to date",
    "Evidence files",
]


def actions_xlsx(organisation: Organisation) -> bytes:
    rows = action_rows(organisation, include_dropped=True)
    overdue = sum(r.overdue for r in rows)
    return exports.xlsx_bytes(
        [
            exports.Sheet(
                "Action plan",
                ACTION_HEADER,
                [
                    [
                        r.ref,
                        r.objective,
                        r.action,
                        r.owners,
                        r.due_on,
                        r.status_text,
                        r.risks,
                        r.progress_text,
                        r.evidence,
                    ]
                    for r in rows
                ],
                widths=(6, 36, 36, 24, 12, 18, 12, 48, 10),
                notes=[
                    f"{organisation.name}: Prevent action plan",
                    f"As at {timezone.localdate():%d %B %Y}: {len(rows)} items, {overdue} overdue",
                ],
            )
        ]
    )


def actions_pdf(organisation: Organisation) -> bytes:
    rows = action_rows(organisation)
    return exports.render_pdf(
        "actions/exports/actions_pdf.html",
        {
            "organisation": organisation,
            "rows": rows,
            "overdue": sum(r.overdue for r in rows),
            "today": timezone.localdate(),
            "generated_at": timezone.now(),
        },
    )


def add_actions_to_docx(document: Any, rows: list[ActionRow]) -> None:
    if not rows:
        document.add_paragraph("The action plan has no items.")
        return
    header = ["Ref", "Objective", "Action", "Owners", "Due", "Status", "Risks", "Progress to date"]
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for i, text in enumerate(header):
        docx_cell(table.rows[0].cells[i], text, bold=True, size=8)
    for r in rows:
        cells = table.add_row().cells
        values = [
            r.ref,
            r.objective,
            r.action,
            r.owners,
            f"{r.due_on:%d %b %Y}",
            r.status_text,
            r.risks,
            r.progress_text,
        ]
        for i, text in enumerate(values):
            docx_cell(cells[i], text, size=8, bold=(i == 5 and r.overdue))
        if r.overdue:
            docx_shade(cells[5], SHADES[Band.RED])


def actions_docx(organisation: Organisation) -> bytes:
    rows = action_rows(organisation)
    document = exports.new_document(
        f"{organisation.name}: Prevent action plan", landscape=True, footer=organisation.name
    )
    document.add_heading(f"{organisation.name}: Prevent action plan", level=0)
    document.add_paragraph(
        f"As at {timezone.localdate():%d %B %Y}: {len(rows)} items, "
        f"{sum(r.overdue for r in rows)} overdue."
    )
    add_actions_to_docx(document, rows)
    return exports.docx_bytes(document)


#: The action plan's downloads (``export/actions.<format>``, named ``actions_<format>``).
DOCUMENTS = [
    ExportDocument(
        name="actions",
        stem="prevent-action-plan",
        permission=Can.EXPORT_RISKS,
        code=ACTION_PLAN_EXPORTED,
        builders={"xlsx": actions_xlsx, "pdf": actions_pdf, "docx": actions_docx},
    )
]
