"""The register as XLSX, PDF (A4 landscape) and DOCX.

Builders return bytes and are shared by the export view (``DOCUMENTS``, served through
``organisations.exportviews``), the generated Prevent policy (``policydoc``) and the
benchmark. They read the working copy of the register. The action plan's are in
``actions.exports``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from dueregard.core import exports
from dueregard.organisations.exportviews import ExportDocument
from dueregard.organisations.models import Organisation
from dueregard.organisations.permissions import Can
from dueregard.risks import queries
from dueregard.risks.audit_codes import RISK_REGISTER_EXPORTED
from dueregard.risks.models import (
    LIKELIHOOD_LEVELS,
    SEVERITY_LEVELS,
    Band,
    Register,
    Theme,
)
from dueregard.risks.services import ensure_register

BAND_LABELS = {value: str(label) for value, label in Band.choices}
BAND_SHORT = {Band.GREEN: "Green", Band.AMBER: "Amber", Band.RED: "Red"}


@dataclass
class RegisterData:
    organisation: Organisation
    register: Register
    groups: list[queries.ThemeGroup]
    rows: list[dict[str, Any]]
    version_number: int | None
    flags: list[str]


def register_data(organisation: Organisation) -> RegisterData:
    register = ensure_register(organisation)
    rows = queries.working_rows(register)
    themes = Theme.objects.filter(organisation=organisation, is_active=True)
    groups = [g for g in queries.group_by_theme(rows, [t.name for t in themes]) if g.rows]
    latest = queries.last_version(register)
    return RegisterData(
        organisation=organisation,
        register=register,
        groups=groups,
        rows=rows,
        version_number=latest.number if latest else None,
        flags=queries.review_flags(register),
    )


def _owner(row: dict[str, Any]) -> str:
    return "; ".join(part for part in (row["owner"], row["owner_role"]) if part)


def _level(row: dict[str, Any]) -> str:
    return (
        f"{row['likelihood']} {LIKELIHOOD_LEVELS[row['likelihood']]} × "
        f"{row['severity']} {SEVERITY_LEVELS[row['severity']]}"
    )


def _register_notes(data: RegisterData) -> list[str]:
    reg = data.register
    return [
        f"{data.organisation.name}: Prevent risk register",
        f"Working copy as at {timezone.localdate():%d %B %Y}"
        + (f" (last published: version {data.version_number})" if data.version_number else ""),
        f"Date of assessment: {_date(reg.assessed_on)}. Completed by: "
        f"{reg.completed_by.full_name if reg.completed_by else 'not recorded'}. "
        f"Competence held: {reg.competence_held or 'not recorded'}. "
        f"Next review: {_date(reg.next_review_on)}.",
    ]


def _date(value: date | None) -> str:
    return f"{value:%d %B %Y}" if value else "not set"


REGISTER_HEADER = [
    "Ref",
    "Theme",
    "Intended outcome",
    "Risk or vulnerability",
    "Actions taken",
    "Owner",
    "Further actions",
    "Evidence of progress",
    "Likelihood",
    "Severity",
    "Score",
    "RAG",
    "Last reviewed",
    "Next review",
]


def register_xlsx(organisation: Organisation) -> bytes:
    data = register_data(organisation)
    rows = [
        [
            r["ref"],
            r["theme"],
            r["intended_outcome"],
            r["description"],
            r["actions_taken"],
            _owner(r),
            r["further_actions"],
            r["evidence"],
            r["likelihood"],
            r["severity"],
            r["score"],
            BAND_SHORT[r["band"]],
            date.fromisoformat(r["last_reviewed_on"]) if r["last_reviewed_on"] else None,
            date.fromisoformat(r["next_review_on"]) if r["next_review_on"] else None,
        ]
        for r in data.rows
    ]
    themes = [
        [
            g.name,
            len(g.rows),
            g.highest["score"] if g.highest else None,
            BAND_SHORT[g.highest["band"]] if g.highest else "",
        ]
        for g in data.groups
    ]
    scale = [[n, str(LIKELIHOOD_LEVELS[n]), str(SEVERITY_LEVELS[n])] for n in range(5, 0, -1)]
    return exports.xlsx_bytes(
        [
            exports.Sheet(
                "Risk register",
                REGISTER_HEADER,
                rows,
                widths=(6, 22, 36, 36, 36, 24, 36, 36, 10, 10, 8, 8, 13, 13),
                notes=_register_notes(data),
            ),
            exports.Sheet(
                "Themes",
                ["Theme", "Open risks", "Highest score", "RAG"],
                themes,
                widths=(40, 12, 14, 10),
            ),
            exports.Sheet(
                "Scoring", ["Level", "Likelihood", "Severity"], scale, widths=(8, 20, 20)
            ),
        ]
    )


def register_pdf(organisation: Organisation) -> bytes:
    data = register_data(organisation)
    return exports.render_pdf(
        "risks/exports/register_pdf.html",
        {
            "organisation": organisation,
            "data": data,
            "bands": BAND_SHORT,
            "generated_at": timezone.now(),
            "likelihoods": LIKELIHOOD_LEVELS,
            "severities": SEVERITY_LEVELS,
        },
    )


def docx_cell(cell: Any, text: str, *, bold: bool = False, size: float | None = None) -> None:
    from docx.shared import Pt

    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)


def docx_shade(cell: Any, hex_colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour)
    cell._tc.get_or_add_tcPr().append(shading)


SHADES = {Band.GREEN: "CCE2D8", Band.AMBER: "FFF2CC", Band.RED: "F4CCCC"}


def add_register_to_docx(document: Any, data: RegisterData, heading_level: int = 1) -> None:
    """Appendix-B-style tables, one per theme, headed by the theme's highest score."""
    for line in _register_notes(data)[1:]:
        document.add_paragraph(line)
    if not data.groups:
        document.add_paragraph("The register has no open risks.")
    header = [
        "Ref",
        "Intended outcome",
        "Risk or vulnerability",
        "Actions taken",
        "Owner",
        "Further actions",
        "Evidence of progress",
        "Score and RAG",
    ]
    for group in data.groups:
        top = group.highest
        assert top is not None
        document.add_heading(
            f"{group.name}: highest score {top['score']} ({BAND_SHORT[top['band']]})",
            level=heading_level + 1,
        )
        table = document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for i, text in enumerate(header):
            docx_cell(table.rows[0].cells[i], text, bold=True, size=8)
        for row in group.rows:
            cells = table.add_row().cells
            values = [
                row["ref"],
                row["intended_outcome"],
                row["description"],
                row["actions_taken"],
                _owner(row),
                row["further_actions"],
                row["evidence"],
                f"{row['score']} {BAND_SHORT[row['band']]}\n{_level(row)}",
            ]
            for i, text in enumerate(values):
                docx_cell(cells[i], text, size=8)
            docx_shade(cells[-1], SHADES[row["band"]])


def register_docx(organisation: Organisation) -> bytes:
    data = register_data(organisation)
    document = exports.new_document(
        f"{organisation.name}: Prevent risk register", landscape=True, footer=organisation.name
    )
    document.add_heading(f"{organisation.name}: Prevent risk register", level=0)
    add_register_to_docx(document, data)
    return exports.docx_bytes(document)


#: The register's downloads (``export/register.<format>``, named ``register_<format>``).
DOCUMENTS = [
    ExportDocument(
        name="register",
        stem="prevent-risk-register",
        permission=Can.EXPORT_RISKS,
        code=RISK_REGISTER_EXPORTED,
        builders={"xlsx": register_xlsx, "pdf": register_pdf, "docx": register_docx},
    )
]
