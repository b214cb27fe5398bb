"""Every change to the checks. Each checks the permission, refuses dates in the future,
runs in one transaction and writes an audit event (ids and kinds as context, never text).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.accounts.models import User
from dueregard.audit.services import log
from dueregard.checks import audit_codes as codes
from dueregard.checks.models import (
    FaithDate,
    FilteringCheck,
    MonitoringAlert,
    PrayerRoom,
    RoomCheck,
)
from dueregard.core.errors import FieldErrors
from dueregard.organisations.models import Membership, Site
from dueregard.organisations.permissions import Can, require


def _past(value: date, field: str) -> None:
    if value > timezone.localdate():
        raise FieldErrors.on(field, _("The date cannot be in the future."))


def _member(membership: Membership, user: User, field: str) -> None:
    if (
        not Membership.objects.active()
        .filter(organisation_id=membership.organisation_id, user=user)
        .exists()
    ):
        raise FieldErrors.on(field, _("Choose a member of your organisation."))


def record_check(
    membership: Membership,
    *,
    kind: str,
    checked_on: date,
    tested: str,
    result: str,
    action: str,
    checked_by: User,
) -> FilteringCheck:
    require(membership, Can.RECORD_SITE_CHECKS)
    _past(checked_on, "checked_on")
    _member(membership, checked_by, "checked_by")
    if result == "gap" and not action.strip():
        raise FieldErrors.on("action", _("Say what was done about the gap."))
    with transaction.atomic():
        check: FilteringCheck = FilteringCheck.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            kind=kind,
            checked_on=checked_on,
            tested=tested,
            result=result,
            action=action,
            checked_by=checked_by,
        )
        log(membership, codes.FILTERING_CHECKED, check, context={"kind": kind, "result": result})
    return check


def log_alert(
    membership: Membership, *, received_on: date, category: str, passed_on: date, outcome: str
) -> MonitoringAlert:
    require(membership, Can.RECORD_SITE_CHECKS)
    _past(received_on, "received_on")
    _past(passed_on, "passed_on")
    if passed_on < received_on:
        raise FieldErrors.on("passed_on", _("It cannot reach the DSL before the alert."))
    with transaction.atomic():
        alert: MonitoringAlert = MonitoringAlert.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            received_on=received_on,
            category=category,
            passed_on=passed_on,
            outcome=outcome,
        )
        log(membership, codes.MONITORING_ALERT_LOGGED, alert, context={"outcome": outcome})
    return alert


def save_room(
    membership: Membership,
    room: PrayerRoom | None,
    *,
    name: str,
    site: Site | None,
    rules: str,
    overseen_by: User,
) -> PrayerRoom:
    require(membership, Can.RECORD_SITE_CHECKS)
    _member(membership, overseen_by, "overseen_by")
    if site is not None and site.organisation_id != membership.organisation_id:
        raise FieldErrors.on("site", _("Choose one of your organisation's sites."))
    values: dict[str, Any] = {
        "name": name,
        "site": site,
        "rules": rules,
        "overseen_by": overseen_by,
    }
    try:
        with transaction.atomic():
            if room is None:
                room = PrayerRoom.objects.create(
                    organisation=membership.organisation, created_by=membership.user, **values
                )
            else:
                room = PrayerRoom.objects.select_for_update().get(pk=room.pk)
                for key, value in values.items():
                    setattr(room, key, value)
                room.save()
            log(membership, codes.PRAYER_ROOM_SAVED, room, context={})
    except IntegrityError:
        raise FieldErrors.on("name", _("There is already a room with this name.")) from None
    return room


def check_room(
    membership: Membership, room: PrayerRoom, *, checked_on: date, findings: str, action: str
) -> RoomCheck:
    require(membership, Can.RECORD_SITE_CHECKS)
    _past(checked_on, "checked_on")
    with transaction.atomic():
        check: RoomCheck = RoomCheck.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            room=room,
            checked_on=checked_on,
            findings=findings,
            action=action,
        )
        log(membership, codes.PRAYER_ROOM_CHECKED, room, context={"check": str(check.public_id)})
    return check


def add_faith_date(
    membership: Membership, *, observed_on: date, name: str, notes: str
) -> FaithDate:
    require(membership, Can.RECORD_SITE_CHECKS)
    with transaction.atomic():
        day: FaithDate = FaithDate.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            observed_on=observed_on,
            name=name,
            notes=notes,
        )
        log(membership, codes.FAITH_DATE_ADDED, day, context={})
    return day
