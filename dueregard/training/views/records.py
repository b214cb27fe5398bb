"""Training records: one member's training, recording completions (one or a session's
register), verifying, withdrawing, and the evidence files. Names shown here are audited."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dueregard.audit.services import log
from dueregard.core import exports
from dueregard.core.formviews import Done, button_view, form_view
from dueregard.organisations.access import get_object_for, membership_of
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.training import audit_codes as codes
from dueregard.training import forms as f
from dueregard.training.models import RecordSource, TrainingProfile, TrainingRecord
from dueregard.training.services import records
from dueregard.training.views.common import leads_only, managers_only, member_statuses


@require_GET
@managers_only
def awaiting(request: HttpRequest) -> HttpResponse:
    """Records members made of their own training, waiting to be verified (names: audited)."""
    membership = membership_of(request)
    waiting = (
        TrainingRecord.objects.visible_to(membership)
        .filter(source=RecordSource.SELF, verified_by__isnull=True, withdrawn_at__isnull=True)
        .select_related("course", "member__user")
        .order_by("created_at")
    )
    log(membership, codes.AWAITING_VIEWED, object_type="training_record")
    return render(request, "training/awaiting.html", {"records": waiting, "me_id": membership.pk})


def _member_for(membership: Membership, public_id: uuid.UUID) -> Membership:
    member: Membership = get_object_for(
        Membership.objects.filter(organisation_id=membership.organisation_id).select_related(
            "user"
        ),
        membership,
        public_id,
    )
    return member


@require_http_methods(["GET", "POST"])
@managers_only
def member(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One member's training: requirements, records, site and start date."""
    membership = membership_of(request)
    subject = _member_for(membership, public_id)
    profile = TrainingProfile.objects.filter(membership=subject).select_related("site").first()
    form = f.ProfileForm(
        membership.organisation_id,
        request.POST or None,
        initial={
            "site": profile.site.public_id if profile and profile.site else None,
            "started_on": profile.started_on if profile else None,
        },
    )

    def apply() -> str:
        records.save_profile(
            membership,
            subject,
            site=form.cleaned_data["site"],
            started_on=form.cleaned_data["started_on"],
        )
        return _("Site and start date saved")

    response = form_view(
        request,
        form=form,
        apply=apply,
        template="training/member.html",
        success_url=reverse("training:member", kwargs={"public_id": subject.public_id}),
        context={
            "subject": subject,
            "profile": profile,
            "statuses": member_statuses(subject),
            "records": TrainingRecord.objects.visible_to(membership)
            .filter(member=subject)
            .select_related("course", "verified_by", "created_by"),
            "can_withdraw": membership.can(Can.WITHDRAW_TRAINING),
            # Nobody verifies their own training: no Verify button on one's own page.
            "own": subject.pk == membership.pk,
        },
    )
    if response.status_code != 302:
        # The page (shown again after a refused change too) names the member.
        log(membership, codes.PROFILE_VIEWED, subject, object_type="membership")
    return response


@require_http_methods(["GET", "POST"])
@managers_only
def record_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    posted = request.method == "POST"
    initial = {}
    if not posted and request.GET.get("member"):
        initial["member"] = request.GET["member"]
    form = f.RecordForm(
        membership.organisation_id,
        request.POST if posted else None,
        request.FILES if posted else None,
        initial=initial,
    )

    def apply() -> Done:
        d = form.cleaned_data
        record = records.record_training(
            membership,
            member=d["member"],
            course=d["course"],
            completed_on=d["completed_on"],
            verified=d["verified"],
            evidence=d["evidence"],
            past_record=d["past_record"],
        )
        return Done(
            _("Training recorded"),
            reverse("training:member", kwargs={"public_id": record.member.public_id}),
        )

    return form_view(
        request,
        form=form,
        apply=apply,
        template="training/form.html",
        context={"title": _("Record training"), "multipart": True},
    )


@require_http_methods(["GET", "POST"])
@managers_only
def session(request: HttpRequest) -> HttpResponse:
    """Bulk entry: one course and date, and everyone on the register."""
    membership = membership_of(request)
    form = f.SessionForm(membership.organisation_id, request.POST or None)

    def apply() -> str:
        d = form.cleaned_data
        made = records.record_session(
            membership,
            course=d["course"],
            completed_on=d["completed_on"],
            attendees=list(d["attendees"]),
            verified=d["verified"],
        )
        return _("Attendance recorded for %(n)d people") % {"n": len(made)}

    return form_view(
        request,
        form=form,
        apply=apply,
        template="training/form.html",
        success_url="training:compliance",
        context={"title": _("Record a training session")},
    )


@require_POST
@managers_only
def record_verify(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    record = get_object_for(TrainingRecord.objects.visible_to(membership), membership, public_id)

    def apply() -> str:
        records.verify_record(membership, record)
        return _("Record verified")

    return button_view(
        request,
        apply=apply,
        success_url=reverse("training:awaiting")
        if request.POST.get("back") == "awaiting"
        else reverse("training:member", kwargs={"public_id": record.member.public_id}),
        title=_("Verify the training record"),
    )


@require_http_methods(["GET", "POST"])
@leads_only
def record_withdraw(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    record = get_object_for(
        TrainingRecord.objects.visible_to(membership).select_related("member__user", "course"),
        membership,
        public_id,
    )
    form = f.WithdrawForm(request.POST or None)

    def apply() -> str:
        records.withdraw_record(membership, record, reason=form.cleaned_data["reason"])
        return _("Record withdrawn. It stays in the history.")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="training/form.html",
        success_url=reverse("training:member", kwargs={"public_id": record.member.public_id}),
        context={"title": _("Withdraw a training record"), "record": record},
    )


@require_GET
@managers_only
def evidence(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The evidence file of a record, decrypted, as a download. Audited."""
    membership = membership_of(request)
    record = get_object_for(
        TrainingRecord.objects.visible_to(membership).exclude(evidence=""), membership, public_id
    )
    log(membership, codes.EVIDENCE_DOWNLOADED, record)
    return exports.download(
        records.read_evidence(record),
        exports.safe_filename("training-evidence", record.evidence.name.rsplit(".", 1)[-1]),
        record.evidence_type,
    )
