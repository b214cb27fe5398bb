"""The action plan's overdue items for the reminder job (see ``notifications.reminders``)."""

from __future__ import annotations

from collections.abc import Iterator

from dueregard.actions.models import ActionItem


def overdue(organisation_id: int) -> Iterator[tuple[str, int]]:
    """An overdue action-plan item to each of its owners."""
    items = ActionItem.objects.filter(organisation_id=organisation_id).overdue()
    for user_id in items.values_list("owners", flat=True):
        if user_id:
            yield "action plan item(s)", user_id
