"""Overdue referral follow-ups, for the hourly reminder job (``notifications.reminders``)."""

from __future__ import annotations

from collections.abc import Iterator

from dueregard.referrals.models import FollowUp


def overdue(organisation_id: int) -> Iterator[tuple[str, int]]:
    """Each overdue follow-up to its owner."""
    rows = FollowUp.objects.filter(organisation_id=organisation_id).overdue()
    for owner_id in rows.values_list("owner_id", flat=True):
        yield "referral follow-up(s)", owner_id
