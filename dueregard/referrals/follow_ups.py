"""Follow-ups of a referral: something to chase by a date, then what happened.

Overdue follow-ups are reminded to their owner (``referrals.reminders``).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.audit.services import log
from dueregard.cases import chronology
from dueregard.cases.access import can_open
from dueregard.cases.models import Case, ChronologyKind
from dueregard.core.errors import DomainError, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, roles_with
from dueregard.referrals import audit_codes as codes
from dueregard.referrals.models import FollowUp, Referral, ReferralStatus
from dueregard.referrals.services import lock, require_handler


def _check_owner(membership: Membership, user: User, case: Case) -> None:
    """A follow-up's owner: a DSL or deputy of the organisation who may open the case."""
    owner = (
        Membership.objects.active()
        .filter(
            organisation_id=membership.organisation_id,
            user=user,
            role__in=roles_with(Can.HANDLE_CASES),
        )
        .first()
    )
    if owner is None:
        raise DomainError("The owner must be the DSL or a deputy of your organisation.")
    if not can_open(owner, case):
        raise DomainError("The owner cannot open this restricted case: choose someone named on it.")


def add_follow_up(
    membership: Membership,
    referral: Referral,
    *,
    description: str,
    owner: User,
    due_on: date,
) -> FollowUp:
    """Add something to chase by a date; overdue follow-ups are reminded to their owner."""
    require_handler(membership)
    if not description.strip():
        raise DomainError("Say what needs following up.")
    with transaction.atomic():
        referral = lock(membership, referral)
        _check_owner(membership, owner, referral.case)
        if referral.status == ReferralStatus.CLOSED:
            raise TransitionNotAllowed("This referral is closed: it cannot have new follow-ups.")
        follow_up: FollowUp = FollowUp.objects.create(
            organisation_id=referral.organisation_id,
            created_by=membership.user,
            referral=referral,
            description=description.strip(),
            owner=owner,
            due_on=due_on,
        )
        chronology.add(
            referral.case,
            membership,
            f"Referral {referral.reference}: follow-up due {due_on:%d %b %Y}",
            kind=ChronologyKind.REFERRAL,
            body=follow_up.description,
        )
        log(
            membership,
            codes.FOLLOW_UP_ADDED,
            follow_up,
            context={"referral": str(referral.public_id), "due_on": due_on.isoformat()},
        )
    return follow_up


def complete_follow_up(
    membership: Membership,
    follow_up: FollowUp,
    *,
    outcome: str,
) -> FollowUp:
    require_handler(membership)
    if not outcome.strip():
        raise DomainError("Say what happened.")
    with transaction.atomic():
        referral = lock(membership, follow_up.referral)
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.done_at is not None:
            raise TransitionNotAllowed("This follow-up is already done.")
        follow_up.done_at = timezone.now()
        follow_up.done_by = membership.user
        follow_up.outcome = outcome.strip()
        follow_up.save(update_fields=["done_at", "done_by", "outcome", "updated_at"])
        chronology.add(
            referral.case,
            membership,
            f"Referral {referral.reference}: follow-up done",
            kind=ChronologyKind.REFERRAL,
            body=follow_up.outcome,
        )
        log(
            membership,
            codes.FOLLOW_UP_DONE,
            follow_up,
            context={"referral": str(referral.public_id)},
        )
    return follow_up
