from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dueregard.organisations.permissions import Can


def membership(request: HttpRequest) -> dict[str, Any]:
    """The current membership, and the unread-alert count for those who get alerts."""
    current = getattr(request, "membership", None)
    unread = 0
    if current is not None and current.can(Can.HANDLE_CASES):
        from dueregard.notifications.models import Alert

        unread = Alert.objects.filter(
            organisation_id=current.organisation_id,
            recipient_id=current.user_id,
            read_at__isnull=True,
        ).count()
    return {"membership": current, "unread_alerts": unread}
