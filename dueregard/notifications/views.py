"""The signed-in user's alerts. Opening the list marks them read."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dueregard.notifications.models import Alert
from dueregard.notifications.services import mark_all_read
from dueregard.organisations.access import member_required, membership_of


@require_GET
@member_required()
def alert_list(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    alerts = Alert.objects.filter(
        organisation_id=membership.organisation_id, recipient_id=membership.user_id
    )
    shown = list(alerts[:100])
    mark_all_read(membership)
    return render(request, "notifications/list.html", {"alerts": shown})
