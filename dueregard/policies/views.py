"""Policy register pages. Every member sees the register; everyone but inspectors
acknowledges; the DSL, deputies and senior leaders manage it."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dueregard.audit.services import log
from dueregard.core import exports
from dueregard.core.formviews import Done, button_view, form_view
from dueregard.organisations.access import get_object_for, member_required, membership_of
from dueregard.organisations.permissions import Can
from dueregard.policies import audit_codes as codes
from dueregard.policies import services
from dueregard.policies.forms import PolicyForm, ReviewForm, VersionForm
from dueregard.policies.models import Acknowledgement, Policy, PolicyVersion

members = member_required()
managers = member_required(Can.MANAGE_POLICIES)
readers = member_required(Can.ACKNOWLEDGE_POLICY)


def _policy_for(request: HttpRequest, public_id: uuid.UUID) -> Policy:
    membership = membership_of(request)
    policy: Policy = get_object_for(
        Policy.objects.visible_to(membership).select_related("owner"), membership, public_id
    )
    return policy


@require_GET
@members
def policy_list(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    today = timezone.localdate()
    policies = list(Policy.objects.visible_to(membership).select_related("owner").order_by("title"))
    current = {p.pk: services.current_version(p) for p in policies}
    acknowledged = set(
        Acknowledgement.objects.filter(member=membership).values_list("version_id", flat=True)
    )
    flagged: dict[int, list[Any]] = {}
    for flag in services.open_review_flags(Policy.objects.visible_to(membership)):
        flagged.setdefault(flag.policy_id, []).append(flag)
    rows = []
    for p in policies:
        version = current[p.pk]
        rows.append(
            {
                "policy": p,
                "version": version,
                "overdue": p.next_review_on < today,
                "flags": flagged.get(p.pk, []),
                "due_soon": today <= p.next_review_on <= today + timedelta(days=30),
                "to_read": bool(
                    version
                    and p.requires_acknowledgement
                    and version.pk not in acknowledged
                    and membership.can(Can.ACKNOWLEDGE_POLICY)
                ),
            }
        )
    return render(
        request,
        "policies/list.html",
        {"rows": rows, "can_manage": membership.can(Can.MANAGE_POLICIES), "today": today},
    )


@require_http_methods(["GET", "POST"])
@managers
def policy_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = PolicyForm(membership, request.POST or None)

    def apply() -> Done:
        policy = services.create_policy(membership, form.to_command())
        return Done(
            _("Policy added. Now add its first version."),
            reverse("policies:add_version", args=[policy.public_id]),
        )

    return form_view(
        request,
        form=form,
        apply=apply,
        template="policies/form.html",
        context={"title": _("Add a policy")},
    )


@require_http_methods(["GET", "POST"])
@managers
def policy_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    policy = _policy_for(request, public_id)
    form = PolicyForm(
        membership,
        request.POST or None,
        policy=policy,
        initial={
            "title": policy.title,
            "owner": policy.owner.public_id,
            "review_interval_months": policy.review_interval_months,
            "next_review_on": policy.next_review_on,
            "linked": [p.public_id for p in policy.linked.all()],
            "requires_acknowledgement": policy.requires_acknowledgement,
        },
    )

    def apply() -> str:
        services.update_policy(membership, policy, form.to_command())
        return _("Policy details saved")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="policies/form.html",
        success_url=reverse("policies:detail", args=[policy.public_id]),
        context={"title": _("Change policy details"), "policy": policy},
    )


@require_GET
@members
def policy_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    policy = _policy_for(request, public_id)
    version = services.current_version(policy)
    mine = (
        Acknowledgement.objects.filter(version=version, member=membership).first()
        if version
        else None
    )
    today = timezone.localdate()
    return render(
        request,
        "policies/detail.html",
        {
            "policy": policy,
            "current": version,
            "versions": policy.versions.select_related("created_by"),
            "reviews": policy.reviews.select_related("reviewed_by"),
            "linked": policy.linked.order_by("title"),
            "mine": mine,
            "can_manage": membership.can(Can.MANAGE_POLICIES),
            "can_acknowledge": membership.can(Can.ACKNOWLEDGE_POLICY)
            and policy.requires_acknowledgement,
            "overdue": policy.next_review_on < today,
            "flags": list(services.open_review_flags(Policy.objects.filter(pk=policy.pk))),
            "outstanding_count": services.not_acknowledged(policy, version).count()
            if membership.can(Can.MANAGE_POLICIES)
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
@managers
def add_version(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    policy = _policy_for(request, public_id)
    if policy.generated:
        messages.error(
            request,
            _(
                "This policy is generated by dueregard: publish a new version from the "
                "Prevent policy page."
            ),
        )
        return redirect("policies:detail", public_id=policy.public_id)
    form = VersionForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )

    def apply() -> str:
        d = form.cleaned_data
        version = services.add_version(
            membership,
            policy,
            summary=d["summary"],
            approved_by=d["approved_by"],
            approved_on=d["approved_on"],
            effective_on=d["effective_on"],
            text=d["text"],
            upload=d["file"],
        )
        return _("Version %(n)d added") % {"n": version.number}

    return form_view(
        request,
        form=form,
        apply=apply,
        template="policies/form.html",
        success_url=reverse("policies:detail", args=[policy.public_id]),
        context={"title": _("Add a new version"), "policy": policy, "multipart": True},
    )


@require_http_methods(["GET", "POST"])
@managers
def review(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Reviewed, no change: moves the review dates on; acknowledgements stand."""
    membership = membership_of(request)
    policy = _policy_for(request, public_id)
    form = ReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})

    def apply() -> str:
        done = services.record_review(
            membership,
            policy,
            reviewed_on=form.cleaned_data["reviewed_on"],
            note=form.cleaned_data["note"],
        )
        return _("Review recorded. The next review is due on %(day)s.") % {
            "day": f"{done.next_review_on:%-d %B %Y}"
        }

    return form_view(
        request,
        form=form,
        apply=apply,
        template="policies/form.html",
        success_url=reverse("policies:detail", args=[policy.public_id]),
        context={
            "title": _("Record a review with no change"),
            "policy": policy,
            "intro": _(
                "Use this when a review finds the policy still right as it is. The version "
                "in force stays, so staff who have read it do not need to read it again. "
                "The next review falls due %(n)d months after the date reviewed. If the "
                "policy needs changing, add a new version instead."
            )
            % {"n": policy.review_interval_months},
        },
    )


@require_POST
@readers
def acknowledge(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    policy = _policy_for(request, public_id)

    def apply() -> str:
        ack = services.acknowledge(membership, policy)
        return _("Thank you: you have confirmed you read version %(n)d.") % {
            "n": ack.version.number
        }

    return button_view(
        request,
        apply=apply,
        success_url=reverse("policies:detail", kwargs={"public_id": policy.public_id}),
        title=_("Confirm you have read the policy"),
    )


@require_GET
@managers
def outstanding(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Who has not yet confirmed reading the current version (names: audited)."""
    membership = membership_of(request)
    policy = _policy_for(request, public_id)
    version = services.current_version(policy)
    log(
        membership,
        codes.POLICY_OUTSTANDING_VIEWED,
        policy,
        context={"version": version.number if version else None},
    )
    acks = (
        Acknowledgement.objects.filter(version=version)
        .select_related("member__user")
        .order_by("created_at")
        if version
        else Acknowledgement.objects.none()
    )
    return render(
        request,
        "policies/outstanding.html",
        {
            "policy": policy,
            "version": version,
            "missing": services.not_acknowledged(policy, version),
            "acks": acks,
        },
    )


@require_GET
@members
def version_file(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    version: PolicyVersion = get_object_for(
        PolicyVersion.objects.visible_to(membership).exclude(file=""), membership, public_id
    )
    extension = version.file.name.rsplit(".", 1)[-1]
    log(
        membership,
        codes.POLICY_VERSION_DOWNLOADED,
        version,
        context={"policy": str(version.policy.public_id), "version": version.number},
    )
    return exports.download(
        services.read_file(version),
        exports.safe_filename(f"policy-v{version.number}", extension),
        version.file_type,
    )
