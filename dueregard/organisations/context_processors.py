from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def membership(request: HttpRequest) -> dict[str, Any]:
    """The current membership (``None`` outside any organisation) and how many
    organisations its user belongs to (the switch link counts them across scopes)."""
    organisations = 0
    if request.user.is_authenticated:
        from dueregard.organisations.models import Membership

        organisations = Membership.across_organisations.filter(user_id=request.user.pk).count()
    return {"membership": getattr(request, "membership", None), "organisation_count": organisations}
