"""Overdue Channel reviews (6 and 12 months after support ended), for the reminder job."""

from __future__ import annotations

from collections.abc import Iterator

from dueregard.channel.models import ChannelReview


def overdue(organisation_id: int) -> Iterator[tuple[str, int]]:
    """Each overdue review to the case lead."""
    reviews = ChannelReview.objects.filter(organisation_id=organisation_id).overdue()
    for lead_id in reviews.values_list("case__lead_id", flat=True):
        if lead_id:
            yield "Channel review(s)", lead_id
