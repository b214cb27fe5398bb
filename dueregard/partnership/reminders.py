"""Work partners' checks that are due, for the reminder job (see ``notifications.reminders``)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from dueregard.partnership.models import WorkPartner


def overdue(organisation_id: int) -> Iterator[tuple[str, int]]:
    """An active employer or subcontractor whose check is past due, to its owner."""
    due = WorkPartner.objects.filter(
        organisation_id=organisation_id, is_active=True, next_check_on__lt=timezone.localdate()
    )
    for owner_id in due.values_list("owner_id", flat=True):
        yield "employer or subcontractor check(s)", owner_id
