"""The Prevent policy: versioned text, details, and the generated PDF and DOCX."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dueregard.actions.tests.builders import make_action
from dueregard.audit.models import AuditEvent
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.organisations.models import Membership
from dueregard.policydoc import document, services
from dueregard.policydoc.defaults import DEFAULT_SECTIONS
from dueregard.policydoc.models import PolicySection, PolicyVersion
from dueregard.risks.tests.builders import make_risk

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split())


def test_default_sections_name_the_organisation(dsl: Membership) -> None:
    services.ensure_policy(dsl.organisation)
    sections = list(PolicySection.objects.filter(organisation=dsl.organisation))
    assert [s.key for s in sections] == [key for key, _, _ in DEFAULT_SECTIONS]
    assert "Larkfield Training must have due regard" in sections[0].body


def test_sections_are_versioned_and_versions_frozen(dsl: Membership, deputy: Membership) -> None:
    policy = services.ensure_policy(dsl.organisation)
    section = PolicySection.objects.get(organisation=dsl.organisation, key="training")
    first = services.publish_policy(dsl, policy, summary="First version")
    services.update_section(deputy, section, title="Training", body="Everyone trains yearly.")
    assert services.has_unpublished_changes(policy)
    with pytest.raises(NotPermitted):
        services.publish_policy(deputy, policy, summary="Deputy tries")
    second = services.publish_policy(dsl, policy, summary="Training rewritten")
    assert not services.has_unpublished_changes(policy)
    first.refresh_from_db()
    old = {s["key"]: s for s in first.section_list}
    new = {s["key"]: s for s in second.section_list}
    assert old["training"]["title"] == "Training and awareness"
    assert new["training"]["body"] == "Everyone trains yearly."
    with pytest.raises(ValueError):
        first.save()
    with pytest.raises(ValueError):
        PolicyVersion.objects.filter(pk=first.pk).delete()


def test_details_refuse_dates_in_the_wrong_order_and_outside_owners(
    dsl: Membership, outsider_dsl: Membership
) -> None:
    policy = services.ensure_policy(dsl.organisation)
    today = timezone.localdate()
    with pytest.raises(DomainError):
        services.update_details(
            dsl,
            policy,
            owner=dsl.user,
            approved_by="",
            linked_policies="",
            last_reviewed_on=today,
            next_review_on=today - timedelta(days=1),
        )
    with pytest.raises(DomainError):
        services.update_details(
            dsl,
            policy,
            owner=outsider_dsl.user,
            approved_by="",
            linked_policies="",
            last_reviewed_on=None,
            next_review_on=None,
        )


def test_paragraphs_and_bullets() -> None:
    blocks = document.blocks("First line\nsame paragraph.\n\n- one\n- two\n\nLast.")
    assert [(b.kind, b.items) for b in blocks] == [
        ("p", ["First line same paragraph."]),
        ("ul", ["one", "two"]),
        ("p", ["Last."]),
    ]


@pytest.fixture
def live(dsl: Membership, deputy: Membership) -> None:
    dsl.job_title = "Head of safeguarding"
    dsl.save()
    organisation = dsl.organisation
    organisation.review_interval_hours = 72
    organisation.save()
    make_risk(dsl, 5, 4, description="Filtering misses new extremist sites")
    make_action(dsl, days=-2, action="Test the web filter each term")
    policy = services.ensure_policy(organisation)
    services.update_details(
        dsl,
        policy,
        owner=dsl.user,
        approved_by="Board of governors",
        last_reviewed_on=timezone.localdate(),
        next_review_on=timezone.localdate() + timedelta(days=365),
        linked_policies="Safeguarding policy\nStaff code of conduct",
    )
    services.publish_policy(dsl, policy, summary="Annual review")


def test_policy_pdf_is_generated_from_live_data(dsl: Membership, live: None) -> None:
    text = pdf_text(document.policy_pdf(dsl.organisation))
    assert "Prevent policy" in text and "Version 1, approved" in text
    assert (
        "Dana Lead" in text and "Head of safeguarding" in text and "dsl@larkfield.example" in text
    )
    assert "Devon Second" in text  # the deputy
    assert "Safeguarding policy" in text and "Board of governors" in text
    assert "within 3 days (72 hours)" in text  # the organisation's own review interval
    for decision in ("No further action", "Internal support", "External referral", "Emergency"):
        assert decision in text
    assert "Appendix A: Prevent risk register" in text
    assert "Filtering misses new extremist sites" in text
    assert "Appendix B: Prevent action plan" in text and "Test the web filter each term" in text
    assert "DRAFT" not in text


def test_policy_docx_is_generated_from_live_data(dsl: Membership, live: None) -> None:
    from docx import Document

    doc = Document(io.BytesIO(document.policy_docx(dsl.organisation)))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "1. Purpose and scope" in text and "The four decisions" in text
    assert "Dana Lead" in cells and "Annual review" in cells
    assert "Filtering misses new extremist sites" in cells
    assert "Test the web filter each term" in cells
    width, height = doc.sections[-1].page_width, doc.sections[-1].page_height
    assert width is not None and height is not None
    assert width > height  # landscape appendices


def test_draft_print_shows_unpublished_text_marked_as_draft(
    client: Client, dsl: Membership, governor: Membership, live: None
) -> None:
    section = PolicySection.objects.get(organisation=dsl.organisation, key="speakers")
    services.update_section(dsl, section, title=section.title, body="Unpublished new wording.")
    client.force_login(dsl.user)
    draft = client.get(reverse("policydoc:policy_pdf") + "?draft=1")
    text = pdf_text(draft.content)
    assert "Unpublished new wording." in text and "DRAFT" in text
    assert AuditEvent.objects.filter(
        code="prevent_policy.exported", context={"format": "pdf", "draft": True}
    ).exists()
    client.force_login(governor.user)
    published = pdf_text(client.get(reverse("policydoc:policy_pdf") + "?draft=1").content)
    assert "Unpublished new wording." not in published  # readers only get the approved text


def test_staff_cannot_read_the_policy_pages(client: Client, teacher: Membership) -> None:
    client.force_login(teacher.user)
    assert client.get(reverse("policydoc:overview")).status_code == 403


def test_publishing_files_the_version_in_the_policy_register(dsl, teacher, client) -> None:
    from dueregard.policies.models import Policy
    from dueregard.policydoc import services as policydoc

    document = policydoc.ensure_policy(dsl.organisation)
    policydoc.publish_policy(dsl, document, summary="First version")

    policy = Policy.objects.get(organisation=dsl.organisation, generated=True)
    version = policy.versions.get()
    assert version.number == 1
    first = policydoc.section_rows(document)[0]
    assert first["title"] in version.text and first["body"][:40] in version.text
    # Staff read it in the register, where they confirm they have read it.
    client.force_login(teacher.user)
    page = client.get(f"/policies/{policy.public_id}/").content.decode()
    assert first["title"] in page


def test_publishing_when_the_register_has_a_manual_prevent_policy(dsl, client) -> None:
    """A manual "Prevent policy" keeps its title and versions; the generated one is distinct."""
    from datetime import timedelta as _days

    from dueregard.policies import services as register
    from dueregard.policies.models import Policy

    manual = register.create_policy(
        dsl,
        register.PolicyDetails(
            title="PREVENT policy",
            owner=dsl.user,
            review_interval_months=12,
            next_review_on=timezone.localdate() + _days(days=100),
        ),
    )
    services.ensure_policy(dsl.organisation)
    client.force_login(dsl.user)
    response = client.post(reverse("policydoc:publish"), {"summary": "First version"})
    assert response.status_code == 302
    generated = Policy.objects.get(organisation=dsl.organisation, generated=True)
    assert generated.title == "Prevent policy (generated)"
    assert generated.versions.count() == 1
    manual.refresh_from_db()
    assert manual.title == "PREVENT policy" and manual.versions.count() == 0
    # Publishing again keeps the distinct title and files version 2.
    response = client.post(reverse("policydoc:publish"), {"summary": "Second version"})
    assert response.status_code == 302
    generated.refresh_from_db()
    assert generated.title == "Prevent policy (generated)"
    assert generated.versions.count() == 2


def test_publishing_shows_a_message_when_no_title_is_free(dsl, client) -> None:
    from dueregard.policies import services as register

    for title in ["Prevent policy", "Prevent policy (generated)"] + [
        f"Prevent policy (generated {n})" for n in range(2, 10)
    ]:
        register.create_policy(
            dsl,
            register.PolicyDetails(
                title=title,
                owner=dsl.user,
                review_interval_months=12,
                next_review_on=timezone.localdate() + timedelta(days=100),
            ),
        )
    services.ensure_policy(dsl.organisation)
    client.force_login(dsl.user)
    response = client.post(reverse("policydoc:publish"), {"summary": "First version"})
    assert response.status_code == 200  # the form again, with the reason (core.formviews)
    assert "rename one of them" in response.content.decode()
    assert not PolicyVersion.objects.filter(organisation=dsl.organisation).exists()


def test_policy_changes_are_audited_as_codes(dsl: Membership) -> None:
    policy = services.ensure_policy(dsl.organisation)
    section = PolicySection.objects.get(organisation=dsl.organisation, key="training")
    services.update_section(dsl, section, title="Training", body="Everyone trains yearly.")
    version = services.publish_policy(dsl, policy, summary="First version")
    changed = AuditEvent.objects.get(object_id=section.public_id)
    assert (changed.code, changed.context) == (
        "prevent_policy_section.changed",
        {"key": "training"},
    )
    published = AuditEvent.objects.get(object_id=version.public_id)
    assert (published.code, published.context) == ("prevent_policy.published", {"version": 1})
    assert published.summary == "Prevent policy version published"
