"""Every change to a subject access request: start, extend, redactions, close, export.

The DSL team only (``Can.HANDLE_SUBJECT_ACCESS``; the export also ``EXPORT_SUBJECT_ACCESS``,
which needs step-up). Each change is one transaction with its audit event; a refusal is a
``DomainError`` the page shows, with nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.audit.services import log
from dueregard.core.errors import DomainError, FieldErrors, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, require, roles_with
from dueregard.people.models import Person
from dueregard.sharing import lawful
from dueregard.sharing import services as sharing
from dueregard.sharing.models import Disclosure, DisclosureKind
from dueregard.subjectaccess import audit_codes as codes
from dueregard.subjectaccess import deadlines
from dueregard.subjectaccess.collect import Held, collect
from dueregard.subjectaccess.models import (
    RedactionTerm,
    RequestStatus,
    SubjectAccessRequest,
    TermDecision,
    TermKind,
)

#: The shortest name proposed on its own (shorter ones match too much).
SHORTEST_NAME = 3


def _require_handler(membership: Membership) -> None:
    require(
        membership,
        Can.HANDLE_SUBJECT_ACCESS,
        "Only the DSL or a deputy can handle subject access requests.",
    )


def _require_open(sar: SubjectAccessRequest) -> None:
    if sar.status != RequestStatus.OPEN:
        raise TransitionNotAllowed(
            f"This request is {sar.get_status_display().lower()}: it can no longer be changed."
        )


def _require_not_closed(sar: SubjectAccessRequest) -> None:
    """Redactions stay open to change after a response was sent: it may be sent again
    (records added since), and its new names must be decided first."""
    if sar.status == RequestStatus.CLOSED:
        raise TransitionNotAllowed("This request was closed without a response.")


def _locked(sar: SubjectAccessRequest) -> SubjectAccessRequest:
    locked: SubjectAccessRequest = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    return locked


@dataclass
class NewRequest:
    person: Person
    received_on: date
    identity_checked: bool
    identity_how: str = ""
    staff_user: User | None = None


def start_request(membership: Membership, data: NewRequest) -> SubjectAccessRequest:
    """Record a request received: its deadline is one calendar month after receipt.

    ``FieldErrors`` for a date received in the future, an identity said to be checked
    without saying how, or a staff account of another organisation.
    """
    _require_handler(membership)
    problems: list[tuple[str, str]] = []
    today = timezone.localdate()
    if data.received_on > today:
        problems.append(("received_on", "The date received cannot be in the future."))
    elif data.received_on < deadlines.add_months(today, -12):
        problems.append(("received_on", "Enter a date received within the last year."))
    how = data.identity_how.strip()
    if data.identity_checked and not how:
        problems.append(("identity_how", "Say how their identity was checked."))
    if data.person.organisation_id != membership.organisation_id:
        problems.append(("person", "Choose a person of your own organisation."))
    if (
        data.staff_user is not None
        and not Membership.objects.filter(
            organisation_id=membership.organisation_id, user=data.staff_user
        ).exists()
    ):
        problems.append(("staff_user", "Choose a member of your own organisation."))
    if problems:
        raise FieldErrors(problems)
    with transaction.atomic():
        sar: SubjectAccessRequest = SubjectAccessRequest.objects.create(
            organisation_id=membership.organisation_id,
            created_by=membership.user,
            person=data.person,
            staff_user=data.staff_user,
            received_on=data.received_on,
            due_on=deadlines.due_on(data.received_on),
            identity_checked=data.identity_checked,
            identity_how=how if data.identity_checked else "",
        )
        log(
            membership,
            codes.SAR_STARTED,
            sar,
            context={"due_on": sar.due_on.isoformat(), "staff": sar.staff_user_id is not None},
        )
        _propose(membership, sar, collect(membership, sar))
    return sar


def extend(
    membership: Membership, sar: SubjectAccessRequest, *, extended_to: date, reason: str
) -> None:
    """Move the deadline on, with the reason (complex or many requests: Art 12(3)), to at
    most three calendar months after the request was received."""
    _require_handler(membership)
    reason = reason.strip()
    problems: list[tuple[str, str]] = []
    if not reason:
        problems.append(("reason", "Give the reason for the extension."))
    latest = deadlines.latest_extension(sar.received_on)
    if extended_to < sar.received_on:
        problems.append(
            ("extended_to", "The new deadline cannot be before the date the request was received.")
        )
    elif extended_to <= sar.due_on:
        problems.append(("extended_to", f"The new deadline must be after {sar.due_on:%-d %B %Y}."))
    elif extended_to > latest:
        problems.append(
            (
                "extended_to",
                "An extension can run to three months after the request was received at most: "
                f"{latest:%-d %B %Y}.",
            )
        )
    if problems:
        raise FieldErrors(problems)
    with transaction.atomic():
        locked = _locked(sar)
        _require_open(locked)
        locked.extended_to = extended_to
        locked.extension_reason = reason
        locked.save(update_fields=["extended_to", "extension_reason", "updated_at"])
        log(membership, codes.SAR_EXTENDED, locked, context={"to": extended_to.isoformat()})


def close(membership: Membership, sar: SubjectAccessRequest, *, reason: str) -> None:
    """Close a request without a response (withdrawn, or identity never confirmed)."""
    _require_handler(membership)
    reason = reason.strip()
    if not reason:
        raise FieldErrors.on("reason", "Say why the request is closed without a response.")
    with transaction.atomic():
        locked = _locked(sar)
        _require_open(locked)
        locked.status = RequestStatus.CLOSED
        locked.closed_reason = reason
        locked.save(update_fields=["status", "closed_reason", "updated_at"])
        log(membership, codes.SAR_CLOSED, locked)


def decide(membership: Membership, term: RedactionTerm, decision: str) -> None:
    """Accept a proposed redaction (redact it) or override it (keep the words)."""
    _require_handler(membership)
    if decision not in (TermDecision.ACCEPTED, TermDecision.OVERRIDDEN):
        raise FieldErrors.on("decision", "Choose whether to redact it or keep it.")
    with transaction.atomic():
        _require_not_closed(_locked(term.request))
        locked = RedactionTerm.objects.select_for_update().get(pk=term.pk)
        locked.decision = decision
        locked.decided_by = membership.user
        locked.decided_at = timezone.now()
        locked.save(update_fields=["decision", "decided_by", "decided_at", "updated_at"])
        log(
            membership,
            codes.SAR_REDACTION_DECIDED,
            locked.request,
            context={"term": str(locked.public_id), "kind": locked.kind, "decision": decision},
        )


def add_term(membership: Membership, sar: SubjectAccessRequest, text: str) -> RedactionTerm:
    """Words the DSL team redacts by hand (a name in free text, an address): redacted."""
    _require_handler(membership)
    text = " ".join(text.split())
    if not text:
        raise FieldErrors.on("text", "Enter the words to redact.")
    if len(text) > 200:
        raise FieldErrors.on("text", "Enter at most 200 characters.")
    with transaction.atomic():
        locked = _locked(sar)
        _require_not_closed(locked)
        if any(t.text.casefold() == text.casefold() for t in locked.terms.all()):
            raise FieldErrors.on("text", "Those words are already in the list.")
        term: RedactionTerm = RedactionTerm.objects.create(
            organisation_id=membership.organisation_id,
            created_by=membership.user,
            request=locked,
            text=text,
            kind=TermKind.ADDED,
            decision=TermDecision.ACCEPTED,
            decided_by=membership.user,
            decided_at=timezone.now(),
        )
        log(membership, codes.SAR_TERM_ADDED, locked, context={"term": str(term.public_id)})
    return term


def find_names(membership: Membership, sar: SubjectAccessRequest) -> int:
    """Look again for other people's names in what is held (records added since): each new
    one is proposed for redaction. Returns how many were new."""
    _require_handler(membership)
    held = collect(membership, sar)
    with transaction.atomic():
        locked = _locked(sar)
        _require_not_closed(locked)
        return _propose(membership, locked, held)


def proposals(sar: SubjectAccessRequest, held: Held) -> list[tuple[str, str]]:
    """(kind, words) for each name to propose: the other people the records reach and
    name, people outside the directory they name (a carer), and the staff named in them
    or in the access log (not the DSL, whose name is in the response as its author, nor
    the person's own account)."""
    person = sar.person
    own = {w.casefold() for w in (person.given_name, person.family_name, person.full_name)}
    found: list[tuple[str, str]] = []
    for other in sorted(held.other_people.values(), key=lambda p: (p.family_name, p.given_name)):
        for words in (other.full_name, other.family_name, other.given_name):
            found.append((TermKind.OTHER_PERSON, words))
    for words in held.unlisted_names:
        found.append((TermKind.OTHER_PERSON, words))
    leads = set(
        Membership.objects.filter(
            organisation_id=sar.organisation_id, role__in=roles_with(Can.LEAD_PREVENT_DUTY)
        ).values_list("user_id", flat=True)
    )
    for user in sorted(held.staff.values(), key=lambda u: u.full_name):
        if user.pk not in leads and user.pk != sar.staff_user_id and user.full_name:
            found.append((TermKind.STAFF, user.full_name))
    kept: list[tuple[str, str]] = []
    seen: set[str] = set()
    for kind, words in found:
        words = " ".join(words.split())
        key = words.casefold()
        if len(words) < SHORTEST_NAME or key in own or key in seen:
            continue
        seen.add(key)
        kept.append((kind, words))
    return kept


def _propose(membership: Membership, sar: SubjectAccessRequest, held: Held) -> int:
    known = {t.text.casefold() for t in sar.terms.all()}
    added = 0
    for kind, words in proposals(sar, held):
        if words.casefold() in known:
            continue
        RedactionTerm.objects.create(
            organisation_id=sar.organisation_id,
            created_by=membership.user,
            request=sar,
            text=words,
            kind=kind,
        )
        known.add(words.casefold())
        added += 1
    log(membership, codes.SAR_NAMES_FOUND, sar, context={"new": added})
    return added


def record_export(
    membership: Membership, sar: SubjectAccessRequest, *, records: int, files: int
) -> Disclosure:
    """Log the response as a disclosure to the person (UK GDPR Art 15, a legal obligation)
    and mark the request answered. Inside the export's transaction."""
    require(membership, Can.EXPORT_SUBJECT_ACCESS)
    locked = _locked(sar)
    if locked.status == RequestStatus.CLOSED:
        raise TransitionNotAllowed("This request was closed without a response.")
    now = timezone.now()
    disclosure = sharing.append(
        membership,
        Disclosure(
            organisation_id=membership.organisation_id,
            created_by=membership.user,
            disclosed_at=now,
            kind=DisclosureKind.SAR,
            person=locked.person,
            recipient="The person themselves (subject access request)",
            what=(
                f"A copy of the personal data held about them: {records} records and "
                f"{files} files, with the record of who has seen it."
            ),
            purpose="Their right of access under UK GDPR Article 15.",
            lawful_basis_art6=lawful.Article6.LEGAL_OBLIGATION,
            lawful_basis_art9=lawful.Article9.NONE,
            lawful_basis_sch1=lawful.Schedule1.NONE,
            lawful_basis_art10=lawful.Article10.NONE,
            consent=lawful.Consent.NOT_SOUGHT,
            consent_reason="The person asked for their own data.",
            disclosed_by=membership.user,
            approved_by=membership.user if membership.can(Can.APPROVE_REFERRAL) else None,
        ),
    )
    if locked.status == RequestStatus.OPEN:
        locked.status = RequestStatus.SENT
        locked.sent_at = now
        locked.save(update_fields=["status", "sent_at", "updated_at"])
    log(
        membership,
        codes.SAR_EXPORTED,
        locked,
        context={"format": "zip", "records": records, "files": files},
    )
    return disclosure


def check_ready(sar: SubjectAccessRequest, held: Held) -> None:
    """Why the response cannot be exported yet (``DomainError``), if it cannot."""
    if sar.status == RequestStatus.CLOSED:
        raise TransitionNotAllowed("This request was closed without a response.")
    if held.blocked:
        raise DomainError(
            f"{held.blocked} records about this person are on restricted cases you are not "
            "named on: a DSL named on those cases must export the response."
        )
    if sar.terms.filter(decision=TermDecision.PROPOSED).exists():
        raise DomainError("Decide each proposed redaction first: redact it or keep it.")
