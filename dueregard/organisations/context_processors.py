from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def membership(request: HttpRequest) -> dict[str, Any]:
    """The current membership, how many organisations its user belongs to, and the
    unread-alert count for those who get alerts."""
    current = getattr(request, "membership", None)
    unread = 0
    if current is not None and current.can_handle_cases:
        from dueregard.notifications.models import Alert

        unread = Alert.objects.filter(
            organisation_id=current.organisation_id,
            recipient_id=current.user_id,
            read_at__isnull=True,
        ).count()
    # The switch link counts the user's organisations, across scopes.
    organisations = 0
    if request.user.is_authenticated:
        from dueregard.organisations.models import Membership

        organisations = Membership.across_organisations.filter(user_id=request.user.pk).count()
    return {"membership": current, "unread_alerts": unread, "organisation_count": organisations}
