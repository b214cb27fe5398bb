from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def membership(request: HttpRequest) -> dict[str, Any]:
    """The current membership (``None`` outside any organisation) and in how many
    organisations its user is an active member (both set by ``MembershipMiddleware``, so
    the page header costs no query)."""
    return {
        "membership": getattr(request, "membership", None),
        "organisation_count": getattr(request, "organisation_count", 0),
    }
