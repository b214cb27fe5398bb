"""The training panel of the dashboard: % compliant by requirement, no names."""

from __future__ import annotations

from django.utils import timezone

from dueregard.core.dashboard import Panel
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.training.compliance import matrix


def panel(membership: Membership) -> Panel | None:
    if not membership.can(Can.READ_TRAINING_MATRIX):
        return None
    grid = matrix(membership.organisation_id, timezone.localdate())
    if not grid.summaries:
        return None
    rows = [(s, s.counts["overdue"] + s.counts["never"]) for s in grid.summaries]
    # Outside the safeguarding team, counts of 1 to 4 show as <5, as elsewhere on the dashboard.
    return Panel(
        "training/_panel.html", {"rows": rows, "suppress": not membership.can(Can.HANDLE_CASES)}
    )
