"""The dashboard's policy panel: policies a change in law or guidance flagged for review,
and reviews overdue, for those who keep the register (``Can.MANAGE_POLICIES``)."""

from __future__ import annotations

from django.utils import timezone

from dueregard.core.dashboard import Panel
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.policies.models import Policy
from dueregard.policies.services import open_review_flags


def panel(membership: Membership) -> Panel | None:
    if not membership.can(Can.MANAGE_POLICIES):
        return None
    policies = Policy.objects.visible_to(membership)
    flags = list(open_review_flags(policies))
    overdue = list(
        policies.filter(next_review_on__lt=timezone.localdate())
        .order_by("next_review_on")
        .values("public_id", "title", "next_review_on")[:10]
    )
    return Panel("policies/panel.html", {"flags": flags, "overdue": overdue})
