"""Courses and the training requirements they meet."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.core.errors import FieldErrors
from dueregard.core.formviews import button_view, form_view
from dueregard.organisations.access import get_object_for, membership_of
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.training import forms as f
from dueregard.training.models import Course, Requirement, TrainingRecord
from dueregard.training.services import courses as services
from dueregard.training.views.common import leads_only, managers_only


@require_http_methods(["GET", "POST"])
@managers_only
def courses(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = f.CourseForm(request.POST or None)

    def apply() -> str:
        services.add_course(membership, **form.cleaned_data)
        return _("Course added")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="training/courses.html",
        success_url="training:courses",
        context={"courses": Course.objects.visible_to(membership).order_by("title")},
    )


def _course(membership: Membership, public_id: uuid.UUID) -> Course:
    course: Course = get_object_for(Course.objects.visible_to(membership), membership, public_id)
    return course


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

    def apply() -> str:
        services.update_course(membership, course, **form.cleaned_data)
        return _("Course saved")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="training/course.html",
        success_url="training:courses",
        context={
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

    def apply() -> str:
        if choice not in ("yes", "no"):
            raise FieldErrors.on("offered", _("Choose whether the course is offered."))
        services.set_course_offered(membership, course, offered=choice == "yes")
        return (
            _("Course offered again")
            if choice == "yes"
            else _("Course retired. Records already made keep it.")
        )

    return button_view(
        request, apply=apply, success_url="training:courses", title=_("Offer or retire a course")
    )


@require_http_methods(["GET", "POST"])
@managers_only
def requirements(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    if request.method == "POST":

        def apply() -> str:
            made = services.add_default_requirements(membership)
            return _("%(n)d default requirement(s) added") % {"n": len(made)}

        return button_view(
            request,
            apply=apply,
            success_url="training:requirements",
            title=_("Add the default requirements"),
        )
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

    def apply() -> str:
        services.save_requirement(membership, form.to_command(), requirement=requirement)
        return _("Requirement saved")

    return form_view(
        request,
        form=form,
        apply=apply,
        template="training/form.html",
        success_url="training:requirements",
        context={"title": _("Change a requirement") if requirement else _("Add a requirement")},
    )


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
