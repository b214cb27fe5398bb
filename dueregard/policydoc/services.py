"""Every change to the Prevent policy's text and details, and publishing a version.

Text and details: the DSL and deputies. Publishing (approving a version): the DSL only.
Each change runs in a transaction and writes an audit event (a code from
``policydoc.audit_codes``, with ids and numbers as context).
"""

from __future__ import annotations

import json
from datetime import date

from django.db import transaction
from django.db.models import Max

from dueregard.accounts.models import User
from dueregard.audit.services import log, record
from dueregard.core.errors import DomainError
from dueregard.organisations.models import Membership, Organisation
from dueregard.organisations.permissions import Can, require
from dueregard.policies.services import record_generated_version
from dueregard.policydoc import audit_codes as codes
from dueregard.policydoc.defaults import DEFAULT_SECTIONS
from dueregard.policydoc.models import PolicyDocument, PolicySection, PolicyVersion
from dueregard.risks.services import require_member


def ensure_policy(organisation: Organisation) -> PolicyDocument:
    """The organisation's policy, set up with the default sections the first time."""
    found: PolicyDocument | None = PolicyDocument.objects.filter(organisation=organisation).first()
    if found is not None:
        return found
    document: PolicyDocument
    with transaction.atomic():
        document, created = PolicyDocument.objects.get_or_create(organisation=organisation)
        if created:
            for position, (key, title, body) in enumerate(DEFAULT_SECTIONS, start=1):
                PolicySection.objects.create(
                    organisation=organisation,
                    key=key,
                    position=position,
                    title=title,
                    body=body.replace("{organisation}", organisation.name),
                )
            record(
                code=codes.PREVENT_POLICY_SET_UP,
                actor=None,
                organisation=organisation,
                obj=document,
                context={"sections": len(DEFAULT_SECTIONS)},
            )
    return document


def _require_editor(membership: Membership) -> None:
    require(
        membership,
        Can.EDIT_PREVENT_POLICY,
        "Only the DSL or a deputy DSL can change the Prevent policy.",
    )


def update_section(
    membership: Membership,
    section: PolicySection,
    *,
    title: str,
    body: str,
) -> PolicySection:
    _require_editor(membership)
    if not title.strip() or not body.strip():
        raise DomainError("A section needs a heading and some text.")
    with transaction.atomic():
        section = PolicySection.objects.select_for_update().get(pk=section.pk)
        section.title, section.body = title.strip(), body.strip()
        section.save()
        log(membership, codes.PREVENT_POLICY_SECTION_CHANGED, section, context={"key": section.key})
    return section


def update_details(
    membership: Membership,
    document: PolicyDocument,
    *,
    owner: User | None,
    approved_by: str,
    last_reviewed_on: date | None,
    next_review_on: date | None,
    linked_policies: str,
) -> PolicyDocument:
    _require_editor(membership)
    require_member(membership.organisation_id, owner, "The policy owner")
    if last_reviewed_on and next_review_on and next_review_on < last_reviewed_on:
        raise DomainError("The next review must be after the last review.")
    with transaction.atomic():
        document = PolicyDocument.objects.select_for_update().get(pk=document.pk)
        document.owner = owner
        document.approved_by = approved_by
        document.last_reviewed_on = last_reviewed_on
        document.next_review_on = next_review_on
        document.linked_policies = linked_policies
        document.save()
        log(membership, codes.PREVENT_POLICY_DETAILS_CHANGED, document)
    return document


def section_rows(document: PolicyDocument) -> list[dict[str, str]]:
    return [
        {"key": s.key, "title": s.title, "body": s.body}
        for s in PolicySection.objects.filter(organisation_id=document.organisation_id)
    ]


def publish_policy(
    membership: Membership,
    document: PolicyDocument,
    *,
    summary: str,
) -> PolicyVersion:
    """Freeze the current text and details as the next version (the lead approves)."""
    require(
        membership, Can.PUBLISH_PREVENT_POLICY, "Only the DSL / Prevent lead publishes the policy."
    )
    if not summary.strip():
        raise DomainError("Say what changed in this version.")
    with transaction.atomic():
        document = PolicyDocument.objects.select_for_update().get(pk=document.pk)
        last = document.versions.aggregate(n=Max("number"))["n"] or 0
        version: PolicyVersion = PolicyVersion.objects.create(
            organisation=document.organisation,
            created_by=membership.user,
            document=document,
            number=last + 1,
            summary=summary.strip(),
            owner_name=document.owner.full_name if document.owner else "",
            approved_by=document.approved_by,
            last_reviewed_on=document.last_reviewed_on,
            next_review_on=document.next_review_on,
            linked_policies=document.linked_policies,
            sections=json.dumps(section_rows(document)),
        )
        log(
            membership, codes.PREVENT_POLICY_PUBLISHED, version, context={"version": version.number}
        )
        # The Prevent policy is one of the organisation's policies: each published version
        # is filed in the policy register, where staff confirm they have read it.
        record_generated_version(
            document.organisation,
            title="Prevent policy",
            number=version.number,
            published_by=membership.user,
            summary=version.summary,
            document_url_name="policydoc:published",
            # Staff read and acknowledge the policy's own text; the generated document
            # adds the leads, the register and the action plan, which only some may open.
            text="\n\n".join(f"{row['title']}\n\n{row['body']}" for row in section_rows(document)),
        )
    return version


def has_unpublished_changes(document: PolicyDocument) -> bool:
    latest: PolicyVersion | None = document.versions.order_by("-number").first()
    if latest is None:
        return True
    return latest.section_list != section_rows(document) or (
        latest.owner_name != (document.owner.full_name if document.owner else "")
        or latest.approved_by != document.approved_by
        or latest.last_reviewed_on != document.last_reviewed_on
        or latest.next_review_on != document.next_review_on
        or latest.linked_policies != document.linked_policies
    )
