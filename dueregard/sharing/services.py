"""Every entry of the information-sharing log: disclosures recorded by hand, corrections.

Referrals write their own entries when they leave the organisation (``append``, called by
``referrals.sending``); a disclosure made outside a referral (a phone call, a meeting) is
recorded afterwards with ``record_disclosure``. The log is append-only: a correction is a
new entry that names the one it corrects. Each entry writes an audit event (the kind and the
linked records' ids, never what was shared) and, when it is about a case, a chronology line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.audit.services import log
from dueregard.cases import chronology
from dueregard.cases.access import require_openable
from dueregard.cases.models import Case, ChronologyKind
from dueregard.contacts.models import Contact
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, require, roles_with
from dueregard.people.models import Person
from dueregard.sharing import lawful
from dueregard.sharing.audit_codes import DISCLOSURE_CORRECTED, DISCLOSURE_LOGGED
from dueregard.sharing.models import Disclosure, DisclosureKind


def _require_handler(membership: Membership) -> None:
    require(membership, Can.PREPARE_REFERRAL, "Only the DSL or a deputy can prepare a referral.")


def append(membership: Membership, disclosure: Disclosure) -> Disclosure:
    """Write a new entry and its audit event (inside the caller's transaction).

    The DSL team only, in their own organisation, on a case they may open (``NotPermitted``
    otherwise). The caller has checked the content (a referral leaving the organisation
    checks its approval and lawful basis; ``record_disclosure`` what is recorded by hand).
    """
    _require_handler(membership)
    if disclosure.organisation_id != membership.organisation_id:
        raise NotPermitted("That entry is not in your organisation.")
    if disclosure.case is not None:
        require_openable(membership, disclosure.case)
    disclosure.save()
    log(
        membership,
        DISCLOSURE_CORRECTED if disclosure.corrects_id else DISCLOSURE_LOGGED,
        disclosure,
        context={
            "kind": disclosure.kind,
            "case": str(disclosure.case.public_id) if disclosure.case else None,
            "referral": str(disclosure.referral.public_id) if disclosure.referral else None,
            "corrects": str(disclosure.corrects.public_id) if disclosure.corrects else None,
        },
    )
    return disclosure


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
            return _log_disclosure(membership, data, approver)
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
            referral_id=locked.referral_id if keeps_referral else None,
            reason=reason,
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
    referral_id: int | None = None,
    reason: str = "",
) -> Disclosure:
    """Write the entry, its chronology line and its audit event (inside the caller's atomic)."""
    disclosure = Disclosure(
        organisation_id=membership.organisation_id,
        created_by=membership.user,
        disclosed_at=data.disclosed_at,
        kind=data.kind,
        person=data.person,
        case=data.case,
        referral_id=referral_id,
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
    append(membership, disclosure)
    if data.case is not None:
        if data.corrects is not None:
            title = "Information-sharing log entry corrected"
        else:
            title = f"Information shared: {DisclosureKind(data.kind).label.lower()}"
        chronology.add(
            data.case,
            membership,
            title,
            kind=ChronologyKind.SHARING,
            body=f"To {disclosure.recipient}.",
            occurred_at=data.disclosed_at if data.corrects is None else None,
        )
    return disclosure
