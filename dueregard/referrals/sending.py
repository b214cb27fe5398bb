"""A referral leaving the organisation: sent to the agency, or its document produced.

Only once the lead has approved it (``Referral.is_approved``). Each is one entry in the
information-sharing log (``sharing.services.append``), naming the lead who approved the
referral and the referral's lawful basis.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from dueregard.audit.services import log
from dueregard.cases import chronology
from dueregard.cases.models import ChronologyKind
from dueregard.core.errors import DomainError, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.referrals import audit_codes as codes
from dueregard.referrals import content
from dueregard.referrals.models import Referral, ReferralStatus, SendMethod
from dueregard.referrals.services import check_transition, lock, require_handler, require_open_case
from dueregard.sharing import lawful
from dueregard.sharing.models import Disclosure, DisclosureKind
from dueregard.sharing.services import append

S = ReferralStatus


def _disclose(
    membership: Membership,
    referral: Referral,
    *,
    kind: str,
    recipient: str,
    when: datetime,
    what_prefix: str,
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
    return append(membership, disclosure)


def record_sent(
    membership: Membership,
    referral: Referral,
    *,
    method: str,
    sent_at: datetime | None = None,
    officer: str = "",
) -> Referral:
    """Record that an approved referral was sent, and how. Logs the disclosure."""
    require_handler(membership)
    if method not in SendMethod.values:
        raise DomainError("Choose how the referral was sent.")
    now = timezone.now()
    sent_at = sent_at or now
    if sent_at > now + timedelta(minutes=5):
        raise DomainError("The referral cannot be sent in the future.")
    with transaction.atomic():
        referral = lock(membership, referral)
        check_transition(referral, S.SENT)
        before = referral.status
        require_open_case(referral)
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
        )
        chronology.add(
            referral.case,
            membership,
            f"Referral {referral.reference} sent to {referral.agency}",
            kind=ChronologyKind.REFERRAL,
            body=f"By {SendMethod(method).label.lower()}.",
            occurred_at=sent_at,
        )
        log(
            membership,
            codes.REFERRAL_SENT,
            referral,
            context={"from_status": before, "to_status": referral.status, "method": method},
        )
    return referral


def log_document(
    membership: Membership,
    referral: Referral,
    *,
    file_format: str,
) -> Disclosure:
    """Log the referral document produced for the agency (each download is one entry).

    Only after the lead's approval (``Referral.is_approved``): before it, the document cannot
    be produced at all. A referral withdrawn (closed) before approval never can.
    """
    require_handler(membership)
    with transaction.atomic():
        referral = lock(membership, referral)
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
        )
