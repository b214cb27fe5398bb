"""Recording and approving external referrals. Only the DSL / Prevent lead approves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from dueregard.audit.models import AuditAction
from dueregard.audit.services import record
from dueregard.cases import chronology
from dueregard.cases.access import require_openable
from dueregard.cases.models import OPEN_STATUSES, Case
from dueregard.core.errors import NotPermitted, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.referrals.models import Referral, ReferralStatus


@dataclass
class NewReferral:
    kind: str
    agency: str
    referred_on: date
    agency_reference: str = ""


def record_referral(
    membership: Membership, case: Case, data: NewReferral, *, request: HttpRequest | None = None
) -> Referral:
    """Record a referral awaiting the lead's approval. Case handlers only; case must be open.

    The caller holds the case lock (``cases.services.record_decision`` does).
    """
    if not membership.can_handle_cases:
        raise NotPermitted("Only the DSL or a deputy can prepare a referral.")
    require_openable(membership, case)
    if case.status not in OPEN_STATUSES:
        raise TransitionNotAllowed("Reopen the case before recording a referral.")
    referral = Referral.objects.create(
        organisation=case.organisation,
        created_by=membership.user,
        case=case,
        kind=data.kind,
        agency=data.agency,
        referred_on=data.referred_on,
        agency_reference=data.agency_reference,
    )
    chronology.add(
        case,
        membership,
        f"Referral prepared: {referral.get_kind_display()}",
        body=f"To {data.agency}. Awaiting the lead's approval.",
    )
    record(
        action=AuditAction.CREATE,
        actor=membership.user,
        organisation=case.organisation,
        obj=referral,
        summary="Referral prepared",
        request=request,
    )
    return referral


def approve_referral(
    membership: Membership,
    referral: Referral,
    *,
    agency_reference: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    """Approve a referral awaiting approval. The DSL / Prevent lead only."""
    if not membership.can_approve_referrals:
        raise NotPermitted("Only the DSL / Prevent lead can approve a referral.")
    with transaction.atomic():
        referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
        require_openable(membership, referral.case)
        if referral.status != ReferralStatus.AWAITING_APPROVAL:
            raise TransitionNotAllowed("This referral has already been approved.")
        if referral.case.status not in OPEN_STATUSES:
            raise TransitionNotAllowed("Reopen the case before approving its referral.")
        referral.status = ReferralStatus.APPROVED
        referral.approved_by = membership.user
        referral.approved_at = timezone.now()
        if agency_reference:
            referral.agency_reference = agency_reference
        referral.save()
        chronology.add(
            referral.case,
            membership,
            f"Referral approved: {referral.get_kind_display()}",
            body=f"Agency reference: {referral.agency_reference or 'not yet given'}.",
        )
        record(
            action=AuditAction.CHANGE,
            actor=membership.user,
            organisation=referral.organisation,
            obj=referral,
            summary="Referral approved",
            request=request,
        )
    return referral
