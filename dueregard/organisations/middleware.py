"""Attach the signed-in user's current organisation membership to every request.

One query per request finds all the user's active memberships: the current one becomes
``request.membership`` and their number ``request.organisation_count`` (the "Switch
organisation" link in the page header reads it through the context processor).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from dueregard.core.scope import organisation_scope
from dueregard.organisations.models import Membership

SESSION_KEY = "dueregard_membership"


def active_memberships(request: HttpRequest) -> list[Membership]:
    """The signed-in user's active memberships, oldest first (none when signed out)."""
    user = request.user
    if not user.is_authenticated:
        return []
    return list(
        Membership.across_organisations.active()
        .filter(user=user)
        .select_related("organisation", "user")
        .order_by("created_at", "pk")
    )


def current_membership(
    request: HttpRequest, memberships: list[Membership] | None = None
) -> Membership | None:
    """The membership chosen in this session, else the user's first active one."""
    if memberships is None:
        memberships = active_memberships(request)
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        for membership in memberships:
            if str(membership.public_id) == str(chosen):
                return membership
    return memberships[0] if memberships else None


class MembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        memberships = active_memberships(request)
        membership = current_membership(request, memberships)
        request.membership = membership  # type: ignore[attr-defined]
        request.organisation_count = len(memberships)  # type: ignore[attr-defined]
        # Everything this request touches is confined to the member's organisation; with no
        # membership, organisation data is unreachable (core.scope raises).
        with organisation_scope(membership.organisation_id if membership else None):
            return self.get_response(request)
