"""Every change to the people directory: add, change, archive, and import from CSV.

Each function checks that the membership may manage people (``NotPermitted`` if not),
keeps the person and their site inside the membership's organisation, runs in one
transaction and writes the audit event. Views, the ``import_people`` command and any
future API call these; none of them writes ``Person`` rows directly.

Audit events (``people/audit_codes.py``) say what happened, never to whom: their context
holds kinds, field names and counts, no names, references or dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.audit.services import log
from dueregard.core.errors import FieldErrors, NotPermitted, TransitionNotAllowed
from dueregard.organisations.models import Membership, Site
from dueregard.organisations.permissions import Can
from dueregard.people.audit_codes import (
    PEOPLE_IMPORTED,
    PERSON_ADDED,
    PERSON_ARCHIVED,
    PERSON_CHANGED,
)
from dueregard.people.checks import date_of_birth_problem, name_problem, reference_problem
from dueregard.people.csv_import import ImportProblem, ImportResult, check_people_csv
from dueregard.people.models import Person, PersonKind

# By hand, only people not archived may be changed, and archiving is one-way. An MIS sync
# is the one way back: a person the MIS lists as current again returns (people/sync.py).
ALLOWED_FROM_ARCHIVED: dict[str, frozenset[bool]] = {
    "change": frozenset({False}),
    "archive": frozenset({False}),
}


class PersonDetailsError(FieldErrors):
    """The details of a person are not valid (each problem on its field)."""


@dataclass(frozen=True)
class PersonDetails:
    """What identifies a person, already tidied (names and reference stripped)."""

    kind: str
    given_name: str
    family_name: str
    date_of_birth: date | None = None
    reference: str = ""
    site: Site | None = None

    @classmethod
    def tidy(
        cls,
        *,
        kind: str,
        given_name: str,
        family_name: str,
        date_of_birth: date | None = None,
        reference: str = "",
        site: Site | None = None,
    ) -> PersonDetails:
        return cls(
            kind=kind,
            given_name=given_name.strip(),
            family_name=family_name.strip(),
            date_of_birth=date_of_birth,
            reference=reference.strip(),
            site=site,
        )


# --- Checks ----------------------------------------------------------------------------


def require_manager(membership: Membership) -> None:
    """Raise ``NotPermitted`` unless the membership's role manages the people directory."""
    if not membership.can(Can.MANAGE_PEOPLE):
        raise NotPermitted(_("Your role cannot change the people directory."))


def _reference_taken(membership: Membership, reference: str, *, exclude_pk: int | None) -> bool:
    # Archived people keep their reference: the database constraint counts them too.
    others = Person.objects.filter(organisation_id=membership.organisation_id, reference=reference)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


def _check_details(
    membership: Membership, details: PersonDetails, *, exclude_pk: int | None = None
) -> None:
    """Raise ``PersonDetailsError`` listing every problem with ``details``."""
    problems: list[tuple[str, str]] = []
    if details.kind not in PersonKind.values:
        problems.append(("kind", _("Choose what kind of person this is.")))
    for name, label in (("given_name", _("given name")), ("family_name", _("family name"))):
        message = name_problem(getattr(details, name), label)
        if message:
            problems.append((name, message))
    message = date_of_birth_problem(details.date_of_birth)
    if message:
        problems.append(("date_of_birth", message))
    message = reference_problem(details.reference)
    if message:
        problems.append(("reference", message))
    elif details.reference and _reference_taken(
        membership, details.reference, exclude_pk=exclude_pk
    ):
        problems.append(
            ("reference", _("Another person in the directory already has this reference."))
        )
    if details.site is not None and details.site.organisation_id != membership.organisation_id:
        problems.append(("site", _("Choose one of your organisation's sites.")))
    if problems:
        raise PersonDetailsError(problems)


def _reference_clash() -> PersonDetailsError:
    return PersonDetailsError(
        [("reference", _("Another person in the directory already has this reference."))]
    )


# --- Add, change, archive --------------------------------------------------------------


def create_person(
    membership: Membership,
    *,
    kind: str,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
    reference: str = "",
    site: Site | None = None,
) -> Person:
    """Add a person to the membership's organisation.

    DSL, deputy DSL and administrator only (``NotPermitted`` otherwise). Raises
    ``PersonDetailsError`` for missing names, an unknown kind, a future date of birth, a
    reference another person already has, or another organisation's site.
    """
    require_manager(membership)
    details = PersonDetails.tidy(
        kind=kind,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        reference=reference,
        site=site,
    )
    _check_details(membership, details)
    with transaction.atomic():
        person = Person(
            organisation=membership.organisation,
            created_by=membership.user,
            kind=details.kind,
            given_name=details.given_name,
            family_name=details.family_name,
            date_of_birth=details.date_of_birth,
            reference=details.reference,
            site=details.site,
        )
        try:
            # A savepoint, so a reference taken since the check leaves the transaction usable.
            with transaction.atomic():
                person.save()
        except IntegrityError as exc:
            raise _reference_clash() from exc
        log(membership, PERSON_ADDED, person, context={"kind": details.kind})
    return person


def _locked(membership: Membership, person: Person, change: str) -> Person:
    """The person's row, locked for this transaction, after the organisation and state check."""
    if person.organisation_id != membership.organisation_id:
        raise NotPermitted(_("This person is not in your organisation's directory."))
    locked: Person = Person.objects.select_for_update().get(pk=person.pk)
    if locked.is_archived not in ALLOWED_FROM_ARCHIVED[change]:
        raise TransitionNotAllowed(_("This person is archived: their details cannot change."))
    return locked


def update_person(
    membership: Membership,
    person: Person,
    *,
    kind: str,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
    reference: str = "",
    site: Site | None = None,
) -> Person:
    """Change a person's details; returns the saved person.

    Same permission and checks as ``create_person``; an archived person cannot be changed
    (``TransitionNotAllowed``). The audit event lists which fields changed, not their values;
    nothing is written when nothing changed.
    """
    require_manager(membership)
    details = PersonDetails.tidy(
        kind=kind,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        reference=reference,
        site=site,
    )
    with transaction.atomic():
        locked = _locked(membership, person, "change")
        _check_details(membership, details, exclude_pk=locked.pk)
        changed = [
            name
            for name in ("kind", "given_name", "family_name", "date_of_birth", "reference")
            if getattr(locked, name) != getattr(details, name)
        ]
        if locked.site_id != (details.site.pk if details.site else None):
            changed.append("site")
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, getattr(details, name))
        try:
            with transaction.atomic():
                locked.save(update_fields=[*changed, "updated_at"])
        except IntegrityError as exc:
            raise _reference_clash() from exc
        # Which fields changed, never their values.
        log(membership, PERSON_CHANGED, locked, context={"fields": ",".join(changed)})
    return locked


def archive_person(membership: Membership, person: Person) -> Person:
    """Record that a person has left, today: out of the directory list and pickers, their
    records still linked (``Person``'s docstring says what leaving is).

    Same permission as ``create_person``; only a person not yet archived can be archived
    (``TransitionNotAllowed``).
    """
    require_manager(membership)
    with transaction.atomic():
        locked = _locked(membership, person, "archive")
        locked.is_archived = True
        locked.left_on = timezone.localdate()
        locked.save(update_fields=["is_archived", "left_on", "updated_at"])
        log(membership, PERSON_ARCHIVED, locked)
    return locked


# --- CSV import ------------------------------------------------------------------------


def import_people_csv(membership: Membership, text: str | bytes) -> ImportResult:
    """Add everyone in a CSV file to the directory, or no one.

    The file (UTF-8, header row first) has the columns ``kind, given_name, family_name``
    and optionally ``date_of_birth`` (YYYY-MM-DD or DD/MM/YYYY, not in the future),
    ``reference`` (unique in the organisation and in the file) and ``site`` (the name of one
    of the organisation's sites); at most ``csv_import.MAX_IMPORT_ROWS`` people. ``text`` may
    be the uploaded bytes: they must be UTF-8 (a byte-order mark is fine). Every row is checked
    first: if anything is wrong the result lists every problem by line and column and
    nothing is added. Otherwise all people are added in one transaction with one audit event.
    Raises ``NotPermitted`` for roles that may not manage people.
    """
    require_manager(membership)
    people, problems = check_people_csv(membership, text)
    if problems:
        return ImportResult(problems=tuple(problems))
    try:
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=500)
            log(
                membership,
                PEOPLE_IMPORTED,
                object_type="person_import",
                context={"count": len(people)},
            )
    except IntegrityError:
        return ImportResult(
            problems=(
                ImportProblem(
                    1,
                    "reference",
                    _(
                        "While the file was being checked, someone else added a person with one "
                        "of its references. Nothing was imported: upload the file again."
                    ),
                ),
            )
        )
    return ImportResult(created=len(people))
