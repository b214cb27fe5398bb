"""The signed-in member's alerts.

Opening the list marks nothing read: each alert is marked read when it is opened (through
``open_alert``, which then goes to its record), or all at once by the "Mark all as read"
button. An emergency concern's alert stays unread until someone triages the concern.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dueregard.core.formviews import button_view
from dueregard.notifications.models import Alert
from dueregard.notifications.services import mark_all_read, mark_read
from dueregard.organisations.access import get_object_for, member_required, membership_of

#: Alerts the page lists, newest first.
SHOWN = 100


@require_GET
@member_required()
def alert_list(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    alerts = list(Alert.objects.visible_to(membership)[:SHOWN])
    unread = sum(1 for a in alerts if a.read_at is None and not a.held_until_acted)
    return render(request, "notifications/list.html", {"alerts": alerts, "unread": unread})


@require_GET
@member_required()
def open_alert(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Mark one of the member's own alerts read (unless it is held until someone acts on
    its record) and go to the page it points at. Another member's alert is a 404."""
    membership = membership_of(request)
    alert = get_object_for(Alert.objects.visible_to(membership), membership, public_id)
    mark_read(membership, alert)
    # Links are our own paths; anything else goes to the list rather than off the site.
    if not url_has_allowed_host_and_scheme(alert.link, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(alert.link)


@require_POST
@member_required()
def mark_all(request: HttpRequest) -> HttpResponse:
    """The "Mark all as read" button (emergency alerts stay until someone acts)."""
    membership = membership_of(request)

    def apply() -> str:
        count = mark_all_read(membership)
        return _("%(count)s alert(s) marked as read.") % {"count": count}

    return button_view(request, apply=apply, success_url="notifications:list")
