"""The printed Prevent policy (PDF and DOCX), put together from live data.

The policy's own text comes from the latest published version (or, for a draft, from the
working copy). Around it: the policy overview and version history, the named safeguarding
leads and how to reach them, how a concern is handled and the four decisions with the
organisation's own intervals, and the current risk register and action plan as appendices.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from dueregard.actions import exports as action_exports
from dueregard.cases.models import DecisionKind
from dueregard.core import exports
from dueregard.organisations.models import Membership, Organisation
from dueregard.organisations.permissions import Can
from dueregard.policydoc import services
from dueregard.policydoc.models import PolicyDocument, PolicyVersion
from dueregard.risks import exports as risk_exports
from dueregard.risks.models import LIKELIHOOD_LEVELS, SEVERITY_LEVELS


@dataclass
class Block:
    kind: str  # "p" or "ul"
    items: list[str]


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block]


@dataclass
class Lead:
    name: str
    role: str
    job_title: str
    email: str


@dataclass
class PolicyContext:
    organisation: Organisation
    draft: bool
    version: PolicyVersion | None
    owner_name: str
    approved_by: str
    last_reviewed_on: date | None
    next_review_on: date | None
    linked_policies: list[str]
    history: list[PolicyVersion]
    leads: list[Lead]
    sections: list[Section]
    steps: list[str]
    decisions: list[tuple[str, str]]
    register: risk_exports.RegisterData
    actions: list[action_exports.ActionRow]
    generated_at: datetime


def blocks(text: str) -> list[Block]:
    """Paragraphs split on blank lines; a paragraph whose lines start '- ' is a list."""
    found = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            found.append(Block("ul", [line[2:].strip() for line in lines]))
        else:
            found.append(Block("p", [" ".join(lines)]))
    return found


def _hours(hours: int) -> str:
    if hours % 24 == 0 and hours >= 48:
        return f"{hours // 24} days ({hours} hours)"
    return f"{hours} hour{'s' if hours != 1 else ''}"


def decisions(organisation: Organisation) -> list[tuple[str, str]]:
    """The four decisions a safeguarding lead can make, with this organisation's intervals."""
    what = {
        DecisionKind.NO_FURTHER_ACTION: (
            "The reasons are recorded and the record is kept confidentially. The case is "
            "closed, and can be reopened if anything new comes to light."
        ),
        DecisionKind.INTERNAL_SUPPORT: (
            "Support is agreed with named owners and due dates. The first review is held "
            f"within {_hours(organisation.review_interval_hours)}, and at every review the "
            "support is continued with a new review date or the case is moved on."
        ),
        DecisionKind.EXTERNAL_REFERRAL: (
            "A referral is made to police Prevent (who may take it to the Channel panel), "
            "children's or adult social care, the LADO for a concern about a member of "
            "staff, or another agency. Only the Designated Safeguarding Lead approves it, "
            "and what is shared is recorded."
        ),
        DecisionKind.EMERGENCY: (
            "Where someone is in immediate danger the police are called on 999 first. "
            "Who called, when, and the police reference are recorded."
        ),
    }
    return [(str(kind.label), what[kind]) for kind in DecisionKind]


def steps(organisation: Organisation) -> list[str]:
    return [
        "If anyone is in immediate danger, call 999 first, then tell a safeguarding lead in "
        "person.",
        "Otherwise, record the concern in dueregard straight away, on any device. Say who it "
        "is about, when and where, and what you saw or heard, in your own words. The "
        "safeguarding team is alerted at once.",
        "A safeguarding lead looks at every new concern within "
        f"{_hours(organisation.triage_target_hours)} and decides what happens next. They may "
        "ask you for more detail; they will not share the outcome with you unless you need "
        "to know it.",
        "The lead makes one of the four decisions below, records the reasons, and reviews "
        "the decision as the situation develops. Each change is a new entry; nothing is "
        "overwritten.",
    ]


def leads(organisation: Organisation) -> list[Lead]:
    found = (
        Membership.objects.safeguarding_leads()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name")
    )
    # The lead first, then the deputies.
    members = sorted(found, key=lambda m: not m.can(Can.LEAD_PREVENT_DUTY))
    return [
        Lead(
            name=m.user.full_name,
            role="Designated Safeguarding Lead and Prevent lead"
            if m.can(Can.LEAD_PREVENT_DUTY)
            else "Deputy Designated Safeguarding Lead",
            job_title=m.job_title,
            email=m.user.email,
        )
        for m in members
    ]


def build(organisation: Organisation, *, draft: bool = False) -> PolicyContext:
    document: PolicyDocument = services.ensure_policy(organisation)
    history = list(document.versions.select_related("created_by").order_by("-number"))
    version = None if draft or not history else history[0]
    draft = version is None
    if version is not None:
        texts = version.section_list
        owner, approved = version.owner_name, version.approved_by
        last, following = version.last_reviewed_on, version.next_review_on
        linked = version.linked_policy_list
    else:
        texts = services.section_rows(document)
        owner = document.owner.full_name if document.owner else ""
        approved = document.approved_by
        last, following = document.last_reviewed_on, document.next_review_on
        linked = document.linked_policy_list
    return PolicyContext(
        organisation=organisation,
        draft=draft,
        version=version,
        owner_name=owner,
        approved_by=approved,
        last_reviewed_on=last,
        next_review_on=following,
        linked_policies=linked,
        history=history,
        leads=leads(organisation),
        sections=[Section(t["key"], t["title"], blocks(t["body"])) for t in texts],
        steps=steps(organisation),
        decisions=decisions(organisation),
        register=risk_exports.register_data(organisation),
        actions=action_exports.action_rows(organisation),
        generated_at=timezone.now(),
    )


DRAFT_MARKING = "DRAFT: NOT YET APPROVED"


def policy_pdf(organisation: Organisation, *, draft: bool = False) -> bytes:
    context = build(organisation, draft=draft)
    return exports.render_pdf(
        "policydoc/exports/policy_pdf.html",
        {
            "organisation": organisation,
            "policy": context,
            "data": context.register,
            "rows": context.actions,
            "overdue": sum(r.overdue for r in context.actions),
            "today": timezone.localdate(),
            "generated_at": context.generated_at,
            "marking": DRAFT_MARKING if context.draft else "",
            "likelihoods": LIKELIHOOD_LEVELS,
            "severities": SEVERITY_LEVELS,
        },
    )


def _page_break(document: Any) -> None:
    """python-docx declares ``add_page_break`` without types: called on ``Any`` here."""
    document.add_page_break()


def _table(document: Any, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for i, text in enumerate(header):
        risk_exports.docx_cell(table.rows[0].cells[i], text, bold=True, size=9)
    for row in rows:
        cells = table.add_row().cells
        for i, text in enumerate(row):
            risk_exports.docx_cell(cells[i], text, size=9)


def _d(value: date | None) -> str:
    return f"{value:%d %B %Y}" if value else "Not set"


def policy_docx(organisation: Organisation, *, draft: bool = False) -> bytes:
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    ctx = build(organisation, draft=draft)
    title = f"{organisation.name}: Prevent policy"
    document = exports.new_document(
        title, marking=DRAFT_MARKING if ctx.draft else "", footer=organisation.name
    )
    document.add_heading(title, level=0)
    status = (
        f"Version {ctx.version.number}, approved {ctx.version.published_at:%d %B %Y}"
        if ctx.version
        else "Draft: not yet approved"
    )
    document.add_paragraph(status)

    document.add_heading("Policy overview", level=1)
    _table(
        document,
        ["", ""],
        [
            ["Policy owner", ctx.owner_name or "Not recorded"],
            ["Approved by", ctx.approved_by or "Not recorded"],
            ["Last reviewed", _d(ctx.last_reviewed_on)],
            ["Next review", _d(ctx.next_review_on)],
            ["Read with", "; ".join(ctx.linked_policies) or "None listed"],
        ],
    )
    document.add_heading("Version history", level=2)
    if ctx.history:
        _table(
            document,
            ["Version", "Approved", "By", "Summary of changes"],
            [
                [
                    str(v.number),
                    f"{v.published_at:%d %b %Y}",
                    v.created_by.full_name if v.created_by else "",
                    v.summary,
                ]
                for v in ctx.history
            ],
        )
    else:
        document.add_paragraph("No version has been approved yet.")

    document.add_heading("Who to contact", level=1)
    document.add_paragraph(
        "In an emergency, or if someone is in immediate danger, call 999. For anything else, "
        "contact a safeguarding lead:"
    )
    _table(
        document,
        ["Name", "Role", "Job title", "Email"],
        [[lead.name, lead.role, lead.job_title, lead.email] for lead in ctx.leads],
    )

    for number, section in enumerate(ctx.sections, start=1):
        document.add_heading(f"{number}. {section.title}", level=1)
        for block in section.blocks:
            if block.kind == "ul":
                for item in block.items:
                    document.add_paragraph(item, style="List Bullet")
            else:
                document.add_paragraph(block.items[0])
        if section.key == "raising":
            document.add_heading("How a concern is handled", level=2)
            for step in ctx.steps:
                document.add_paragraph(step, style="List Number")
            document.add_heading("The four decisions", level=2)
            _table(document, ["Decision", "What follows"], [list(d) for d in ctx.decisions])

    appendix = document.add_section(WD_SECTION.NEW_PAGE)
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Mm(297), Mm(210)
    document.add_heading("Appendix A: Prevent risk register", level=1)
    risk_exports.add_register_to_docx(document, ctx.register, heading_level=1)
    _page_break(document)
    document.add_heading("Appendix B: Prevent action plan", level=1)
    action_exports.add_actions_to_docx(document, ctx.actions)
    return exports.docx_bytes(document)
