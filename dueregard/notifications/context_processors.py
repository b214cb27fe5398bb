from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dueregard.notifications.models import Alert
from dueregard.organisations.permissions import Can

#: The badge counts this many unread alerts at most and shows "99+" beyond: it is on every
#: signed-in page, and counting a backlog of thousands each time tells the reader nothing
#: more than "a lot" (the alerts page lists them).
BADGE_CAP = 99


def unread_alerts(request: HttpRequest) -> dict[str, Any]:
    """The unread-alert count for the badge, for those who get alerts (0 for everyone
    else): ``unread_alerts`` is the count up to ``BADGE_CAP + 1``, ``unread_alerts_over_cap``
    says there are more than ``BADGE_CAP``."""
    current = getattr(request, "membership", None)
    unread = 0
    if current is not None and current.can(Can.HANDLE_CASES):
        # No ordering and only indexed columns: an index-only scan of at most
        # BADGE_CAP + 1 entries of alert_unread_badge_idx.
        unread = (
            Alert.objects.filter(
                organisation_id=current.organisation_id,
                recipient_id=current.user_id,
                read_at__isnull=True,
            )
            .order_by()
            .values("recipient")[: BADGE_CAP + 1]
            .count()
        )
    return {
        "unread_alerts": min(unread, BADGE_CAP),
        "unread_alerts_over_cap": unread > BADGE_CAP,
    }
