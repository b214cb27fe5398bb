"""Decisions on a case: no further action, internal support, external referral, emergency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from dueregard.audit.services import log
from dueregard.cases import chronology
from dueregard.cases.audit_codes import DECISION_RECORDED
from dueregard.cases.models import (
    Case,
    CaseStatus,
    ChronologyKind,
    Decision,
    DecisionKind,
    ReviewStatus,
)
from dueregard.cases.services.closure import close_locked
from dueregard.cases.services.common import check_allowed, lock, require_handler, schedule_review
from dueregard.core.errors import DomainError
from dueregard.organisations.models import Membership
from dueregard.referrals.services import NewReferral, record_referral


@dataclass
class EmergencyDetails:
    called_by: str
    called_at: datetime
    police_reference: str = ""


def _check_decision(
    kind: str, rationale: str, referral: NewReferral | None, emergency: EmergencyDetails | None
) -> None:
    if kind not in DecisionKind.values:
        raise DomainError("Choose one of the four decisions.")
    if not rationale.strip():
        raise DomainError("Give the rationale for the decision.")
    if kind == DecisionKind.EXTERNAL_REFERRAL and referral is None:
        raise DomainError("Give the referral's agency, kind and date.")
    if kind == DecisionKind.EMERGENCY and emergency is None:
        raise DomainError("Say who called the police and when.")
    if emergency is not None and emergency.called_at > timezone.now() + timedelta(minutes=5):
        raise DomainError("The call to the police cannot be in the future.")


def record_decision(
    membership: Membership,
    case: Case,
    *,
    kind: str,
    rationale: str,
    referral: NewReferral | None = None,
    emergency: EmergencyDetails | None = None,
) -> Decision:
    """Record a decision with its rationale and move the case on.

    * no further action: the case closes with the rationale as its outcome;
    * internal support: a review falls due after the organisation's interval (48 h);
    * external referral: needs ``referral``; it awaits the lead's approval;
    * emergency: needs ``emergency`` (who called the police, when, their reference).
    """
    require_handler(membership)
    _check_decision(kind, rationale, referral, emergency)
    with transaction.atomic():
        case = lock(case, membership)
        check_allowed(case, "record a decision on")
        was = case.status
        decision: Decision = Decision.objects.create(
            organisation_id=case.organisation_id,
            created_by=membership.user,
            case=case,
            kind=kind,
            rationale=rationale.strip(),
            decided_at=timezone.now(),
            police_called_by=emergency.called_by if emergency else "",
            police_called_at=emergency.called_at if emergency else None,
            police_reference=emergency.police_reference if emergency else "",
        )
        label = DecisionKind(kind).label
        chronology.add(
            case,
            membership,
            f"Decision: {label}",
            kind=ChronologyKind.DECISION,
            body=decision.rationale,
        )
        if kind == DecisionKind.NO_FURTHER_ACTION:
            close_locked(case, membership, decision.rationale)
        elif kind == DecisionKind.INTERNAL_SUPPORT:
            case.status = CaseStatus.INTERNAL_SUPPORT
            case.save(update_fields=["status", "updated_at"])
            if not case.reviews.filter(status=ReviewStatus.SCHEDULED).exists():
                schedule_review(
                    case, membership, timezone.now() + membership.organisation.review_interval
                )
        elif kind == DecisionKind.EXTERNAL_REFERRAL:
            assert referral is not None
            case.status = CaseStatus.EXTERNAL_REFERRAL
            case.save(update_fields=["status", "updated_at"])
            record_referral(membership, case, referral)
        elif kind == DecisionKind.EMERGENCY:
            assert emergency is not None
            case.status = CaseStatus.EMERGENCY
            case.save(update_fields=["status", "updated_at"])
            chronology.add(
                case,
                membership,
                "Police called under the emergency procedure",
                kind=ChronologyKind.DECISION,
                occurred_at=emergency.called_at,
                body=f"Called by {emergency.called_by}. Police reference: "
                f"{emergency.police_reference or 'not yet given'}.",
            )
        log(
            membership,
            DECISION_RECORDED,
            decision,
            context={
                "case": str(case.public_id),
                "kind": kind,
                "from_status": was,
                "to_status": case.status,
            },
        )
    return decision
