"""Organisation-wide services: references and settings."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from dueregard.audit.models import AuditAction
from dueregard.audit.services import record
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.organisations.models import Membership, Organisation, ReferenceCounter, Role


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


def update_settings(
    membership: Membership,
    *,
    triage_target_hours: int,
    review_interval_hours: int,
    request: HttpRequest | None = None,
) -> Organisation:
    """Change the organisation's triage target and review interval. DSL or administrator."""
    if membership.role not in (Role.DSL, Role.ADMINISTRATOR):
        raise NotPermitted("Only the DSL or an administrator can change these settings.")
    if not 1 <= triage_target_hours <= 168 or not 1 <= review_interval_hours <= 24 * 28:
        raise DomainError(
            "Choose a triage target of 1 to 168 hours and a review interval of 1 hour to 4 weeks."
        )
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
        organisation.triage_target_hours = triage_target_hours
        organisation.review_interval_hours = review_interval_hours
        organisation.save(
            update_fields=["triage_target_hours", "review_interval_hours", "updated_at"]
        )
        record(
            action=AuditAction.CHANGE,
            actor=membership.user,
            organisation=organisation,
            obj=organisation,
            summary="Organisation settings changed",
            request=request,
        )
    return organisation
