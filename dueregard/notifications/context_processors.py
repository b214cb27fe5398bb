from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dueregard.notifications.models import Alert
from dueregard.organisations.permissions import Can


def unread_alerts(request: HttpRequest) -> dict[str, Any]:
    """The unread-alert count, for those who get alerts (0 for everyone else)."""
    current = getattr(request, "membership", None)
    unread = 0
    if current is not None and current.can(Can.HANDLE_CASES):
        unread = Alert.objects.filter(
            organisation_id=current.organisation_id,
            recipient_id=current.user_id,
            read_at__isnull=True,
        ).count()
    return {"unread_alerts": unread}
