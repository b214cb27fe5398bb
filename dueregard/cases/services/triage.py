"""Triage: an untriaged concern opens a new case or joins an open one."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from dueregard.audit.services import log
from dueregard.cases import chronology
from dueregard.cases.audit_codes import CASE_OPENED
from dueregard.cases.models import Case, CaseParty, ChronologyKind, PartyRole
from dueregard.cases.services.common import check_allowed, lock, require_handler
from dueregard.concerns.audit_codes import CONCERN_LINKED_TO_CASE, CONCERN_TRIAGED_INTO_NEW_CASE
from dueregard.concerns.categories import prevent_category
from dueregard.concerns.models import Concern, ConcernStatus, ConcernType
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.notifications.services import resolve_alerts
from dueregard.organisations.models import Membership
from dueregard.organisations.services import next_reference

CASE_REFERENCE_KIND = "CASE"


def _lock_untriaged(membership: Membership, concern: Concern) -> Concern:
    locked: Concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if locked.organisation_id != membership.organisation_id:
        raise NotPermitted("That concern is not in your organisation.")
    if locked.status != ConcernStatus.AWAITING_TRIAGE:
        raise TransitionNotAllowed("This concern has already been triaged.")
    return locked


def _add_concern_subjects(case: Case, concern: Concern, membership: Membership) -> str:
    """Link the concern's subjects not yet on the case; say whom, for the chronology."""
    existing = set(case.parties.exclude(person=None).values_list("person_id", flat=True))
    linked: list[str] = []
    for subject in concern.subjects.select_related("person"):
        if subject.person_id and subject.person_id in existing:
            continue
        party = CaseParty.objects.create(
            organisation_id=case.organisation_id,
            created_by=membership.user,
            case=case,
            person_id=subject.person_id,
            description=subject.description,
            role=PartyRole.SUBJECT,
        )
        linked.append(str(party))
    return f"Linked {', '.join(linked)} as subject." if linked else ""


def _countable(membership: Membership, category: ConcernType | None) -> ConcernType | None:
    """The category if it can count in this organisation's figures, else None."""
    if category is None or category.is_not_sure:
        return None
    if category.type_list.organisation_id not in (None, membership.organisation_id):
        raise DomainError("Choose a type of concern from your organisation's lists.")
    return category


def _mark_triaged(concern: Concern, case: Case, membership: Membership) -> None:
    concern.case = case
    concern.status = ConcernStatus.TRIAGED
    concern.triaged_at = timezone.now()
    concern.triaged_by = membership.user
    concern.save(update_fields=["case", "status", "triaged_at", "triaged_by", "updated_at"])
    # Someone has acted: the alerts about the concern (an emergency's were held unread until
    # now) are read for everyone.
    resolve_alerts(concern.organisation_id, concern.public_id)


def _concern_raised(case: Case, concern: Concern, membership: Membership) -> None:
    """The concern as the case's first entry: raised by its reporter, when they raised it,
    with what they saw or heard (the body is encrypted like the concern's narrative)."""
    body = concern.narrative
    if concern.immediate_danger:
        body = f"Flagged as an emergency.\n\n{body}"
    chronology.add(
        case,
        membership,
        f"Concern {concern.reference} raised",
        kind=ChronologyKind.CONCERN,
        occurred_at=concern.created_at,
        body=body,
        by=concern.reporter,
    )


def open_case_from_concern(
    membership: Membership, concern: Concern, *, category: ConcernType | None = None
) -> Case:
    """Open a new case for an untriaged concern; its subjects become the case's subjects."""
    require_handler(membership)
    countable = _countable(membership, category)
    with transaction.atomic():
        concern = _lock_untriaged(membership, concern)
        case: Case = Case.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            reference=next_reference(membership.organisation, CASE_REFERENCE_KIND),
            category=countable,
            # A Prevent type chosen at triage puts the case in the Prevent category.
            safeguarding_category=prevent_category(membership.organisation_id)
            if countable is not None
            else None,
            lead=membership.user,
        )
        linked = _add_concern_subjects(case, concern, membership)
        _mark_triaged(concern, case, membership)
        _concern_raised(case, concern, membership)
        chronology.add(
            case,
            membership,
            f"Case opened from concern {concern.reference}",
            kind=ChronologyKind.DECISION,
            body=linked,
        )
        log(membership, CASE_OPENED, case, context={"concern": str(concern.public_id)})
        log(
            membership,
            CONCERN_TRIAGED_INTO_NEW_CASE,
            concern,
            context={"case": str(case.public_id)},
        )
    return case


def link_concern_to_case(membership: Membership, concern: Concern, case: Case) -> Case:
    """Attach an untriaged concern to an existing open case of the same organisation."""
    require_handler(membership)
    if case.organisation_id != membership.organisation_id:
        raise NotPermitted("That case is not in your organisation.")
    with transaction.atomic():
        concern = _lock_untriaged(membership, concern)
        case = lock(case, membership)
        check_allowed(case, "link a concern to")
        linked = _add_concern_subjects(case, concern, membership)
        _mark_triaged(concern, case, membership)
        _concern_raised(case, concern, membership)
        chronology.add(
            case,
            membership,
            f"Concern {concern.reference} linked to this case",
            kind=ChronologyKind.DECISION,
            body=linked,
        )
        log(membership, CONCERN_LINKED_TO_CASE, concern, context={"case": str(case.public_id)})
    return case
