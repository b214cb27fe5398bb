"""Pages of the checks: one overview for readers (``Can.READ_SITE_CHECKS``), form pages for
those who record them (``Can.RECORD_SITE_CHECKS``: the DSL team and administrators)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from dueregard.checks import forms as check_forms
from dueregard.checks import services
from dueregard.checks.models import (
    FaithDate,
    FilteringCheck,
    MonitoringAlert,
    PrayerRoom,
    RoomCheck,
)
from dueregard.core.formviews import form_view
from dueregard.organisations.access import get_object_for, member_required, membership_of
from dueregard.organisations.permissions import Can

FORM = "checks/form.html"
recorder_required = member_required(Can.RECORD_SITE_CHECKS)


def _form(
    request: HttpRequest, form: forms.Form, apply: Callable[[], str], title: str, **extra: Any
) -> HttpResponse:
    back = reverse("checks:overview")
    return form_view(
        request,
        form=form,
        apply=apply,
        template=FORM,
        success_url=back,
        context={"title": title, "back": back, **extra},
    )


@require_GET
@member_required(Can.READ_SITE_CHECKS)
def overview(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    today = timezone.localdate()
    return render(
        request,
        "checks/overview.html",
        {
            "checks": list(
                FilteringCheck.objects.visible_to(membership).select_related("checked_by")[:50]
            ),
            "alerts": list(MonitoringAlert.objects.visible_to(membership)[:50]),
            "rooms": list(
                PrayerRoom.objects.visible_to(membership)
                .select_related("site", "overseen_by")
                .prefetch_related(Prefetch("checks", queryset=RoomCheck.objects.all()))
            ),
            "dates": list(
                FaithDate.objects.visible_to(membership).filter(
                    observed_on__gte=today.replace(month=1, day=1)
                )
            ),
            "today": today,
            "can_record": membership.can(Can.RECORD_SITE_CHECKS),
        },
    )


@require_http_methods(["GET", "POST"])
@recorder_required
def check_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = check_forms.FilteringCheckForm(
        membership,
        request.POST or None,
        initial={"checked_on": timezone.localdate(), "checked_by": membership.user.public_id},
    )

    def apply() -> str:
        services.record_check(membership, **form.cleaned_data)
        return "Check recorded."

    return _form(request, form, apply, "Record a filtering or monitoring check")


@require_http_methods(["GET", "POST"])
@recorder_required
def alert_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = check_forms.MonitoringAlertForm(request.POST or None)

    def apply() -> str:
        services.log_alert(membership, **form.cleaned_data)
        return "Monitoring alert logged."

    return _form(
        request,
        form,
        apply,
        "Log a monitoring alert",
        intro="The log counts alerts and how fast they reach the DSL. If an alert is about "
        "a learner, raise a concern as well: this log never says who it was about.",
    )


@require_http_methods(["GET", "POST"])
@recorder_required
def room_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = check_forms.PrayerRoomForm(membership, request.POST or None)

    def apply() -> str:
        room = services.save_room(membership, None, **form.cleaned_data)
        return f"{room.name} added."

    return _form(request, form, apply, "Add a prayer or quiet room")


def _room(request: HttpRequest, public_id: Any) -> PrayerRoom:
    membership = membership_of(request)
    room: PrayerRoom = get_object_for(
        PrayerRoom.objects.visible_to(membership), membership, public_id
    )
    return room


@require_http_methods(["GET", "POST"])
@recorder_required
def room_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    room = _room(request, public_id)
    form = check_forms.PrayerRoomForm(
        membership,
        request.POST or None,
        initial={
            "name": room.name,
            "site": room.site.public_id if room.site else None,
            "rules": room.rules,
            "overseen_by": room.overseen_by.public_id,
        },
    )

    def apply() -> str:
        services.save_room(membership, room, **form.cleaned_data)
        return f"{room.name} saved."

    return _form(request, form, apply, f"Change {room.name}")


@require_http_methods(["GET", "POST"])
@recorder_required
def room_check(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    room = _room(request, public_id)
    form = check_forms.RoomCheckForm(
        request.POST or None, initial={"checked_on": timezone.localdate()}
    )

    def apply() -> str:
        services.check_room(membership, room, **form.cleaned_data)
        return f"Check of {room.name} recorded."

    return _form(request, form, apply, f"Record a check of {room.name}")


@require_http_methods(["GET", "POST"])
@recorder_required
def faith_date_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = check_forms.FaithDateForm(request.POST or None)

    def apply() -> str:
        services.add_faith_date(membership, **form.cleaned_data)
        return "Date added to the calendar."

    return _form(request, form, apply, "Add a date to the multi-faith calendar")
