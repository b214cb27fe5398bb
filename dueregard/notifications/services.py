"""Telling people something needs them, without saying what it is about.

Alerts and emails carry no names or details: only that there is something to look at
and a link to the page where access is checked.
"""

from __future__ import annotations

from uuid import UUID

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dueregard.notifications.models import HELD_UNTIL_ACTED, Alert, AlertKind
from dueregard.notifications.tasks import send_alert_emails
from dueregard.organisations.models import Membership, Organisation
from dueregard.organisations.permissions import Can, roles_with


def _alert(
    organisation: Organisation, recipients: list[int], kind: AlertKind, link: str, record: UUID
) -> list[Alert]:
    """One alert per recipient about ``record`` (a public id); one email each after commit,
    linking to the recipient's own alert."""
    alerts = Alert.objects.bulk_create(
        [
            Alert(
                organisation=organisation,
                recipient_id=user_id,
                kind=kind,
                message=str(kind.label),
                link=link,
                record_id=record,
            )
            for user_id in recipients
        ]
    )
    # Each email links to its own alert (opening it marks it read and goes on to the
    # record), so no email carries the record's id.
    emails = [(a.recipient_id, reverse("notifications:open", args=[a.public_id])) for a in alerts]

    def send() -> None:
        for user_id, own_link in emails:
            send_alert_emails.enqueue(recipient_ids=[user_id], kind=str(kind), link=own_link)

    if emails:
        transaction.on_commit(send)
    return alerts


def alert_safeguarding_team(
    organisation: Organisation, *, emergency: bool, concern_id: UUID
) -> list[Alert]:
    """Alert every DSL and deputy who is set to receive alerts about the concern with public
    id ``concern_id`` (the link is its page, where access is checked); email them after
    commit."""
    recipients = list(
        Membership.objects.safeguarding_leads()
        .filter(organisation=organisation, receives_alerts=True)
        .values_list("user_id", flat=True)
    )
    kind = AlertKind.EMERGENCY_CONCERN if emergency else AlertKind.NEW_CONCERN
    link = reverse("concerns:detail", args=[concern_id])
    return _alert(organisation, recipients, kind, link, concern_id)


def alert_lead_of_break_glass(
    organisation: Organisation, *, case_id: UUID, by_user_id: int
) -> list[Alert]:
    """Tell the lead (``Can.LEAD_PREVENT_DUTY``) that someone broke the glass on the case
    with public id ``case_id``; the one who broke it is not told of their own act. The link
    is the case's access log, which says who opened it and why."""
    recipients = list(
        Membership.objects.active()
        .filter(organisation=organisation, role__in=roles_with(Can.LEAD_PREVENT_DUTY))
        .exclude(user_id=by_user_id)
        .values_list("user_id", flat=True)
    )
    link = reverse("cases:access_log", args=[case_id])
    return _alert(organisation, recipients, AlertKind.BREAK_GLASS, link, case_id)


def resolve_alerts(organisation_id: int, record_id: UUID) -> int:
    """Mark read everyone's unread alerts about the record: someone has acted on it."""
    return Alert.objects.filter(
        organisation_id=organisation_id, record_id=record_id, read_at__isnull=True
    ).update(read_at=timezone.now())


def alert_overdue(organisation: Organisation, user_id: int, counts: dict[str, int]) -> Alert:
    """One detail-free alert counting a person's overdue items, e.g. ``{"review(s)": 2}``."""
    from dueregard.notifications.reminders import message as overdue_message

    recipient = Membership.objects.filter(organisation=organisation, user_id=user_id).first()
    # Staff who own an action cannot open the dashboard: point them at their alerts.
    sees_dashboard = recipient is not None and recipient.can(Can.SEE_DASHBOARD)
    link = reverse("reports:dashboard" if sees_dashboard else "notifications:list")
    message = overdue_message(counts)
    alert: Alert = Alert.objects.create(
        organisation=organisation,
        recipient_id=user_id,
        kind=AlertKind.OVERDUE,
        message=message,
        link=link,
    )
    transaction.on_commit(
        lambda: send_alert_emails.enqueue(
            recipient_ids=[user_id], kind=str(AlertKind.OVERDUE), link=link, message=message
        )
    )
    return alert


def mark_read(membership: Membership, alert: Alert) -> Alert:
    """Mark one of the member's own alerts read on opening it, unless it is held until
    someone acts on its record (an emergency concern)."""
    if alert.recipient_id != membership.user_id:
        raise ValueError("Only the recipient marks an alert read.")
    if alert.read_at is None and not alert.held_until_acted:
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at", "updated_at"])
    return alert


def mark_all_read(membership: Membership) -> int:
    """Mark the member's unread alerts in this organisation as read, but those held until
    someone acts on their record."""
    return (
        Alert.objects.visible_to(membership)
        .filter(read_at__isnull=True)
        .exclude(kind__in=HELD_UNTIL_ACTED)
        .update(read_at=timezone.now())
    )
