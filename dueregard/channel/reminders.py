"""Overdue Channel work for the reminder job: reviews 6 and 12 months after support
ended, and actions agreed at a panel that are past their due date.

Both go to the case lead: a panel action's owner is a role at an agency, not a user.
"""

from __future__ import annotations

from collections.abc import Iterator

from dueregard.channel.models import ChannelReview, PanelAction


def overdue(organisation_id: int) -> Iterator[tuple[str, int]]:
    """Each overdue review and each overdue panel action, to the case lead."""
    reviews = ChannelReview.objects.filter(organisation_id=organisation_id).overdue()
    for lead_id in reviews.values_list("case__lead_id", flat=True):
        if lead_id:
            yield "Channel review(s)", lead_id
    actions = PanelAction.objects.filter(organisation_id=organisation_id).overdue()
    for lead_id in actions.values_list("meeting__case__lead_id", flat=True):
        if lead_id:
            yield "Channel action(s)", lead_id
