"""Pages of the partnership log, the local picture and staff updates.

Readers (``Can.READ_PARTNERSHIP``: the DSL team, senior leaders, inspectors) see meetings,
the threat level and the local picture; the DSL team records them
(``Can.RECORD_PARTNERSHIP``) and sends staff updates (``Can.SEND_STAFF_UPDATES``). Every
member but inspectors reads the updates sent to their role and acknowledges each
(``Can.ACKNOWLEDGE_UPDATE``); a member sees only the updates sent to them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dueregard.core.formviews import Done, button_view, form_view
from dueregard.organisations.access import get_object_for, member_required, membership_of
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.partnership import forms as partnership_forms
from dueregard.partnership import services
from dueregard.partnership.models import (
    Meeting,
    MeetingAction,
    PictureNote,
    StaffUpdate,
    ThreatLevel,
    UpdateAcknowledgement,
)

FORM = "partnership/form.html"
MEETING_PAGE = "partnership/meeting.html"
UPDATE_PAGE = "partnership/update.html"


def _form(
    request: HttpRequest, *, form: Any, apply: Any, title: str, back: str, **extra: Any
) -> HttpResponse:
    return form_view(
        request,
        form=form,
        apply=apply,
        template=FORM,
        success_url=back,
        context={"title": title, "back": back, **extra},
    )


@require_GET
@member_required(Can.READ_PARTNERSHIP)
def overview(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    return render(
        request,
        "partnership/overview.html",
        {
            "levels": list(ThreatLevel.objects.visible_to(membership)[:10]),
            "meetings": list(
                Meeting.objects.visible_to(membership).annotate(
                    n_actions=Count("actions"), n_items=Count("actions__item")
                )
            ),
            "notes": list(
                PictureNote.objects.visible_to(membership).select_related("meeting")[:20]
            ),
            "can_record": membership.can(Can.RECORD_PARTNERSHIP),
        },
    )


@require_http_methods(["GET", "POST"])
@member_required(Can.RECORD_PARTNERSHIP)
def meeting_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = partnership_forms.MeetingForm(
        request.POST or None, initial={"held_on": timezone.localdate()}
    )

    def apply() -> Done:
        meeting = services.record_meeting(membership, form.to_command())
        return Done(
            f"Meeting recorded: {meeting.title}.",
            reverse("partnership:meeting", args=[meeting.public_id]),
        )

    return _form(
        request,
        form=form,
        apply=apply,
        title="Record a partnership meeting or briefing",
        back=reverse("partnership:overview"),
    )


def _meeting(membership: Membership, public_id: Any) -> Meeting:
    meeting: Meeting = get_object_for(Meeting.objects.visible_to(membership), membership, public_id)
    return meeting


def _meeting_page(membership: Membership, meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "actions": list(meeting.actions.select_related("item")),
        "notes": list(meeting.picture_notes.all()),
        "can_record": membership.can(Can.RECORD_PARTNERSHIP),
        "item_form": partnership_forms.MakeItemForm(),
    }


@require_GET
@member_required(Can.READ_PARTNERSHIP)
def meeting(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    return render(request, MEETING_PAGE, _meeting_page(membership, _meeting(membership, public_id)))


@require_POST
@member_required(Can.RECORD_PARTNERSHIP)
def make_item(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A button beside an agreed action: it becomes an action-plan item owned by the member."""
    membership = membership_of(request)
    action: MeetingAction = get_object_for(
        MeetingAction.objects.visible_to(membership).select_related("meeting"),
        membership,
        public_id,
    )
    form = partnership_forms.MakeItemForm(request.POST)

    def apply() -> Done:
        done = services.make_action_item(membership, action, due_on=form.cleaned_data["due_on"])
        assert done.item is not None
        return Done(
            f"Action {done.item.reference} added to the action plan.",
            reverse("partnership:meeting", args=[action.meeting.public_id]),
        )

    return button_view(
        request,
        form=form,
        apply=apply,
        template=MEETING_PAGE,
        success_url=reverse("partnership:meeting", args=[action.meeting.public_id]),
        context=_meeting_page(membership, action.meeting),
    )


@require_http_methods(["GET", "POST"])
@member_required(Can.RECORD_PARTNERSHIP)
def threat_level(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = partnership_forms.ThreatLevelForm(
        request.POST or None, initial={"changed_on": timezone.localdate()}
    )

    def apply() -> str:
        entry = services.record_threat_level(membership, **form.cleaned_data)
        return f"National threat level recorded: {entry.get_level_display()}."

    return _form(
        request,
        form=form,
        apply=apply,
        title="Record the national threat level",
        back=reverse("partnership:overview"),
        intro="Record a change when the national threat level changes, and what the "
        "organisation did about it.",
    )


@require_http_methods(["GET", "POST"])
@member_required(Can.RECORD_PARTNERSHIP)
def picture_note(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = partnership_forms.PictureNoteForm(
        membership, request.POST or None, initial={"noted_on": timezone.localdate()}
    )

    def apply() -> str:
        services.add_picture_note(membership, **form.cleaned_data)
        return "Note on the local picture added."

    return _form(
        request,
        form=form,
        apply=apply,
        title="Add a note on the local threat picture",
        back=reverse("partnership:overview"),
    )


@require_GET
@member_required(Can.ACKNOWLEDGE_UPDATE)
def updates(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    mine = list(services.updates_for(membership))
    acknowledged = set(
        UpdateAcknowledgement.objects.filter(member=membership).values_list("update_id", flat=True)
    )
    sent: list[StaffUpdate] = []
    can_send = membership.can(Can.SEND_STAFF_UPDATES)
    if can_send:
        sent = list(
            StaffUpdate.objects.visible_to(membership).annotate(n_acks=Count("acknowledgements"))
        )
        for update in sent:
            update.n_for = services.recipients(update).count()  # type: ignore[attr-defined]
            update.audience = services.audience(update)  # type: ignore[attr-defined]
    return render(
        request,
        "partnership/updates.html",
        {
            "mine": [(u, u.pk in acknowledged) for u in mine],
            "sent": sent,
            "can_send": can_send,
        },
    )


@require_http_methods(["GET", "POST"])
@member_required(Can.SEND_STAFF_UPDATES)
def update_send(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = partnership_forms.StaffUpdateForm(request.POST or None)

    def apply() -> Done:
        update = services.send_update(membership, **form.cleaned_data)
        return Done(
            f"Update sent: {update.title}.",
            reverse("partnership:update", args=[update.public_id]),
        )

    return _form(
        request,
        form=form,
        apply=apply,
        title="Send staff an update",
        back=reverse("partnership:updates"),
        button="Send",
    )


def _update(membership: Membership, public_id: Any) -> StaffUpdate:
    rows = (
        StaffUpdate.objects.visible_to(membership)
        if membership.can(Can.SEND_STAFF_UPDATES)
        else services.updates_for(membership)
    )
    update: StaffUpdate = get_object_for(rows, membership, public_id)
    return update


def _update_page(membership: Membership, update: StaffUpdate) -> dict[str, Any]:
    can_send = membership.can(Can.SEND_STAFF_UPDATES)
    return {
        "update": update,
        "for_me": services.is_for(update, membership),
        "acknowledged": UpdateAcknowledgement.objects.filter(
            update=update, member=membership
        ).first(),
        "can_send": can_send,
        "waiting": list(services.not_acknowledged(update)) if can_send else [],
        "n_for": services.recipients(update).count() if can_send else 0,
        "audience": services.audience(update),
    }


@require_GET
@member_required(Can.ACKNOWLEDGE_UPDATE)
def update(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    return render(request, UPDATE_PAGE, _update_page(membership, _update(membership, public_id)))


@require_POST
@member_required(Can.ACKNOWLEDGE_UPDATE)
def acknowledge(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    staff_update = _update(membership, public_id)

    def apply() -> str:
        services.acknowledge(membership, staff_update)
        return "Thank you: you have acknowledged this update."

    return button_view(
        request,
        apply=apply,
        template=UPDATE_PAGE,
        success_url=reverse("partnership:update", args=[staff_update.public_id]),
        context=_update_page(membership, staff_update),
    )
