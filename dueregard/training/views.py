"""Training pages. Every change goes through ``training.services``.

Who may do what: the DSL team and administrators manage courses, records and briefings
(requirements: the DSL team); senior leaders read the named compliance matrix;
inspectors read it as figures only; every member but an inspector sees their own.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dueregard.audit.models import AuditAction
from dueregard.audit.services import record_by, record_view
from dueregard.core import exports
from dueregard.core.errors import DomainError
from dueregard.organisations.access import get_object_for, member_required, membership_of
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.training import forms as f
from dueregard.training import services
from dueregard.training.compliance import matrix
from dueregard.training.csv_import import CSV_COLUMNS
from dueregard.training.models import (
    Briefing,
    Course,
    ImportJob,
    RecordSource,
    Requirement,
    TrainingProfile,
    TrainingRecord,
)

managers_only = member_required(Can.MANAGE_TRAINING)
leads_only = member_required(Can.SET_TRAINING_REQUIREMENTS)
trainees_only = member_required(Can.HAVE_TRAINING)


def _member_statuses(membership_obj: Membership) -> list[tuple[Any, Any]]:
    today = timezone.localdate()
    grid = matrix(membership_obj.organisation_id, today, membership_ids=[membership_obj.pk])
    if not grid.rows:
        return []
    return [
        (requirement, status)
        for requirement, status in zip(grid.requirements, grid.rows[0].cells, strict=True)
        if status is not None
    ]


@require_GET
@trainees_only
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in member's own requirements and records."""
    membership = membership_of(request)
    records = (
        TrainingRecord.objects.visible_to(membership)
        .filter(member=membership)
        .select_related("course", "verified_by")
    )
    return render(
        request,
        "training/mine.html",
        {"statuses": _member_statuses(membership), "records": records},
    )


@require_http_methods(["GET", "POST"])
@trainees_only
def mine_add(request: HttpRequest) -> HttpResponse:
    """A member records their own completed training; it awaits verification."""
    membership = membership_of(request)
    form = f.OwnRecordForm(
        membership.organisation_id,
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.record_own_training(
                membership,
                course=d["course"],
                completed_on=d["completed_on"],
                evidence=d["evidence"],
                request=request,
            )
        except DomainError as error:
            form.add_error("completed_on" if "date" in str(error).lower() else None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Training recorded. It will count once your DSL, a deputy or an "
                    "administrator has verified it."
                ),
            )
            return redirect("training:mine")
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "title": _("Record training you have done"),
            "multipart": True,
            "back": "training:mine",
            "intro": _(
                "Your DSL, a deputy or an administrator checks each record before it counts "
                "toward your required training. Adding a certificate helps."
            ),
        },
    )


@require_GET
@managers_only
def awaiting(request: HttpRequest) -> HttpResponse:
    """Records members made of their own training, waiting to be verified (names: audited)."""
    membership = membership_of(request)
    records = (
        TrainingRecord.objects.visible_to(membership)
        .filter(source=RecordSource.SELF, verified_by__isnull=True, withdrawn_at__isnull=True)
        .select_related("course", "member__user")
        .order_by("created_at")
    )
    record_by(
        membership,
        AuditAction.VIEW,
        object_type="training_record",
        summary="Viewed training records awaiting verification",
        request=request,
    )
    return render(request, "training/awaiting.html", {"records": records, "me_id": membership.pk})


def _member_for(membership: Membership, public_id: uuid.UUID) -> Membership:
    return get_object_for(
        Membership.objects.filter(organisation_id=membership.organisation_id).select_related(
            "user"
        ),
        membership,
        public_id,
    )


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
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(
                membership,
                subject,
                site=form.cleaned_data["site"],
                started_on=form.cleaned_data["started_on"],
                request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Site and start date saved"))
            return redirect("training:member", public_id=subject.public_id)
    record_by(
        membership,
        AuditAction.VIEW,
        obj=subject,
        object_type="membership",
        summary="Viewed a member's training record",
        request=request,
    )
    records = (
        TrainingRecord.objects.visible_to(membership)
        .filter(member=subject)
        .select_related("course", "verified_by", "created_by")
    )
    return render(
        request,
        "training/member.html",
        {
            "subject": subject,
            "profile": profile,
            "form": form,
            "statuses": _member_statuses(subject),
            "records": records,
            "can_withdraw": membership.can(Can.WITHDRAW_TRAINING),
            # Nobody verifies their own training: no Verify button on one's own page.
            "own": subject.pk == membership.pk,
        },
    )


@require_http_methods(["GET", "POST"])
@managers_only
def record_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    initial = {}
    if request.method == "GET" and request.GET.get("member"):
        initial["member"] = request.GET["member"]
    form = f.RecordForm(
        membership.organisation_id,
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            record = services.record_training(
                membership,
                member=d["member"],
                course=d["course"],
                completed_on=d["completed_on"],
                verified=d["verified"],
                evidence=d["evidence"],
                past_record=d["past_record"],
                request=request,
            )
        except DomainError as error:
            form.add_error("completed_on" if "date" in str(error).lower() else None, str(error))
        else:
            messages.success(request, _("Training recorded"))
            return redirect("training:member", public_id=record.member.public_id)
    return render(
        request,
        "training/form.html",
        {"form": form, "title": _("Record training"), "multipart": True},
    )


@require_http_methods(["GET", "POST"])
@managers_only
def session(request: HttpRequest) -> HttpResponse:
    """Bulk entry: one course and date, and everyone on the register."""
    membership = membership_of(request)
    form = f.SessionForm(membership.organisation_id, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            made = services.record_session(
                membership,
                course=d["course"],
                completed_on=d["completed_on"],
                attendees=list(d["attendees"]),
                verified=d["verified"],
                request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Attendance recorded for %(n)d people") % {"n": len(made)})
            return redirect("training:compliance")
    return render(
        request, "training/form.html", {"form": form, "title": _("Record a training session")}
    )


@require_POST
@managers_only
def record_verify(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    record = get_object_for(TrainingRecord.objects.visible_to(membership), membership, public_id)
    try:
        services.verify_record(membership, record, request=request)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Record verified"))
    if request.POST.get("back") == "awaiting":
        return redirect("training:awaiting")
    return redirect("training:member", public_id=record.member.public_id)


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
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_record(
                membership, record, reason=form.cleaned_data["reason"], request=request
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Record withdrawn. It stays in the history."))
            return redirect("training:member", public_id=record.member.public_id)
    return render(
        request,
        "training/form.html",
        {"form": form, "title": _("Withdraw a training record"), "record": record},
    )


@require_GET
@managers_only
def evidence(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The evidence file of a record, decrypted, as a download. Audited."""
    membership = membership_of(request)
    record = get_object_for(
        TrainingRecord.objects.visible_to(membership).exclude(evidence=""), membership, public_id
    )
    record_view(request, record, summary="Downloaded training evidence")
    return exports.download(
        services.read_evidence(record),
        exports.safe_filename("training-evidence", record.evidence.name.rsplit(".", 1)[-1]),
        record.evidence_type,
    )


@require_http_methods(["GET", "POST"])
@managers_only
def courses(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = f.CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_course(membership, **form.cleaned_data, request=request)
        except DomainError as error:
            form.add_error("title", str(error))
        else:
            messages.success(request, _("Course added"))
            return redirect("training:courses")
    return render(
        request,
        "training/courses.html",
        {"form": form, "courses": Course.objects.visible_to(membership).order_by("title")},
    )


def _course(membership: Membership, public_id: uuid.UUID) -> Course:
    return get_object_for(Course.objects.visible_to(membership), membership, public_id)


@require_http_methods(["GET", "POST"])
@managers_only
def course_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Change a course's title, provider, kind or validity; retire it or offer it again."""
    membership = membership_of(request)
    course = _course(membership, public_id)
    form = f.CourseForm(
        request.POST or None,
        initial={
            "title": course.title,
            "provider": course.provider,
            "kind": course.kind,
            "validity_months": course.validity_months,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_course(membership, course, **form.cleaned_data, request=request)
        except DomainError as error:
            form.add_error("title", str(error))
        else:
            messages.success(request, _("Course saved"))
            return redirect("training:courses")
    return render(
        request,
        "training/course.html",
        {
            "form": form,
            "course": course,
            "record_count": TrainingRecord.objects.visible_to(membership)
            .filter(course=course)
            .count(),
            "requirements": course.requirements.order_by("title"),
        },
    )


@require_POST
@managers_only
def course_offered(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Retire a course (``offered=no``) or offer it again (``offered=yes``)."""
    membership = membership_of(request)
    course = _course(membership, public_id)
    choice = request.POST.get("offered")
    if choice not in ("yes", "no"):
        messages.error(request, _("Choose whether the course is offered."))
        return redirect("training:course_edit", public_id=course.public_id)
    try:
        services.set_course_offered(membership, course, offered=choice == "yes", request=request)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Course offered again")
            if choice == "yes"
            else _("Course retired. Records already made keep it."),
        )
    return redirect("training:courses")


@require_http_methods(["GET", "POST"])
@managers_only
def requirements(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    if request.method == "POST":
        try:
            made = services.add_default_requirements(membership, request=request)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(n)d default requirement(s) added") % {"n": len(made)})
        return redirect("training:requirements")
    return render(
        request,
        "training/requirements.html",
        {
            "requirements": Requirement.objects.visible_to(membership).prefetch_related("courses"),
            "can_edit": membership.can(Can.SET_TRAINING_REQUIREMENTS),
        },
    )


def _requirement_form(
    request: HttpRequest, membership: Membership, requirement: Requirement | None
) -> HttpResponse:
    initial = {}
    if requirement is not None:
        initial = {
            "title": requirement.title,
            "audience": requirement.audience,
            "courses": [c.public_id for c in requirement.courses.all()],
            "interval_months": requirement.interval_months,
            "new_starter_days": requirement.new_starter_days,
            "is_active": requirement.is_active,
        }
    form = f.RequirementForm(membership.organisation_id, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.save_requirement(
                membership,
                services.RequirementDetails(
                    title=d["title"],
                    audience=d["audience"],
                    courses=list(d["courses"]),
                    interval_months=d["interval_months"],
                    new_starter_days=d["new_starter_days"],
                    is_active=d["is_active"],
                ),
                requirement=requirement,
                request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Requirement saved"))
            return redirect("training:requirements")
    title = _("Change a requirement") if requirement else _("Add a requirement")
    return render(request, "training/form.html", {"form": form, "title": title})


@require_http_methods(["GET", "POST"])
@leads_only
def requirement_add(request: HttpRequest) -> HttpResponse:
    return _requirement_form(request, membership_of(request), None)


@require_http_methods(["GET", "POST"])
@leads_only
def requirement_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    requirement = get_object_for(Requirement.objects.visible_to(membership), membership, public_id)
    return _requirement_form(request, membership, requirement)


@require_GET
@managers_only
def briefings(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    items = (
        Briefing.objects.visible_to(membership)
        .select_related("counts_as")
        .prefetch_related("attendees")
    )
    return render(request, "training/briefings.html", {"briefings": items})


@require_http_methods(["GET", "POST"])
@managers_only
def briefing_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = f.BriefingForm(membership.organisation_id, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            briefing = services.add_briefing(
                membership,
                title=d["title"],
                given_by=d["given_by"],
                held_on=d["held_on"],
                summary=d["summary"],
                attendees=list(d["attendees"]),
                request=request,
            )
        except DomainError as error:
            form.add_error("held_on" if "date" in str(error).lower() else None, str(error))
        else:
            messages.success(request, _("Briefing logged"))
            return redirect("training:briefing", public_id=briefing.public_id)
    return render(request, "training/form.html", {"form": form, "title": _("Log a CPD briefing")})


@require_http_methods(["GET", "POST"])
@managers_only
def briefing(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    item = get_object_for(
        Briefing.objects.visible_to(membership).select_related(
            "counts_as", "counted_by", "created_by"
        ),
        membership,
        public_id,
    )
    form = f.CountBriefingForm(membership.organisation_id, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.count_briefing(
                membership, item, form.cleaned_data["course"], request=request
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Attendance now counts: %(n)d record(s) added") % {"n": made}
            )
            return redirect("training:briefing", public_id=item.public_id)
    record_view(request, item, summary="Viewed a CPD briefing")
    return render(
        request,
        "training/briefing.html",
        {
            "briefing": item,
            "attendees": item.attendees.select_related("user").order_by("user__full_name"),
            "form": form,
            "can_count": membership.can(Can.COUNT_BRIEFING) and not item.counts_as_id,
        },
        status=409 if request.method == "POST" and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@managers_only
def import_upload(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = f.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_import(
                membership, b"".join(form.cleaned_data["file"].chunks()), request=request
            )
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            return redirect("training:import_status", public_id=job.public_id)
    return render(
        request,
        "training/import.html",
        {
            "form": form,
            "columns": CSV_COLUMNS,
            "courses": Course.objects.visible_to(membership).filter(is_active=True),
        },
    )


@require_GET
@managers_only
def import_status(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Progress of an import; refreshes itself with a meta refresh until it ends (no JS)."""
    membership = membership_of(request)
    job = get_object_for(ImportJob.objects.visible_to(membership), membership, public_id)
    response = render(request, "training/import_status.html", {"job": job})
    if not job.finished:
        # The Refresh header reloads the page without JavaScript (CSP allows it).
        response["Refresh"] = "2"
    return response
