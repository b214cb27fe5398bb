"""The DSL dashboard's panel: overdue action-plan items and whether the register needs review."""

from __future__ import annotations

from django.utils import timezone

from dueregard.actions.models import ActionItem
from dueregard.core.dashboard import Panel
from dueregard.organisations.models import Membership
from dueregard.risks.models import Register, can_edit
from dueregard.risks.queries import review_flags


def panel(membership: Membership) -> Panel | None:
    """For the DSL and deputies only (other readers open the register itself)."""
    if not can_edit(membership):
        return None
    overdue = list(
        ActionItem.objects.filter(organisation_id=membership.organisation_id)
        .overdue()
        .order_by("due_on")[:10]
    )
    total = ActionItem.objects.filter(organisation_id=membership.organisation_id).overdue().count()
    register = Register.objects.filter(organisation_id=membership.organisation_id).first()
    flags = review_flags(register) if register else []
    return Panel(
        "actions/panel.html",
        {"overdue": overdue, "total": total, "flags": flags, "today": timezone.localdate()},
    )
