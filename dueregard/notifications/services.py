"""Telling people something needs them, without saying what it is about.

Alerts and emails carry no names or details: only that there is something to look at
and a link to the page where access is checked.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from dueregard.notifications.models import Alert, AlertKind
from dueregard.notifications.tasks import send_alert_emails
from dueregard.organisations.models import Membership, Organisation
from dueregard.organisations.permissions import Can


def alert_safeguarding_team(organisation: Organisation, *, emergency: bool) -> list[Alert]:
    """Alert every DSL and deputy who is set to receive alerts; email them after commit."""
    recipients = list(
        Membership.objects.safeguarding_leads()
        .filter(organisation=organisation, receives_alerts=True)
        .values_list("user_id", flat=True)
    )
    kind = AlertKind.EMERGENCY_CONCERN if emergency else AlertKind.NEW_CONCERN
    link = reverse("concerns:triage_queue")
    alerts = Alert.objects.bulk_create(
        [
            Alert(
                organisation=organisation,
                recipient_id=user_id,
                kind=kind,
                message=str(kind.label),
                link=link,
            )
            for user_id in recipients
        ]
    )
    if recipients:
        transaction.on_commit(
            lambda: send_alert_emails.enqueue(recipient_ids=recipients, kind=str(kind), link=link)
        )
    return alerts


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


def mark_all_read(membership: Membership) -> int:
    """Mark the member's unread alerts in this organisation as read."""
    from django.utils import timezone

    return Alert.objects.filter(
        organisation_id=membership.organisation_id,
        recipient_id=membership.user_id,
        read_at__isnull=True,
    ).update(read_at=timezone.now())
