"""Organisation-wide services: references."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from dueregard.organisations.models import Organisation, ReferenceCounter


def next_reference(organisation: Organisation, kind: str) -> str:
    """The next reference of ``kind`` for this organisation and year, e.g. ``C-2026-000123``.

    Gap-free per organisation and year: the counter row is locked for the caller's
    transaction, so two concerns raised at once never share a number.
    """
    year = timezone.localdate().year
    with transaction.atomic():
        counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
            organisation=organisation, kind=kind, year=year
        )
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"{kind}-{year}-{counter.last:06d}"
