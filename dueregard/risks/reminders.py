"""The register's passed review date for the reminder job (see ``notifications.reminders``)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from dueregard.organisations.permissions import Can, roles_with
from dueregard.risks.models import Register
from dueregard.risks.services import editors_of


def overdue(organisation_id: int) -> Iterator[tuple[str, int]]:
    """A passed register review to the DSLs."""
    register = Register.objects.filter(organisation_id=organisation_id).first()
    if register and register.next_review_on and register.next_review_on < timezone.localdate():
        for user_id in (
            editors_of(organisation_id)
            .filter(role__in=roles_with(Can.LEAD_PREVENT_DUTY))
            .values_list("user_id", flat=True)
        ):
            yield "risk register review(s)", user_id
