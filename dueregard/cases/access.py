"""Who may open a case's content: the organisation, restriction and break glass.

Used by the case services (under the row lock), the referral services and the views.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from dueregard.cases.models import BreakGlass, Case
from dueregard.core.errors import NotPermitted
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can


def can_open(membership: Membership, case: Case) -> bool:
    """May this member open the case's content? (Restriction and break glass.)"""
    if not membership.can(Can.HANDLE_CASES) or case.organisation_id != membership.organisation_id:
        return False
    if not case.is_restricted:
        return True
    if case.restricted_to.filter(pk=membership.user_id).exists():
        return True
    return BreakGlass.objects.filter(
        case=case, user_id=membership.user_id, expires_at__gt=timezone.now()
    ).exists()


def require_same_organisation(membership: Membership, case: Case) -> None:
    if case.organisation_id != membership.organisation_id:
        raise NotPermitted("That case is not in your organisation.")


def require_openable(membership: Membership, case: Case) -> None:
    """Raise NotPermitted unless the member may open (and so change) this case."""
    require_same_organisation(membership, case)
    if not can_open(membership, case):
        raise NotPermitted("This case is restricted: you are not named on it.")


def openable_cases(membership: Membership) -> QuerySet[Case]:
    """``can_open`` as a query: the organisation's cases this member may open."""
    if not membership.can(Can.HANDLE_CASES):
        return Case.objects.none()
    return Case.objects.filter(organisation_id=membership.organisation_id).filter(
        Q(is_restricted=False)
        | Q(restricted_to=membership.user_id)
        | Q(break_glass__user_id=membership.user_id, break_glass__expires_at__gt=timezone.now())
    )
