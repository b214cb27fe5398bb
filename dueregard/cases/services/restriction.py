"""Restricting a case to named DSLs, and breaking glass to open one."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.audit.services import log
from dueregard.cases import chronology
from dueregard.cases.access import require_same_organisation
from dueregard.cases.audit_codes import (
    CASE_BREAK_GLASS_USED,
    CASE_RESTRICTED,
    CASE_RESTRICTION_LIFTED,
)
from dueregard.cases.models import BreakGlass, Case, ChronologyKind
from dueregard.cases.services.common import (
    REASON_IN_CHRONOLOGY,
    check_allowed,
    lock,
    require_handler,
)
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.notifications.services import alert_lead_of_break_glass
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, roles_with


def restrict_case(membership: Membership, case: Case, users: Sequence[User]) -> Case:
    """Restrict the case to named DSLs/deputies (empty list lifts it). The lead only."""
    if not membership.can(Can.RESTRICT_CASE):
        raise NotPermitted("Only the DSL / Prevent lead can restrict a case.")
    allowed_ids = set(
        Membership.objects.active()
        .filter(organisation_id=membership.organisation_id, role__in=roles_with(Can.HANDLE_CASES))
        .values_list("user_id", flat=True)
    )
    if any(u.pk not in allowed_ids for u in users):
        raise DomainError("A case can be restricted only to DSLs and deputies.")
    named = {u.pk for u in users} | ({membership.user_id} if users else set())
    with transaction.atomic():
        case = lock(case, membership)
        check_allowed(case, "change the restriction of")
        case.is_restricted = bool(users)
        case.save(update_fields=["is_restricted", "updated_at"])
        case.restricted_to.set(get_user_model().objects.filter(pk__in=named))
        title = f"Restricted to {len(named)} named DSL(s)" if users else "Restriction lifted"
        chronology.add(case, membership, title, kind=ChronologyKind.RESTRICTION)
        if users:
            log(membership, CASE_RESTRICTED, case, context={"named": len(named)})
        else:
            log(membership, CASE_RESTRICTION_LIFTED, case)
    return case


def break_glass(membership: Membership, case: Case, *, reason: str) -> BreakGlass:
    """Open a restricted case one is not named on, with a reason the lead will see; the
    lead (``Can.LEAD_PREVENT_DUTY``) is alerted, without details."""
    require_handler(membership)
    require_same_organisation(membership, case)
    if not reason.strip():
        raise DomainError("Give the reason you need this case.")
    with transaction.atomic():
        case = lock(case)
        if not case.is_restricted:
            raise TransitionNotAllowed("This case is not restricted.")
        grant: BreakGlass = BreakGlass.objects.create(
            organisation_id=case.organisation_id,
            created_by=membership.user,
            case=case,
            user=membership.user,
            reason=reason.strip(),
            expires_at=timezone.now() + BreakGlass.DURATION,
        )
        chronology.add(
            case,
            membership,
            f"Break glass by {membership.user}",
            kind=ChronologyKind.RESTRICTION,
            body=grant.reason,
        )
        log(
            membership,
            CASE_BREAK_GLASS_USED,
            case,
            context={"expires_at": grant.expires_at.isoformat()},
            reason=REASON_IN_CHRONOLOGY,
        )
        alert_lead_of_break_glass(
            membership.organisation, case_id=case.public_id, by_user_id=membership.user_id
        )
    return grant
