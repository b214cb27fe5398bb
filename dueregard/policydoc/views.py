"""The Prevent policy: its overview, its text sections, publishing, and printing it.

DSL and deputies edit the text and details; only the DSL publishes (approves) a version;
senior leaders and inspectors read and print it; staff and administrators see nothing here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from dueregard.audit.services import log
from dueregard.core import exports
from dueregard.core.formviews import form_view
from dueregard.organisations.access import get_object_for, member_required, membership_of
from dueregard.organisations.permissions import Can
from dueregard.policydoc import audit_codes as codes
from dueregard.policydoc import document as policy_document
from dueregard.policydoc import forms as policy_forms
from dueregard.policydoc import services
from dueregard.policydoc.models import PolicySection, PolicyVersion

reader_required = member_required(Can.READ_PREVENT_POLICY)
editor_required = member_required(Can.EDIT_PREVENT_POLICY)
lead_required = member_required(Can.PUBLISH_PREVENT_POLICY)
print_required = member_required(Can.PRINT_PREVENT_POLICY)


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    apply: Callable[[], str],
    intro: str = "",
) -> HttpResponse:
    return form_view(
        request,
        form=form,
        apply=apply,
        template="policydoc/form.html",
        success_url=reverse("policydoc:overview"),
        context={"title": title, "intro": intro},
    )


@require_GET
@reader_required
def overview(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    document = services.ensure_policy(membership.organisation)
    return render(
        request,
        "policydoc/overview.html",
        {
            "document": document,
            "sections": PolicySection.objects.filter(organisation_id=membership.organisation_id),
            "versions": document.versions.select_related("created_by").order_by("-number"),
            "unpublished": services.has_unpublished_changes(document),
            "can_edit": membership.can(Can.EDIT_PREVENT_POLICY),
            "is_dsl": membership.can(Can.PUBLISH_PREVENT_POLICY),
        },
    )


@require_http_methods(["GET", "POST"])
@editor_required
def section_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    section = get_object_for(PolicySection.objects.visible_to(membership), membership, public_id)
    form = policy_forms.SectionForm(
        request.POST or None, initial={"title": section.title, "body": section.body}
    )

    def apply() -> str:
        services.update_section(membership, section, **form.cleaned_data)
        return "Section saved. Publish a new version when you are ready."

    return _form_page(request, form, title=f"Change “{section.title}”", apply=apply)


@require_http_methods(["GET", "POST"])
@editor_required
def details(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    document = services.ensure_policy(membership.organisation)
    form = policy_forms.DetailsForm(
        membership,
        request.POST or None,
        initial={
            "owner": document.owner.public_id if document.owner else None,
            "approved_by": document.approved_by,
            "last_reviewed_on": document.last_reviewed_on,
            "next_review_on": document.next_review_on,
            "linked_policies": document.linked_policies,
        },
    )

    def apply() -> str:
        services.update_details(membership, document, **form.cleaned_data)
        return "Policy details saved."

    return _form_page(request, form, title="Policy details", apply=apply)


@require_http_methods(["GET", "POST"])
@lead_required
def publish(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    document = services.ensure_policy(membership.organisation)
    form = policy_forms.PublishForm(request.POST or None)

    def apply() -> str:
        summary = form.cleaned_data["summary"]
        version = services.publish_policy(membership, document, summary=summary)
        return f"Version {version.number} of the policy published."

    return _form_page(
        request,
        form,
        title="Publish a version of the policy",
        apply=apply,
        intro="Publishing freezes the text and details as they stand now. Printed copies "
        "show the latest published version.",
    )


@require_GET
@reader_required
def version_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    version = get_object_for(
        PolicyVersion.objects.visible_to(membership).select_related("created_by"),
        membership,
        public_id,
    )
    return _version_page(request, version, back=reverse("policydoc:overview"))


def _version_page(request: HttpRequest, version: PolicyVersion, *, back: str) -> HttpResponse:
    return render(
        request,
        "policydoc/version.html",
        {
            "version": version,
            "back": back,
            "sections": [
                {"title": s["title"], "blocks": policy_document.blocks(s["body"])}
                for s in version.section_list
            ],
        },
    )


@require_GET
@member_required(Can.ACKNOWLEDGE_POLICY)
def published(request: HttpRequest) -> HttpResponse:
    """The Prevent policy in force, for every member asked to read it (the policy
    register's generated entry links here): the latest published version, read only."""
    membership = membership_of(request)
    version = (
        PolicyVersion.objects.visible_to(membership)
        .select_related("created_by")
        .order_by("-number")
        .first()
    )
    if version is None:
        raise Http404("No published Prevent policy")
    return _version_page(request, version, back=reverse("policies:list"))


def _print(request: HttpRequest, kind: str) -> HttpResponse:
    membership = membership_of(request)
    draft = request.GET.get("draft") == "1" and membership.can(Can.EDIT_PREVENT_POLICY)
    build = policy_document.policy_pdf if kind == exports.PDF else policy_document.policy_docx
    content = build(membership.organisation, draft=draft)
    extension = "pdf" if kind == exports.PDF else "docx"
    log(
        membership,
        codes.PREVENT_POLICY_EXPORTED,
        object_type="export",
        context={"format": extension, "draft": draft},
    )
    stem = "prevent-policy-draft" if draft else "prevent-policy"
    return exports.download(content, exports.safe_filename(stem, extension), kind)


@require_GET
@print_required
def policy_pdf(request: HttpRequest) -> HttpResponse:
    return _print(request, exports.PDF)


@require_GET
@print_required
def policy_docx(request: HttpRequest) -> HttpResponse:
    return _print(request, exports.DOCX)
