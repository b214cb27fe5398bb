"""Attach the signed-in user's current organisation membership to every request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from dueregard.core.scope import organisation_scope
from dueregard.organisations.models import Membership

SESSION_KEY = "dueregard_membership"


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership chosen in this session, else the user's first active one."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = (
        Membership.across_organisations.active()
        .filter(user=user)
        .select_related("organisation", "user")
    )
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        membership: Membership | None = memberships.filter(public_id=chosen).first()
        if membership is not None:
            return membership
    first: Membership | None = memberships.order_by("created_at").first()
    return first


class MembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = current_membership(request)
        request.membership = membership  # type: ignore[attr-defined]
        # Everything this request touches is confined to the member's organisation; with no
        # membership, organisation data is unreachable (core.scope raises).
        with organisation_scope(membership.organisation_id if membership else None):
            return self.get_response(request)
