"""The cases app's overdue items for the reminder job (see ``notifications.reminders``)."""

from __future__ import annotations

from collections.abc import Iterator

from dueregard.cases.queries import monitoring_due, overdue_actions, overdue_reviews


def overdue(organisation_id: int) -> Iterator[tuple[str, int]]:
    """An overdue review to its case lead; an overdue action to its owner and the lead."""
    for lead_id in overdue_reviews(organisation_id).values_list("case__lead_id", flat=True):
        if lead_id:
            yield "review(s)", lead_id
    # A monitored closed case whose look-again date has come counts as a review due.
    for lead_id in monitoring_due(organisation_id).values_list("lead_id", flat=True):
        if lead_id:
            yield "review(s)", lead_id
    for owner_id, lead_id in overdue_actions(organisation_id).values_list(
        "owner_id", "case__lead_id"
    ):
        for user_id in {owner_id, lead_id} - {None}:
            yield "action(s)", user_id
