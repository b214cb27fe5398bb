"""Every change to a referral, from the draft to its outcome.

The path: prepared as a draft (DSL or deputy) -> submitted -> approved by the DSL / Prevent
lead, or sent back with a reason -> sent (a disclosure) -> acknowledged -> adopted or not
-> support in progress -> closed. ``ALLOWED_FROM`` says which statuses each change may start
from; anything else raises ``TransitionNotAllowed`` and writes nothing. Each change runs in
one transaction with the referral row locked, and writes a chronology entry on the case and
an audit event (summaries name what happened, never to whom).

Nothing leaves the organisation before approval: the document can be produced, and the
referral recorded as sent, only from an approved status (``referrals.sending``; each is one
entry in the information-sharing log, ``sharing.Disclosure``). Follow-ups are in
``referrals.follow_ups``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from dueregard.audit.services import log
from dueregard.cases import chronology
from dueregard.cases.access import require_openable
from dueregard.cases.models import OPEN_STATUSES, Case, ChronologyKind, PartyRole
from dueregard.contacts.models import Contact
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, require
from dueregard.organisations.services import next_reference
from dueregard.people.models import Person
from dueregard.referrals import audit_codes as codes
from dueregard.referrals import content
from dueregard.referrals.models import Referral, ReferralKind, ReferralStatus, contact_fits
from dueregard.sharing import lawful

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


def require_handler(membership: Membership) -> None:
    require(membership, Can.PREPARE_REFERRAL, "Only the DSL or a deputy can prepare a referral.")


def _require_lead(membership: Membership) -> None:
    require(membership, Can.APPROVE_REFERRAL, "Only the DSL / Prevent lead can approve a referral.")


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


def lock(membership: Membership, referral: Referral) -> Referral:
    """The referral, locked for a change, with its case; its case must be openable."""
    if referral.organisation_id != membership.organisation_id:
        raise NotPermitted("That referral is not in your organisation.")
    locked: Referral = (
        Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    )
    require_openable(membership, locked.case)
    return locked


def _moved(before: str, referral: Referral) -> dict[str, str]:
    """An audit context: the status a change started from and the one it reached."""
    return {"from_status": str(before), "to_status": str(referral.status)}


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


def record_referral(membership: Membership, case: Case, data: NewReferral) -> Referral:
    """Prepare a referral on an open case (a draft, or submitted when ``data.submit``).

    Case handlers only. The caller holds the case lock (``cases.services.record_decision``
    does).
    """
    require_handler(membership)
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
        kind=ChronologyKind.REFERRAL,
        body=f"To {referral.agency}. Now {state}.",
    )
    log(
        membership,
        codes.REFERRAL_PREPARED,
        referral,
        context={"kind": referral.kind, "status": referral.status, "case": str(case.public_id)},
    )
    return referral


def prepare_referral(membership: Membership, case: Case, data: NewReferral) -> Referral:
    """Start a referral on an open case outside a decision (e.g. a second agency)."""
    require_handler(membership)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        return record_referral(membership, locked, data)


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
) -> Referral:
    """Change a draft referral's content, agency, lawful basis and consent position."""
    require_handler(membership)
    if changes.kind not in ReferralKind.values:
        raise DomainError("Choose the kind of referral.")
    _check_contact(membership, changes.contact, changes.kind)
    agency = (changes.agency or (changes.contact.label if changes.contact else "")).strip()
    if not agency:
        raise DomainError("Choose the agency the referral goes to.")
    with transaction.atomic():
        referral = lock(membership, referral)
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
        chronology.add(
            referral.case,
            membership,
            f"Referral {referral.reference} draft updated",
            kind=ChronologyKind.REFERRAL,
        )
        log(membership, codes.REFERRAL_DRAFT_UPDATED, referral, context={"kind": referral.kind})
    return referral


def submit_for_approval(membership: Membership, referral: Referral) -> Referral:
    """Send a complete draft to the lead for approval."""
    require_handler(membership)
    with transaction.atomic():
        referral = lock(membership, referral)
        check_transition(referral, S.AWAITING_APPROVAL)
        require_open_case(referral)
        found = problems(referral)
        if found:
            raise DomainError(found[0][1])
        referral.status = S.AWAITING_APPROVAL
        referral.submitted_at = timezone.now()
        referral.submitted_by = membership.user
        referral.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        chronology.add(
            referral.case,
            membership,
            f"Referral {referral.reference} submitted for approval",
            kind=ChronologyKind.REFERRAL,
        )
        log(membership, codes.REFERRAL_SUBMITTED, referral, context=_moved(S.DRAFT, referral))
    return referral


def require_open_case(referral: Referral) -> None:
    if referral.case.status not in OPEN_STATUSES:
        raise TransitionNotAllowed("Reopen the case before changing its referral.")


# --- the lead's decision ------------------------------------------------------------------


def approve_referral(
    membership: Membership,
    referral: Referral,
    *,
    agency_reference: str = "",
) -> Referral:
    """Approve a referral awaiting approval. The DSL / Prevent lead only."""
    _require_lead(membership)
    with transaction.atomic():
        referral = lock(membership, referral)
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
            kind=ChronologyKind.REFERRAL,
            body=f"Reference {referral.reference}. Agency reference: "
            f"{referral.agency_reference or 'not yet given'}.",
        )
        log(
            membership,
            codes.REFERRAL_APPROVED,
            referral,
            context=_moved(S.AWAITING_APPROVAL, referral),
        )
    return referral


def send_back(membership: Membership, referral: Referral, *, reason: str) -> Referral:
    """Return a referral awaiting approval to its preparer as a draft, with the reason."""
    _require_lead(membership)
    if not reason.strip():
        raise DomainError("Say why the referral is sent back.")
    with transaction.atomic():
        referral = lock(membership, referral)
        check_transition(referral, S.DRAFT)
        referral.status = S.DRAFT
        referral.save(update_fields=["status", "updated_at"])
        chronology.add(
            referral.case,
            membership,
            f"Referral {referral.reference} sent back to be changed",
            kind=ChronologyKind.REFERRAL,
            body=reason.strip(),
        )
        log(
            membership,
            codes.REFERRAL_SENT_BACK,
            referral,
            context=_moved(S.AWAITING_APPROVAL, referral),
            reason="Sent back by the lead",
        )
    return referral


def record_progress(
    membership: Membership,
    referral: Referral,
    *,
    status: str,
    note: str = "",
    agency_reference: str = "",
) -> Referral:
    """Record the agency's answer or close the referral (``PROGRESS`` statuses).

    Closing a referral that was never sent (withdrawn) needs a note saying why.
    """
    require_handler(membership)
    if status not in PROGRESS:
        raise DomainError("Choose what happened.")
    with transaction.atomic():
        referral = lock(membership, referral)
        check_transition(referral, status)
        before = referral.status
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
            kind=ChronologyKind.REFERRAL,
            body=note.strip()
            + (f"\nAgency reference: {referral.agency_reference}." if agency_reference else ""),
        )
        log(membership, codes.REFERRAL_PROGRESSED, referral, context=_moved(before, referral))
    return referral
