"""Every change to the partnership log, the local picture and staff updates.

Each function checks the permission, runs in one transaction, writes the change and an
audit event (a code from ``partnership.audit_codes``; ids and kinds as context, never the
text). Raises ``DomainError`` subclasses with messages fit to show on the form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.actions import services as actions
from dueregard.audit.services import log
from dueregard.core.errors import DomainError, FieldErrors
from dueregard.organisations.models import Membership, Role
from dueregard.organisations.permissions import Can, require, roles_with
from dueregard.partnership import audit_codes as codes
from dueregard.partnership.models import (
    Meeting,
    MeetingAction,
    PictureNote,
    StaffUpdate,
    ThreatLevel,
    UpdateAcknowledgement,
)

#: The most actions one meeting records (one per line of the form).
MAX_ACTIONS = 20


def _not_in_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise FieldErrors([(field, _("%(what)s cannot be in the future.") % {"what": what})])


@dataclass
class MeetingData:
    held_on: date
    kind: str
    title: str
    attended: str
    learnt: str
    actions: Sequence[str] = ()


def record_meeting(membership: Membership, data: MeetingData) -> Meeting:
    require(membership, Can.RECORD_PARTNERSHIP)
    _not_in_future(data.held_on, "held_on", _("The date held"))
    actions_agreed = [line.strip() for line in data.actions if line.strip()]
    if len(actions_agreed) > MAX_ACTIONS:
        raise FieldErrors(
            [("actions", _("Record at most %(n)d actions, one per line.") % {"n": MAX_ACTIONS})]
        )
    with transaction.atomic():
        meeting: Meeting = Meeting.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            held_on=data.held_on,
            kind=data.kind,
            title=data.title,
            attended=data.attended,
            learnt=data.learnt,
        )
        MeetingAction.objects.bulk_create(
            [
                MeetingAction(
                    organisation=membership.organisation,
                    created_by=membership.user,
                    meeting=meeting,
                    description=text,
                )
                for text in actions_agreed
            ]
        )
        log(
            membership,
            codes.MEETING_RECORDED,
            meeting,
            context={"kind": data.kind, "actions": len(actions_agreed)},
        )
    return meeting


def make_action_item(
    membership: Membership, action: MeetingAction, *, due_on: date
) -> MeetingAction:
    """Make an action agreed at a meeting into an action-plan item owned by the member."""
    require(membership, Can.RECORD_PARTNERSHIP)
    if due_on < timezone.localdate():
        raise FieldErrors([("due_on", _("The due date cannot be in the past."))])
    with transaction.atomic():
        action = (
            MeetingAction.objects.select_for_update().select_related("meeting").get(pk=action.pk)
        )
        if action.item_id is not None:
            raise DomainError(_("This action is already on the action plan."))
        meeting = action.meeting
        item = actions.add_action(
            membership,
            actions.ActionData(
                objective=_("Agreed at %(title)s on %(day)s")
                % {"title": meeting.title, "day": meeting.held_on.strftime("%-d %B %Y")},
                action=action.description,
                owners=[membership.user],
                due_on=due_on,
            ),
        )
        action.item = item
        action.save(update_fields=["item", "updated_at"])
        log(
            membership,
            codes.MEETING_ACTION_MADE_ITEM,
            meeting,
            context={"item": item.number},
        )
    return action


def record_threat_level(
    membership: Membership, *, level: str, changed_on: date, response: str
) -> ThreatLevel:
    require(membership, Can.RECORD_PARTNERSHIP)
    _not_in_future(changed_on, "changed_on", _("The date it changed"))
    with transaction.atomic():
        latest = current_threat_level(membership)
        if latest is not None and changed_on < latest.changed_on:
            raise FieldErrors(
                [
                    (
                        "changed_on",
                        _(
                            "The level recorded now has been in force since %(day)s: "
                            "enter that date or a later one."
                        )
                        % {"day": latest.changed_on.strftime("%-d %B %Y")},
                    )
                ]
            )
        entry: ThreatLevel = ThreatLevel.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            level=level,
            changed_on=changed_on,
            response=response,
        )
        log(membership, codes.THREAT_LEVEL_RECORDED, entry, context={"level": level})
    return entry


def current_threat_level(membership: Membership) -> ThreatLevel | None:
    entry: ThreatLevel | None = ThreatLevel.objects.visible_to(membership).first()
    return entry


def add_picture_note(
    membership: Membership,
    *,
    noted_on: date,
    note: str,
    response: str,
    meeting: Meeting | None = None,
) -> PictureNote:
    require(membership, Can.RECORD_PARTNERSHIP)
    _not_in_future(noted_on, "noted_on", _("The date"))
    if meeting is not None and meeting.organisation_id != membership.organisation_id:
        raise DomainError(_("Choose one of your organisation's meetings."))
    with transaction.atomic():
        entry: PictureNote = PictureNote.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            noted_on=noted_on,
            note=note,
            response=response,
            meeting=meeting,
        )
        log(
            membership,
            codes.PICTURE_NOTE_ADDED,
            entry,
            context={"meeting": str(meeting.public_id) if meeting else None},
        )
    return entry


def audience_roles() -> list[str]:
    """The roles an update can be sent to: those who read and acknowledge updates."""
    return roles_with(Can.ACKNOWLEDGE_UPDATE)


def send_update(
    membership: Membership, *, title: str, body: str, roles: Sequence[str] = ()
) -> StaffUpdate:
    """Send an update to every member who acknowledges updates, or to ``roles`` only."""
    require(membership, Can.SEND_STAFF_UPDATES)
    unknown = set(roles) - set(audience_roles())
    if unknown:
        raise FieldErrors([("roles", _("Choose only roles that receive updates."))])
    with transaction.atomic():
        update: StaffUpdate = StaffUpdate.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            title=title,
            body=body,
            roles=sorted(str(role) for role in roles),
            sent_at=timezone.now(),
        )
        log(
            membership,
            codes.STAFF_UPDATE_SENT,
            update,
            context={"roles": ",".join(update.roles), "members": recipients(update).count()},
        )
    return update


def recipients(update: StaffUpdate) -> QuerySet[Membership]:
    """Active members the update is for (never inspectors: they acknowledge nothing)."""
    roles = update.roles or audience_roles()
    return (
        Membership.objects.active()
        .filter(organisation_id=update.organisation_id, role__in=roles)
        .filter(role__in=audience_roles())
    )


def is_for(update: StaffUpdate, membership: Membership) -> bool:
    return membership.role in (update.roles or audience_roles()) and membership.can(
        Can.ACKNOWLEDGE_UPDATE
    )


def updates_for(membership: Membership) -> QuerySet[StaffUpdate]:
    """The updates sent to the member (by role), newest first."""
    if not membership.can(Can.ACKNOWLEDGE_UPDATE):
        return StaffUpdate.objects.none()
    mine = [
        update.pk
        for update in StaffUpdate.objects.visible_to(membership).only("pk", "roles")
        if not update.roles or membership.role in update.roles
    ]
    return StaffUpdate.objects.visible_to(membership).filter(pk__in=mine)


def acknowledge(membership: Membership, update: StaffUpdate) -> UpdateAcknowledgement:
    require(membership, Can.ACKNOWLEDGE_UPDATE, _("Your role does not acknowledge updates."))
    if not is_for(update, membership):
        raise DomainError(_("This update was not sent to your role."))
    already = DomainError(_("You have already acknowledged this update."))
    with transaction.atomic():
        StaffUpdate.objects.select_for_update().get(pk=update.pk)
        if UpdateAcknowledgement.objects.filter(update=update, member=membership).exists():
            raise already
        try:
            with transaction.atomic():
                ack: UpdateAcknowledgement = UpdateAcknowledgement.objects.create(
                    organisation=membership.organisation,
                    created_by=membership.user,
                    update=update,
                    member=membership,
                    acknowledged_at=timezone.now(),
                )
        except IntegrityError:
            raise already from None
        log(membership, codes.STAFF_UPDATE_ACKNOWLEDGED, update, context={})
    return ack


def not_acknowledged(update: StaffUpdate) -> QuerySet[Membership]:
    done = UpdateAcknowledgement.objects.filter(update=update).values("member_id")
    return (
        recipients(update).exclude(pk__in=done).select_related("user").order_by("user__full_name")
    )


def audience(update: StaffUpdate) -> str:
    """Who the update is for, in words: "All staff" or the roles' names."""
    if not update.roles:
        return _("All staff")
    return ", ".join(str(Role(role).label) for role in update.roles if role in Role.values)
