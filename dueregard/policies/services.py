"""Every change to the policy register. Each checks the permission, runs in one transaction
and writes an audit event (a code from ``policies.audit_codes``, ids and numbers as context).

``record_generated_version`` is for ``dueregard.policydoc``: it files each published
version of the generated Prevent policy in the register.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.accounts.models import User
from dueregard.audit.services import log, record
from dueregard.core.errors import DomainError
from dueregard.core.uploads import inspect_upload, strip_metadata
from dueregard.organisations.models import Membership, Organisation
from dueregard.organisations.permissions import Can, require, roles_with
from dueregard.policies import audit_codes as codes
from dueregard.policies.models import (
    Acknowledgement,
    Policy,
    PolicyReview,
    PolicyVersion,
    ReviewFlag,
)
from dueregard.training.compliance import add_months

GENERATED_SOURCE = "dueregard/policydoc"


def _require_manager(m: Membership) -> None:
    require(
        m,
        Can.MANAGE_POLICIES,
        _("Only the DSL, a deputy or a senior leader can change the policy register."),
    )


def _check_owner(m: Membership, owner: User) -> None:
    if (
        not Membership.objects.active()
        .filter(organisation_id=m.organisation_id, user=owner)
        .exists()
    ):
        raise DomainError(_("The owner must be a member of your organisation."))


def _check_linked(m: Membership, linked: Sequence[Policy], policy: Policy | None = None) -> None:
    for other in linked:
        if other.organisation_id != m.organisation_id:
            raise DomainError(_("That is not part of your organisation."))
        if policy is not None and other.pk == policy.pk:
            raise DomainError(_("A policy cannot be linked to itself."))


@dataclass(frozen=True)
class PolicyDetails:
    title: str
    owner: User
    review_interval_months: int
    next_review_on: date
    linked: Sequence[Policy] = ()
    requires_acknowledgement: bool = True


def create_policy(m: Membership, details: PolicyDetails) -> Policy:
    _require_manager(m)
    _check_owner(m, details.owner)
    _check_linked(m, details.linked)
    with transaction.atomic():
        if Policy.objects.filter(
            organisation_id=m.organisation_id, title__iexact=details.title
        ).exists():
            raise DomainError(_("There is already a policy with this title."))
        policy: Policy = Policy.objects.create(
            organisation=m.organisation,
            created_by=m.user,
            title=details.title,
            owner=details.owner,
            review_interval_months=details.review_interval_months,
            next_review_on=details.next_review_on,
            requires_acknowledgement=details.requires_acknowledgement,
        )
        policy.linked.set(details.linked)
        log(m, codes.POLICY_ADDED, policy, context={"linked": len(details.linked)})
    return policy


def update_policy(m: Membership, policy: Policy, details: PolicyDetails) -> Policy:
    _require_manager(m)
    _check_owner(m, details.owner)
    _check_linked(m, details.linked, policy)
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        if (
            Policy.objects.filter(organisation_id=m.organisation_id, title__iexact=details.title)
            .exclude(pk=policy.pk)
            .exists()
        ):
            raise DomainError(_("There is already a policy with this title."))
        if policy.last_reviewed_on and details.next_review_on < policy.last_reviewed_on:
            raise DomainError(_("The next review cannot be before the last review."))
        policy.title = details.title
        policy.owner = details.owner
        policy.review_interval_months = details.review_interval_months
        policy.next_review_on = details.next_review_on
        policy.requires_acknowledgement = details.requires_acknowledgement
        policy.save()
        policy.linked.set(details.linked)
        log(m, codes.POLICY_CHANGED, policy, context={"linked": len(details.linked)})
    return policy


def _store_file(version: PolicyVersion, upload: UploadedFile) -> None:
    checked = inspect_upload(upload, max_bytes=settings.MAX_ATTACHMENT_BYTES)
    data = strip_metadata(checked)
    version.file_name = PurePath(upload.name or "policy").name[:200]
    version.file_type = checked.kind.content_type
    version.file.seal(data, checked.suffix)


def read_file(version: PolicyVersion) -> bytes:
    data: bytes = version.file.unseal()
    return data


def _next_number(policy: Policy) -> int:
    last = policy.versions.aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


def add_version(
    m: Membership,
    policy: Policy,
    *,
    summary: str,
    approved_by: str,
    approved_on: date,
    effective_on: date,
    text: str = "",
    upload: UploadedFile | None = None,
) -> PolicyVersion:
    """Add the next version; it becomes current and the review dates move on."""
    _require_manager(m)
    if not text.strip() and upload is None:
        raise DomainError(_("Paste the policy's text or upload its file."))
    if approved_on > timezone.localdate():
        raise DomainError(_("The date approved cannot be in the future."))
    if approved_on.year < 1990:
        raise DomainError(_("The date approved is too far in the past: check the year."))
    if (effective_on - approved_on).days > 366:
        raise DomainError(_("A version comes into force within a year of its approval."))
    if effective_on < approved_on:
        raise DomainError(_("A version cannot be in force before it was approved."))
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        last = policy.versions.order_by("-number").first()
        if last is not None and approved_on < last.approved_on:
            raise DomainError(
                _(
                    "Version %(n)d was approved on %(day)s: a new version cannot be "
                    "approved before it."
                )
                % {"n": last.number, "day": f"{last.approved_on:%d %B %Y}"}
            )
        version = PolicyVersion(
            organisation=m.organisation,
            created_by=m.user,
            policy=policy,
            number=_next_number(policy),
            summary=summary,
            text=text.strip(),
            approved_by=approved_by,
            approved_on=approved_on,
            effective_on=effective_on,
        )
        if upload is not None:
            _store_file(version, upload)
        version.save()
        policy.last_reviewed_on = approved_on
        policy.next_review_on = add_months(approved_on, policy.review_interval_months)
        policy.save(update_fields=["last_reviewed_on", "next_review_on", "updated_at"])
        log(
            m,
            codes.POLICY_VERSION_ADDED,
            version,
            context={
                "policy": str(policy.public_id),
                "version": version.number,
                "file": upload is not None,
            },
        )
    return version


def record_review(
    m: Membership,
    policy: Policy,
    *,
    reviewed_on: date,
    note: str,
) -> PolicyReview:
    """Reviewed, no change: record the review and move the review dates on.

    No new version is made, so acknowledgements of the version in force stand.
    """
    _require_manager(m)
    if not note.strip():
        raise DomainError(_("Say what the review checked and why no change is needed."))
    today = timezone.localdate()
    if reviewed_on > today:
        raise DomainError(_("The date reviewed cannot be in the future."))
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        if current_version(policy) is None:
            raise DomainError(
                _("This policy has no version in force to review: add its first version.")
            )
        if policy.last_reviewed_on and reviewed_on < policy.last_reviewed_on:
            raise DomainError(
                _("The policy was last reviewed on %(day)s: a new review cannot be earlier.")
                % {"day": f"{policy.last_reviewed_on:%d %B %Y}"}
            )
        next_review = add_months(reviewed_on, policy.review_interval_months)
        if next_review < today:
            raise DomainError(
                _("A review on that date would already be due again: check the date.")
            )
        review: PolicyReview = PolicyReview.objects.create(
            organisation=m.organisation,
            created_by=m.user,
            policy=policy,
            reviewed_by=m.user,
            reviewed_on=reviewed_on,
            note=note.strip(),
            next_review_on=next_review,
        )
        policy.last_reviewed_on = reviewed_on
        policy.next_review_on = next_review
        policy.save(update_fields=["last_reviewed_on", "next_review_on", "updated_at"])
        log(
            m,
            codes.POLICY_REVIEWED,
            review,
            context={"policy": str(policy.public_id), "reviewed_on": reviewed_on.isoformat()},
        )
    return review


def current_version(policy: Policy) -> PolicyVersion | None:
    """The latest version already in force (a version approved for later is not yet current)."""
    today = timezone.localdate()
    return policy.versions.filter(effective_on__lte=today).order_by("-number").first()


def acknowledge(m: Membership, policy: Policy) -> Acknowledgement:
    """The member confirms they have read the current version."""
    require(m, Can.ACKNOWLEDGE_POLICY, _("Your role does not acknowledge policies."))
    with transaction.atomic():
        # Lock the policy so a double-click (two requests at once) queues here rather than
        # racing to the unique constraint; the IntegrityError catch covers any that slip by.
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        version = current_version(policy)
        if version is None:
            raise DomainError(_("This policy has no version in force to read yet."))
        already = DomainError(
            _("You have already confirmed you read version %(n)d.") % {"n": version.number}
        )
        if Acknowledgement.objects.filter(version=version, member=m).exists():
            raise already
        try:
            with transaction.atomic():
                ack: Acknowledgement = Acknowledgement.objects.create(
                    organisation=m.organisation, created_by=m.user, version=version, member=m
                )
        except IntegrityError:
            raise already from None
        log(
            m,
            codes.POLICY_VERSION_ACKNOWLEDGED,
            ack,
            context={"policy": str(policy.public_id), "version": version.number},
        )
    return ack


def not_acknowledged(policy: Policy, version: PolicyVersion | None) -> Any:
    """Active members (not inspectors) who have not confirmed reading ``version``."""
    members = (
        Membership.objects.active()
        .filter(organisation_id=policy.organisation_id)
        .filter(role__in=roles_with(Can.ACKNOWLEDGE_POLICY))
        .select_related("user")
        .order_by("user__full_name")
    )
    if version is None:
        return members.none()
    done = Acknowledgement.objects.filter(version=version).values("member_id")
    return members.exclude(pk__in=done)


def _free_generated_title(
    organisation: Organisation, title: str, policy: Policy | None = None
) -> str:
    """``title``, or "``title`` (generated)" if a manual policy already has that title.

    The register's titles are unique (compared without case). A manual policy with the
    generated policy's title keeps its own versions and acknowledgements, so the
    generated policy is never merged into it: it takes a distinct title instead.
    """
    taken = Policy.objects.filter(organisation=organisation)
    if policy is not None:
        taken = taken.exclude(pk=policy.pk)
    candidates = [title, _("%(title)s (generated)") % {"title": title}]
    candidates += [
        _("%(title)s (generated %(n)d)") % {"title": title, "n": n} for n in range(2, 10)
    ]
    for candidate in candidates:
        if not taken.filter(title__iexact=candidate).exists():
            return candidate
    raise DomainError(
        _(
            "The policy register already has policies titled “%(title)s”: rename one of "
            "them before publishing."
        )
        % {"title": title}
    )


def record_generated_version(
    organisation: Organisation,
    *,
    title: str,
    number: int,
    published_by: User,
    summary: str,
    document_url_name: str,
    text: str = "",
) -> PolicyVersion:
    """File a published version of a generated policy (the Prevent policy) in the register.

    Creates the policy (``generated=True``, source ``dueregard/policydoc``, owned by the
    publisher, reviewed yearly) the first time, titled ``title`` or, when a manual policy
    already has that title, a distinct one such as "Prevent policy (generated)"; and
    version ``number`` pointing at the generated document's URL name, with ``text``
    (what every member reads and acknowledges; the generated document itself is for those
    who may open it). Publishing
    the same number again changes nothing and returns the existing version. Raises
    ``DomainError`` if ``number`` is not above the latest version. Call it inside the
    caller's transaction and scope.
    """
    today = timezone.localdate()
    with transaction.atomic():
        policy = (
            Policy.objects.select_for_update()
            .filter(organisation=organisation, generated=True, source=GENERATED_SOURCE)
            .first()
        )
        if policy is None:
            policy = Policy.objects.create(
                organisation=organisation,
                created_by=published_by,
                title=_free_generated_title(organisation, title),
                owner=published_by,
                next_review_on=add_months(today, 12),
                generated=True,
                source=GENERATED_SOURCE,
            )
            record(
                code=codes.POLICY_GENERATED_ADDED,
                actor=published_by,
                organisation=organisation,
                obj=policy,
            )
        existing: PolicyVersion | None = policy.versions.filter(number=number).first()
        if existing is not None:
            return existing
        last = policy.versions.aggregate(n=Max("number"))["n"] or 0
        if number <= last:
            raise DomainError(_("Version %(n)d is older than the latest version.") % {"n": number})
        if policy.title != title:
            policy.title = _free_generated_title(organisation, title, policy)
        version: PolicyVersion = PolicyVersion.objects.create(
            organisation=organisation,
            created_by=published_by,
            policy=policy,
            number=number,
            summary=summary[:500],
            document_url_name=document_url_name,
            text=text,
            approved_by=published_by.full_name,
            approved_on=today,
            effective_on=today,
        )
        policy.last_reviewed_on = today
        policy.next_review_on = add_months(today, policy.review_interval_months)
        policy.save()
        record(
            code=codes.POLICY_VERSION_GENERATED,
            actor=published_by,
            organisation=organisation,
            obj=version,
            context={"policy": str(policy.public_id), "version": number},
        )
    return version


def flag_for_guidance_change(
    membership: Membership, *, changed_on: date, reason: str
) -> list[ReviewFlag]:
    """A recorded change in law or guidance asks for a review of the Prevent policy (the
    generated one in the register) and of every policy linked to it. Called in the
    recording's transaction (``policydoc`` connects it to the register's change)."""
    prevent = Policy.objects.filter(organisation_id=membership.organisation_id, generated=True)
    linked = Policy.objects.filter(organisation_id=membership.organisation_id, linked__in=prevent)
    policies = list((prevent | linked).distinct().order_by("title"))
    flags = ReviewFlag.objects.bulk_create(
        [
            ReviewFlag(
                organisation_id=membership.organisation_id,
                created_by=membership.user,
                policy=policy,
                changed_on=changed_on,
                reason=reason[:300],
            )
            for policy in policies
        ]
    )
    for flag in flags:
        log(
            membership,
            codes.POLICY_FLAGGED_FOR_REVIEW,
            flag.policy,
            context={"changed_on": changed_on.isoformat()},
        )
    return flags


def open_review_flags(policies: QuerySet[Policy]) -> QuerySet[ReviewFlag]:
    """The flags on ``policies`` with no review or new version recorded since: one query."""
    later_review = PolicyReview.objects.filter(
        policy_id=OuterRef("policy_id"), created_at__gt=OuterRef("created_at")
    )
    later_version = PolicyVersion.objects.filter(
        policy_id=OuterRef("policy_id"), created_at__gt=OuterRef("created_at")
    )
    return (
        ReviewFlag.objects.filter(policy__in=policies)
        .exclude(Exists(later_review))
        .exclude(Exists(later_version))
        .select_related("policy")
        .order_by("policy__title", "changed_on", "id")
    )
