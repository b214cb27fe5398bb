"""Every change to a referral, its follow-ups and the information-sharing log.

The path: prepared as a draft (DSL or deputy) -> submitted -> approved by the DSL / Prevent
lead, or sent back with a reason -> sent (a disclosure) -> acknowledged -> adopted or not
-> support in progress -> closed. ``ALLOWED_FROM`` says which statuses each change may start
from; anything else raises ``TransitionNotAllowed`` and writes nothing. Each change runs in
one transaction with the referral row locked, and writes a chronology entry on the case and
an audit event (summaries name what happened, never to whom).

Nothing leaves the organisation before approval: the document can be produced, and the
referral recorded as sent, only from an approved status. Each of those is one entry in
the information-sharing log (``Disclosure``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.audit.models import AuditAction
from dueregard.audit.services import record
from dueregard.cases import chronology
from dueregard.cases.access import can_open, require_openable
from dueregard.cases.models import OPEN_STATUSES, Case, PartyRole
from dueregard.contacts.models import Contact
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, roles_with
from dueregard.organisations.services import next_reference
from dueregard.people.models import Person
from dueregard.referrals import content, lawful
from dueregard.referrals.models import (
    Disclosure,
    DisclosureKind,
    FollowUp,
    Referral,
    ReferralKind,
    ReferralStatus,
    SendMethod,
    contact_fits,
)

REFERENCE_KIND = "R"
S = ReferralStatus

#: The allowed-from table: which referral statuses each target status may be reached from.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    S.AWAITING_APPROVAL: frozenset({S.DRAFT}),
    S.DRAFT: frozenset({S.AWAITING_APPROVAL}),  # sent back by the lead
    S.APPROVED: frozenset({S.AWAITING_APPROVAL}),
    S.SENT: frozenset({S.APPROVED}),
    S.ACKNOWLEDGED: frozenset({S.SENT}),
    S.ADOPTED: frozenset({S.SENT, S.ACKNOWLEDGED}),
    S.NOT_ADOPTED: frozenset({S.SENT, S.ACKNOWLEDGED}),
    S.SUPPORT_IN_PROGRESS: frozenset({S.ADOPTED}),
    S.CLOSED: frozenset(S) - {S.CLOSED},
}

#: Changes that need the case to be open (preparing and releasing); outcomes may arrive later.
NEEDS_OPEN_CASE = frozenset({S.AWAITING_APPROVAL, S.APPROVED, S.SENT})

#: Outcomes recorded through ``record_progress`` (the agency's answers and closing).
PROGRESS = (S.ACKNOWLEDGED, S.ADOPTED, S.NOT_ADOPTED, S.SUPPORT_IN_PROGRESS, S.CLOSED)


@dataclass
class NewReferral:
    """What a referral starts with. Only kind, agency and date are needed for a draft."""

    kind: str
    agency: str
    referred_on: date
    agency_reference: str = ""
    contact: Contact | None = None
    person: Person | None = None
    sections: dict[str, str] = field(default_factory=dict)
    shared_fields: Sequence[str] = content.DEFAULT_SHARED
    lawful_basis_art6: str = ""
    lawful_basis_art9: str = ""
    lawful_basis_sch1: str = ""
    lawful_basis_art10: str = ""
    consent: str = ""
    consent_reason: str = ""
    submit: bool = False  # submit for approval at once (the content must be complete)


# --- checks ----------------------------------------------------------------------------


def _require_handler(membership: Membership) -> None:
    if not membership.can(Can.PREPARE_REFERRAL):
        raise NotPermitted("Only the DSL or a deputy can prepare a referral.")


def _require_lead(membership: Membership) -> None:
    if not membership.can(Can.APPROVE_REFERRAL):
        raise NotPermitted("Only the DSL / Prevent lead can approve a referral.")


def check_transition(referral: Referral, target: str) -> None:
    if referral.status not in ALLOWED_FROM[target]:
        current = ReferralStatus(referral.status).label.lower()
        wanted = ReferralStatus(target).label.lower()
        raise TransitionNotAllowed(f"This referral is {current}: it cannot become {wanted}.")


def problems(referral: Referral) -> list[tuple[str, str]]:
    """What stops a referral from going for approval, as (field, message)."""
    found = lawful.check_basis(
        referral.lawful_basis_art6,
        referral.lawful_basis_art9,
        referral.lawful_basis_sch1,
        referral.lawful_basis_art10,
    )
    found += lawful.check_consent(referral.consent, str(referral.consent_reason or ""))
    shared = set(referral.shared_fields or [])
    if not any(code in shared for code in content.SECTION_CODES):
        found.append(("shared_fields", "Tick at least one section to share."))
    for code in content.SECTION_CODES:
        if code in shared and not referral.section_text(code).strip():
            found.append((code, f"Write the section '{content.LABELS[code]}' or untick it."))
    if shared & set(content.IDENTITY_CODES) and referral.person_id is None:
        found.append(("person", "Choose who the referral is about, or untick their details."))
    if not referral.agency.strip():
        found.append(("agency", "Choose the agency the referral goes to."))
    return found


def _lock(membership: Membership, referral: Referral) -> Referral:
    if referral.organisation_id != membership.organisation_id:
        raise NotPermitted("That referral is not in your organisation.")
    locked: Referral = (
        Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    )
    require_openable(membership, locked.case)
    return locked


def _audit(
    membership: Membership,
    obj: Any,
    summary: str,
    request: HttpRequest | None,
    action: str = AuditAction.CHANGE,
    reason: str = "",
) -> None:
    record(
        action=action,
        actor=membership.user,
        organisation=membership.organisation,
        obj=obj,
        summary=summary,
        reason=reason,
        request=request,
    )


def _clean_shared(codes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(codes))
    unknown = [c for c in chosen if c not in content.ALL_CODES]
    if unknown:
        raise DomainError("Choose what to share from the list.")
    return [c for c in content.ALL_CODES if c in chosen]


def _check_person(case: Case, person: Person | None) -> None:
    if person is not None and not case.parties.filter(person=person).exists():
        raise DomainError("Choose a person linked to this case.")


def _check_contact(membership: Membership, contact: Contact | None, kind: str = "") -> None:
    if contact is None:
        return
    if contact.organisation_id != membership.organisation_id:
        raise DomainError("Choose an agency from your organisation's directory.")
    if kind and not contact_fits(kind, contact.kind):
        label = ReferralKind(kind).label
        raise DomainError(
            "That agency does not fit the kind of referral: choose one listed under "
            f"'{label}', or type the agency."
        )


def _default_person(case: Case) -> Person | None:
    party = (
        case.parties.filter(role=PartyRole.SUBJECT, person__isnull=False)
        .select_related("person")
        .order_by("id")
        .first()
    )
    return party.person if party else None


# --- preparing ---------------------------------------------------------------------------


def record_referral(
    membership: Membership, case: Case, data: NewReferral, *, request: HttpRequest | None = None
) -> Referral:
    """Prepare a referral on an open case (a draft, or submitted when ``data.submit``).

    Case handlers only. The caller holds the case lock (``cases.services.record_decision``
    does).
    """
    _require_handler(membership)
    require_openable(membership, case)
    if case.status not in OPEN_STATUSES:
        raise TransitionNotAllowed("Reopen the case before recording a referral.")
    if data.kind not in ReferralKind.values:
        raise DomainError("Choose the kind of referral.")
    _check_contact(membership, data.contact, data.kind)
    _check_person(case, data.person)
    agency = (data.agency or (data.contact.label if data.contact else "")).strip()
    if not agency:
        raise DomainError("Choose the agency the referral goes to.")
    if any(code not in content.SECTION_CODES for code in data.sections):
        raise DomainError("Unknown referral section.")
    referral = Referral(
        organisation=case.organisation,
        created_by=membership.user,
        case=case,
        reference=next_reference(case.organisation, REFERENCE_KIND),
        person=data.person or _default_person(case),
        kind=data.kind,
        contact=data.contact,
        agency=agency[:200],
        referred_on=data.referred_on,
        agency_reference=data.agency_reference.strip(),
        shared_fields=_clean_shared(data.shared_fields),
        lawful_basis_art6=data.lawful_basis_art6,
        lawful_basis_art9=data.lawful_basis_art9,
        lawful_basis_sch1=data.lawful_basis_sch1,
        lawful_basis_art10=data.lawful_basis_art10,
        consent=data.consent,
        consent_reason=data.consent_reason.strip(),
    )
    for code, text in data.sections.items():
        setattr(referral, code, text.strip())
    if data.submit:
        found = problems(referral)
        if found:
            raise DomainError(found[0][1])
        referral.status = S.AWAITING_APPROVAL
        referral.submitted_at = timezone.now()
        referral.submitted_by = membership.user
    referral.save()
    state = "awaiting the lead's approval" if data.submit else "a draft to complete"
    chronology.add(
        case,
        membership,
        f"Referral {referral.reference} prepared: {referral.get_kind_display()}",
        body=f"To {referral.agency}. Now {state}.",
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


def prepare_referral(
    membership: Membership, case: Case, data: NewReferral, *, request: HttpRequest | None = None
) -> Referral:
    """Start a referral on an open case outside a decision (e.g. a second agency)."""
    _require_handler(membership)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        return record_referral(membership, locked, data, request=request)


@dataclass
class DraftChanges:
    """Everything the preparer may change while the referral is a draft."""

    kind: str
    contact: Contact | None
    agency: str
    referred_on: date
    person: Person | None
    sections: dict[str, str]
    shared_fields: Sequence[str]
    lawful_basis_art6: str
    lawful_basis_art9: str
    lawful_basis_sch1: str
    lawful_basis_art10: str
    consent: str
    consent_reason: str


def update_draft(
    membership: Membership,
    referral: Referral,
    changes: DraftChanges,
    *,
    request: HttpRequest | None = None,
) -> Referral:
    """Change a draft referral's content, agency, lawful basis and consent position."""
    _require_handler(membership)
    if changes.kind not in ReferralKind.values:
        raise DomainError("Choose the kind of referral.")
    _check_contact(membership, changes.contact, changes.kind)
    agency = (changes.agency or (changes.contact.label if changes.contact else "")).strip()
    if not agency:
        raise DomainError("Choose the agency the referral goes to.")
    with transaction.atomic():
        referral = _lock(membership, referral)
        if referral.status != S.DRAFT:
            raise TransitionNotAllowed(
                "Only a draft can be changed; ask the lead to send it back if it needs changes."
            )
        if referral.case.status not in OPEN_STATUSES:
            raise TransitionNotAllowed("Reopen the case before changing its referral.")
        _check_person(referral.case, changes.person)
        referral.kind = changes.kind
        referral.contact = changes.contact
        referral.agency = agency[:200]
        referral.referred_on = changes.referred_on
        referral.person = changes.person
        for code in content.SECTION_CODES:
            setattr(referral, code, changes.sections.get(code, "").strip())
        referral.shared_fields = _clean_shared(changes.shared_fields)
        referral.lawful_basis_art6 = changes.lawful_basis_art6
        referral.lawful_basis_art9 = changes.lawful_basis_art9
        referral.lawful_basis_sch1 = changes.lawful_basis_sch1
        referral.lawful_basis_art10 = changes.lawful_basis_art10
        referral.consent = changes.consent
        referral.consent_reason = changes.consent_reason.strip()
        referral.save()
        chronology.add(referral.case, membership, f"Referral {referral.reference} draft updated")
        _audit(membership, referral, "Referral draft updated", request)
    return referral


def submit_for_approval(
    membership: Membership, referral: Referral, *, request: HttpRequest | None = None
) -> Referral:
    """Send a complete draft to the lead for approval."""
    _require_handler(membership)
    with transaction.atomic():
        referral = _lock(membership, referral)
        check_transition(referral, S.AWAITING_APPROVAL)
        _require_open_case(referral)
        found = problems(referral)
        if found:
            raise DomainError(found[0][1])
        referral.status = S.AWAITING_APPROVAL
        referral.submitted_at = timezone.now()
        referral.submitted_by = membership.user
        referral.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        chronology.add(
            referral.case, membership, f"Referral {referral.reference} submitted for approval"
        )
        _audit(membership, referral, "Referral submitted for approval", request)
    return referral


def _require_open_case(referral: Referral) -> None:
    if referral.case.status not in OPEN_STATUSES:
        raise TransitionNotAllowed("Reopen the case before changing its referral.")


# --- the lead's decision ------------------------------------------------------------------


def approve_referral(
    membership: Membership,
    referral: Referral,
    *,
    agency_reference: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    """Approve a referral awaiting approval. The DSL / Prevent lead only."""
    _require_lead(membership)
    with transaction.atomic():
        referral = _lock(membership, referral)
        if referral.is_approved:
            raise TransitionNotAllowed("This referral has already been approved.")
        check_transition(referral, S.APPROVED)
        if referral.case.status not in OPEN_STATUSES:
            raise TransitionNotAllowed("Reopen the case before approving its referral.")
        found = problems(referral)
        if found:
            raise DomainError(found[0][1])
        referral.status = S.APPROVED
        referral.approved_by = membership.user
        referral.approved_at = timezone.now()
        if agency_reference.strip():
            referral.agency_reference = agency_reference.strip()
        referral.save()
        chronology.add(
            referral.case,
            membership,
            f"Referral approved: {referral.get_kind_display()}",
            body=f"Reference {referral.reference}. Agency reference: "
            f"{referral.agency_reference or 'not yet given'}.",
        )
        _audit(membership, referral, "Referral approved", request)
    return referral


def send_back(
    membership: Membership, referral: Referral, *, reason: str, request: HttpRequest | None = None
) -> Referral:
    """Return a referral awaiting approval to its preparer as a draft, with the reason."""
    _require_lead(membership)
    if not reason.strip():
        raise DomainError("Say why the referral is sent back.")
    with transaction.atomic():
        referral = _lock(membership, referral)
        check_transition(referral, S.DRAFT)
        referral.status = S.DRAFT
        referral.save(update_fields=["status", "updated_at"])
        chronology.add(
            referral.case,
            membership,
            f"Referral {referral.reference} sent back to be changed",
            body=reason.strip(),
        )
        _audit(membership, referral, "Referral sent back", request, reason="Sent back by the lead")
    return referral


# --- leaving the organisation -----------------------------------------------------------------


def _disclose(
    membership: Membership,
    referral: Referral,
    *,
    kind: str,
    recipient: str,
    when: datetime,
    what_prefix: str,
    request: HttpRequest | None,
) -> Disclosure:
    """Write the log entry for a referral leaving the organisation (caller holds the lock).

    Refuses (``TransitionNotAllowed``) unless the lead actually approved the referral, and
    (``DomainError``) unless its lawful basis and consent position are complete: an entry
    always names a real approver and a basis an auditor can check.
    """
    if not referral.is_approved:
        raise TransitionNotAllowed(
            "The referral can leave the organisation only after the lead has approved it."
        )
    found = lawful.check_basis(
        referral.lawful_basis_art6,
        referral.lawful_basis_art9,
        referral.lawful_basis_sch1,
        referral.lawful_basis_art10,
    )
    found += lawful.check_consent(referral.consent, str(referral.consent_reason or ""))
    if found:
        raise DomainError(found[0][1])
    shared = content.labels(referral.shared_fields or [])
    disclosure = Disclosure(
        organisation_id=referral.organisation_id,
        created_by=membership.user,
        disclosed_at=when,
        kind=kind,
        person=referral.person,
        case=referral.case,
        referral=referral,
        contact=referral.contact,
        recipient=recipient[:200],
        what=f"{what_prefix} {referral.reference}: " + "; ".join(shared),
        purpose=f"{referral.get_kind_display()} (case {referral.case.reference})",
        lawful_basis_art6=referral.lawful_basis_art6,
        lawful_basis_art9=referral.lawful_basis_art9,
        lawful_basis_sch1=referral.lawful_basis_sch1,
        lawful_basis_art10=referral.lawful_basis_art10,
        consent=referral.consent,
        consent_reason=str(referral.consent_reason or ""),
        disclosed_by=membership.user,
        approved_by=referral.approved_by,
    )
    disclosure.save()
    _audit(
        membership,
        disclosure,
        f"Disclosure logged: {DisclosureKind(kind).label.lower()}",
        request,
        action=AuditAction.CREATE,
    )
    return disclosure


def record_sent(
    membership: Membership,
    referral: Referral,
    *,
    method: str,
    sent_at: datetime | None = None,
    officer: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    """Record that an approved referral was sent, and how. Logs the disclosure."""
    _require_handler(membership)
    if method not in SendMethod.values:
        raise DomainError("Choose how the referral was sent.")
    now = timezone.now()
    sent_at = sent_at or now
    if sent_at > now + timedelta(minutes=5):
        raise DomainError("The referral cannot be sent in the future.")
    with transaction.atomic():
        referral = _lock(membership, referral)
        check_transition(referral, S.SENT)
        _require_open_case(referral)
        if referral.approved_at and sent_at < referral.approved_at - timedelta(minutes=5):
            raise DomainError("A referral cannot be sent before it was approved.")
        referral.status = S.SENT
        referral.sent_at = sent_at
        referral.sent_by = membership.user
        referral.sent_method = method
        referral.save(update_fields=["status", "sent_at", "sent_by", "sent_method", "updated_at"])
        recipient = referral.agency + (f" ({officer.strip()})" if officer.strip() else "")
        _disclose(
            membership,
            referral,
            kind=DisclosureKind.REFERRAL_SENT,
            recipient=recipient,
            when=sent_at,
            what_prefix=f"Referral sent by {SendMethod(method).label.lower()},",
            request=request,
        )
        chronology.add(
            referral.case,
            membership,
            f"Referral {referral.reference} sent to {referral.agency}",
            body=f"By {SendMethod(method).label.lower()}.",
            occurred_at=sent_at,
        )
        _audit(membership, referral, "Referral sent", request)
    return referral


def log_document(
    membership: Membership,
    referral: Referral,
    *,
    file_format: str,
    request: HttpRequest | None = None,
) -> Disclosure:
    """Log the referral document produced for the agency (each download is one entry).

    Only after the lead's approval (``Referral.is_approved``): before it, the document cannot
    be produced at all. A referral withdrawn (closed) before approval never can.
    """
    _require_handler(membership)
    with transaction.atomic():
        referral = _lock(membership, referral)
        if not referral.is_approved:
            raise TransitionNotAllowed(
                "The referral document can be produced only after the lead has approved it."
            )
        return _disclose(
            membership,
            referral,
            kind=DisclosureKind.DOCUMENT,
            recipient=referral.agency,
            when=timezone.now(),
            what_prefix=f"Referral document ({file_format.upper()})",
            request=request,
        )


def record_progress(
    membership: Membership,
    referral: Referral,
    *,
    status: str,
    note: str = "",
    agency_reference: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    """Record the agency's answer or close the referral (``PROGRESS`` statuses).

    Closing a referral that was never sent (withdrawn) needs a note saying why.
    """
    _require_handler(membership)
    if status not in PROGRESS:
        raise DomainError("Choose what happened.")
    with transaction.atomic():
        referral = _lock(membership, referral)
        check_transition(referral, status)
        if status == S.CLOSED and not referral.is_approved and not note.strip():
            raise DomainError("Say why the referral is withdrawn.")
        now = timezone.now()
        referral.status = status
        if agency_reference.strip():
            referral.agency_reference = agency_reference.strip()
        if status == S.ACKNOWLEDGED:
            referral.acknowledged_at = now
        elif status in (S.ADOPTED, S.NOT_ADOPTED):
            referral.outcome_at = now
        elif status == S.CLOSED:
            referral.closed_at = now
        referral.save()
        label = ReferralStatus(status).label
        chronology.add(
            referral.case,
            membership,
            f"Referral {referral.reference}: {label.lower()}",
            body=note.strip()
            + (f"\nAgency reference: {referral.agency_reference}." if agency_reference else ""),
        )
        _audit(membership, referral, f"Referral status: {label.lower()}"[:200], request)
    return referral


# --- follow-ups -----------------------------------------------------------------------------


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
    request: HttpRequest | None = None,
) -> FollowUp:
    """Add something to chase by a date; overdue follow-ups are reminded to their owner."""
    _require_handler(membership)
    if not description.strip():
        raise DomainError("Say what needs following up.")
    with transaction.atomic():
        referral = _lock(membership, referral)
        _check_owner(membership, owner, referral.case)
        if referral.status == S.CLOSED:
            raise TransitionNotAllowed("This referral is closed: it cannot have new follow-ups.")
        follow_up = FollowUp.objects.create(
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
            body=follow_up.description,
        )
        _audit(
            membership, follow_up, "Referral follow-up added", request, action=AuditAction.CREATE
        )
    return follow_up


def complete_follow_up(
    membership: Membership,
    follow_up: FollowUp,
    *,
    outcome: str,
    request: HttpRequest | None = None,
) -> FollowUp:
    _require_handler(membership)
    if not outcome.strip():
        raise DomainError("Say what happened.")
    with transaction.atomic():
        referral = _lock(membership, follow_up.referral)
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
            body=follow_up.outcome,
        )
        _audit(membership, follow_up, "Referral follow-up done", request)
    return follow_up


# --- disclosures recorded by hand ------------------------------------------------------------


@dataclass
class NewDisclosure:
    kind: str
    disclosed_at: datetime
    recipient: str
    what: str
    purpose: str
    lawful_basis_art6: str
    lawful_basis_art9: str
    lawful_basis_sch1: str
    lawful_basis_art10: str
    consent: str
    consent_reason: str = ""
    person: Person | None = None
    case: Case | None = None
    contact: Contact | None = None
    approved_by: User | None = None
    corrects: Disclosure | None = None


def record_disclosure(
    membership: Membership,
    data: NewDisclosure,
    *,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Disclosure:
    """Log a disclosure made outside the referral flow (a phone call recorded after the fact),
    or correct an entry (``data.corrects``) with a new entry that names it.

    The DSL team only. The approver must be the DSL / Prevent lead; a lead recording their
    own share is its approver; an approver named by someone else is shown "as stated by" the
    recorder (``Disclosure.approval_is_stated``). A correction keeps the corrected entry
    unchanged and needs ``reason`` (what was wrong; ``DomainError`` when blank). Only the
    latest version of an entry can be corrected (a corrected entry's correction is corrected
    in turn), so corrections form one line: ``TransitionNotAllowed`` otherwise. A correction
    of a referral sent keeps its kind and its link to the referral. ``DomainError`` for bad content.
    """
    _require_handler(membership)
    original = data.corrects
    if original is None:
        approver = _check_disclosure(membership, data, allow_referral_sent=False)
        with transaction.atomic():
            return _log_disclosure(membership, data, approver, request=request)
    if original.organisation_id != membership.organisation_id:
        raise NotPermitted("That entry is not in your organisation.")
    if not reason.strip():
        raise DomainError("Say what was wrong with the entry.")
    keeps_referral = original.kind == DisclosureKind.REFERRAL_SENT
    approver = _check_disclosure(membership, data, allow_referral_sent=keeps_referral)
    with transaction.atomic():
        locked = Disclosure.objects.select_for_update().get(pk=original.pk)
        if locked.case_id is not None:
            require_openable(membership, locked.case)
        if locked.corrections.exists():
            raise TransitionNotAllowed(
                "This entry has already been corrected: correct its latest correction instead."
            )
        data.corrects = locked
        return _log_disclosure(
            membership,
            data,
            approver,
            referral=locked.referral if keeps_referral else None,
            reason=reason,
            request=request,
        )


def _check_disclosure(
    membership: Membership, data: NewDisclosure, *, allow_referral_sent: bool
) -> User:
    """Validate a log entry; the approver it will name."""
    _require_handler(membership)
    kinds = set(DisclosureKind.values)
    if not allow_referral_sent:
        kinds.discard(DisclosureKind.REFERRAL_SENT)
    if data.kind not in kinds:
        raise DomainError("Choose how the information was shared.")
    for value, message in (
        (data.recipient, "Say who the information was shared with."),
        (data.what, "Say what was shared."),
        (data.purpose, "Say why it was shared."),
    ):
        if not value.strip():
            raise DomainError(message)
    found = lawful.check_basis(
        data.lawful_basis_art6,
        data.lawful_basis_art9,
        data.lawful_basis_sch1,
        data.lawful_basis_art10,
    )
    found += lawful.check_consent(data.consent, data.consent_reason)
    if found:
        raise DomainError(found[0][1])
    now = timezone.now()
    if data.disclosed_at > now + timedelta(minutes=5):
        raise DomainError("A disclosure cannot be in the future.")
    org_id = membership.organisation_id
    if data.case is not None:
        require_openable(membership, data.case)
    for obj in (data.person, data.contact, data.case, data.corrects):
        if obj is not None and obj.organisation_id != org_id:
            raise DomainError("Choose records of your own organisation.")
    approver = data.approved_by
    if approver is None and membership.can(Can.APPROVE_REFERRAL):
        approver = membership.user
    if approver is None:
        raise DomainError("Name the DSL / Prevent lead who approved this share.")
    if (
        not Membership.objects.active()
        .filter(organisation_id=org_id, user=approver, role__in=roles_with(Can.APPROVE_REFERRAL))
        .exists()
    ):
        raise DomainError("The approver must be the DSL / Prevent lead.")
    return approver


def _log_disclosure(
    membership: Membership,
    data: NewDisclosure,
    approver: User,
    *,
    referral: Referral | None = None,
    reason: str = "",
    request: HttpRequest | None,
) -> Disclosure:
    """Write the entry, its chronology line and its audit event (inside the caller's atomic)."""
    disclosure = Disclosure(
        organisation_id=membership.organisation_id,
        created_by=membership.user,
        disclosed_at=data.disclosed_at,
        kind=data.kind,
        person=data.person,
        case=data.case,
        referral=referral,
        contact=data.contact,
        recipient=data.recipient.strip()[:200],
        what=data.what.strip(),
        purpose=data.purpose.strip(),
        lawful_basis_art6=data.lawful_basis_art6,
        lawful_basis_art9=data.lawful_basis_art9,
        lawful_basis_sch1=data.lawful_basis_sch1,
        lawful_basis_art10=data.lawful_basis_art10,
        consent=data.consent,
        consent_reason=data.consent_reason.strip(),
        disclosed_by=membership.user,
        approved_by=approver,
        corrects=data.corrects,
        correction_reason=reason.strip() or None,
    )
    disclosure.save()
    if data.case is not None:
        if data.corrects is not None:
            title = "Information-sharing log entry corrected"
        else:
            title = f"Information shared: {DisclosureKind(data.kind).label.lower()}"
        chronology.add(
            data.case,
            membership,
            title,
            body=f"To {disclosure.recipient}.",
            occurred_at=data.disclosed_at if data.corrects is None else None,
        )
    summary = "Disclosure correction logged" if data.corrects else "Disclosure logged"
    _audit(membership, disclosure, summary, request, action=AuditAction.CREATE)
    return disclosure
