"""Keeping the people directory in step with the organisation's MIS.

``sync_people`` is the one way rows from an MIS reach the directory: ``manage.py
sync_people`` (CSV or JSON files) and the API call it with the same row shape
(``docs/people-sync.md``). Each row is one person, matched by ``reference``, the MIS's own
id for them (``Person.reference``, unique in the organisation):

``reference`` (required), ``kind``, ``given_name``, ``family_name`` (required),
``date_of_birth`` (YYYY-MM-DD or DD/MM/YYYY), ``site`` (a site's name), ``left`` (true or
false) and ``left_on`` (the date they left; implies ``left``).

A reference the directory does not have yet adds a person; one it has updates them when
anything differs; a row marked left archives them with that date (``Person`` says what
leaving is). Nobody is deleted. Every row is checked first (``people/rows.py``, the same
checks as the CSV import and the forms): if any row is bad, nothing changes and the report
lists every problem.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.audit.services import log
from dueregard.organisations.models import Membership
from dueregard.people.audit_codes import PEOPLE_SYNCED
from dueregard.people.csv_import import read_csv
from dueregard.people.models import Person
from dueregard.people.rows import CheckedPerson, PersonRowChecker
from dueregard.people.services import require_manager

#: Where rows may come from, as the audit event records it.
SOURCES = ("csv", "json", "api")
#: The fields a row may have; anything else is a problem (most likely a misspelt name).
SYNC_FIELDS = (
    "reference",
    "kind",
    "given_name",
    "family_name",
    "date_of_birth",
    "site",
    "left",
    "left_on",
)
#: The columns a CSV file's header must name (a JSON row missing one is told what to write).
REQUIRED_SYNC_FIELDS = ("reference", "kind", "given_name", "family_name")
MAX_SYNC_ROWS = 20_000
#: The details a sync compares and writes (``site`` by its id).
_DETAILS = ("kind", "given_name", "family_name", "date_of_birth", "site")
# Above this many references, reading every referenced person of the organisation in one
# query is cheaper than a long IN list (and stays under every database's parameter limit).
_READ_ALL_ABOVE = 500


@dataclass(frozen=True)
class SyncProblem:
    """One problem of one row: its ``index`` in the list (from 0) and, for a file, its line."""

    index: int
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else f"row {self.index}"
        if self.field:
            return f"{where}, field {self.field}: {self.message}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class SyncReport:
    """What a sync did, or every problem (and then it did nothing).

    ``skipped_left``: rows for people who had already left and are not in the directory;
    they are not added (nothing needs to be kept about them).
    """

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    marked_left: int = 0
    skipped_left: int = 0
    problems: tuple[SyncProblem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_rows(
    membership: Membership,
    rows: Sequence[Mapping[str, object]],
    *,
    lines: Sequence[int] | None = None,
    today: date | None = None,
) -> tuple[list[CheckedPerson], list[SyncProblem]]:
    """Check every row; return the checked people (in order) and every problem. No writes."""
    today = today or timezone.localdate()

    def problem(index: int, name: str, message: str) -> SyncProblem:
        return SyncProblem(index, name, message, lines[index] if lines is not None else None)

    if not rows:
        return [], [SyncProblem(0, "", _("There are no rows to sync."))]
    if len(rows) > MAX_SYNC_ROWS:
        return [], [
            problem(
                MAX_SYNC_ROWS,
                "",
                _("Sync at most %(max)s people at a time.") % {"max": f"{MAX_SYNC_ROWS:,}"},
            )
        ]
    checker = PersonRowChecker(
        membership.organisation_id,
        reference_required=True,
        today=today,
        by_line=lines is not None,
    )
    problems: list[SyncProblem] = []
    people: list[CheckedPerson] = []
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            problems.append(problem(index, "", _("Each row must be an object of fields.")))
            continue
        for name in row:
            if name not in SYNC_FIELDS:
                problems.append(
                    problem(
                        index,
                        str(name),
                        _("Unknown field. The fields are: %(fields)s.")
                        % {"fields": ", ".join(SYNC_FIELDS)},
                    )
                )
        position = lines[index] if lines is not None else index
        checked = checker.check(position, row)
        if checked is not None:
            people.append(checked)
    # The checker counts by line or index; turn its problems back into rows.
    index_of = None if lines is None else {line: index for index, line in enumerate(lines)}
    for found in checker.problems:
        index = index_of[found.position] if index_of is not None else found.position
        problems.append(problem(index, found.field, found.message))
    problems.sort(key=lambda p: p.index)
    return people, problems


def read_file(
    data: bytes, file_format: str
) -> tuple[list[Mapping[str, object]], list[int] | None, list[SyncProblem]]:
    """The rows of a sync file, each row's line (CSV only) and the file's problems.

    ``csv``: UTF-8, a header row naming ``SYNC_FIELDS`` columns (``REQUIRED_SYNC_FIELDS``
    at least), as for the CSV import. ``json``: a list of objects with those fields. No row
    is checked here: ``sync_people`` does that.
    """
    if file_format == "csv":
        found, shape = read_csv(
            data, columns=SYNC_FIELDS, required=REQUIRED_SYNC_FIELDS, max_rows=MAX_SYNC_ROWS
        )
        problems = [SyncProblem(0, p.column, p.message, p.line) for p in shape]
        return [values for _line, values in found], [line for line, _values in found], problems
    if file_format != "json":
        raise ValueError(f"Unknown sync file format {file_format!r}")
    try:
        rows = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return [], None, [SyncProblem(0, "", _("The file is not saved as UTF-8 text."))]
    except json.JSONDecodeError as exc:
        message = _("The file is not valid JSON (line %(line)d, column %(column)d).") % {
            "line": exc.lineno,
            "column": exc.colno,
        }
        return [], None, [SyncProblem(0, "", message)]
    if not isinstance(rows, list):
        return [], None, [SyncProblem(0, "", _("The file must hold a list of people: [{...}]."))]
    return rows, None, []


def _existing(membership: Membership, references: list[str], everyone: bool) -> dict[str, Person]:
    """The organisation's people by reference, locked for this transaction: one query."""
    people = Person.objects.select_for_update().filter(organisation_id=membership.organisation_id)
    if everyone or len(references) > _READ_ALL_ABOVE:
        people = people.exclude(reference="")
    else:
        people = people.filter(reference__in=references)
    return {person.reference: person for person in people}


def _changed_details(person: Person, checked: CheckedPerson) -> list[str]:
    changed = [
        name
        for name in ("kind", "given_name", "family_name", "date_of_birth")
        if getattr(person, name) != getattr(checked, name)
    ]
    if person.site_id != (checked.site.pk if checked.site else None):
        changed.append("site")
    return changed


def sync_people(
    membership: Membership,
    rows: Sequence[Mapping[str, object]],
    *,
    source: str,
    mark_missing_left: bool = False,
    lines: Sequence[int] | None = None,
) -> SyncReport:
    """Bring the membership's organisation's directory in step with ``rows`` (all or nothing).

    Who may: the roles that manage people, as for the CSV import (``NotPermitted``
    otherwise). ``source`` is one of ``SOURCES``; ``lines`` gives each row's line in a file,
    so problems name lines (else indexes). A row matches only a person of this organisation
    with the same reference. For a person in the directory:

    * current, row not left: their details are updated when any differs (``updated``), else
      ``unchanged``;
    * current, row left: archived with the row's date (``marked_left``; details updated too);
    * already left, row left: ``unchanged`` (the date they left stays as recorded);
    * already left, row not left: they have come back: current again, details updated
      (``updated``; the audit event counts them as ``returned``).

    A row for a new reference adds a person (``created``), unless it is marked left
    (``skipped_left``). With ``mark_missing_left``, every current person with a reference
    that no row names is archived today (``marked_left``); people without a reference are
    never touched. A few queries whatever the number of rows; one ``people.synced`` audit
    event with the counts (never names), written even when nothing changed.
    """
    if source not in SOURCES:
        raise ValueError(f"Unknown sync source {source!r}")
    require_manager(membership)
    today = timezone.localdate()
    checked_people, problems = check_rows(membership, rows, lines=lines, today=today)
    if problems:
        return SyncReport(problems=tuple(problems))
    now = timezone.now()
    counts = {"created": 0, "updated": 0, "unchanged": 0, "marked_left": 0, "skipped_left": 0}
    returned = 0
    new: list[Person] = []
    changed: dict[int, Person] = {}
    changed_fields: set[str] = set()
    try:
        with transaction.atomic():
            existing = _existing(
                membership, [c.reference for c in checked_people], everyone=mark_missing_left
            )
            for checked in checked_people:
                person = existing.get(checked.reference)
                if person is None:
                    if checked.left_on is not None:
                        counts["skipped_left"] += 1
                        continue
                    new.append(_new_person(membership, checked, now))
                    counts["created"] += 1
                    continue
                outcome, fields = _apply(person, checked)
                if outcome == "returned":
                    returned += 1
                    outcome = "updated"
                counts[outcome] += 1
                if fields:
                    changed[person.pk] = person
                    changed_fields.update(fields)
            if mark_missing_left:
                named = {c.reference for c in checked_people}
                for reference, person in existing.items():
                    if reference not in named and not person.is_archived:
                        person.is_archived, person.left_on = True, today
                        changed[person.pk] = person
                        changed_fields.update(("is_archived", "left_on"))
                        counts["marked_left"] += 1
            Person.objects.bulk_create(new, batch_size=500)
            if changed:
                for person in changed.values():
                    person.updated_at = now
                Person.objects.bulk_update(
                    list(changed.values()), [*sorted(changed_fields), "updated_at"], batch_size=500
                )
            log(
                membership,
                PEOPLE_SYNCED,
                object_type="person_sync",
                context={"source": source, **counts, "returned": returned},
            )
    except IntegrityError:
        return SyncReport(
            problems=(
                SyncProblem(
                    0,
                    "reference",
                    _(
                        "While the rows were being checked, someone else added a person with one "
                        "of their references. Nothing was changed: sync again."
                    ),
                ),
            )
        )
    return SyncReport(
        created=counts["created"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        marked_left=counts["marked_left"],
        skipped_left=counts["skipped_left"],
    )


def _new_person(membership: Membership, checked: CheckedPerson, now: datetime) -> Person:
    return Person(
        organisation=membership.organisation,
        created_by=membership.user,
        created_at=now,
        updated_at=now,
        kind=checked.kind,
        given_name=checked.given_name,
        family_name=checked.family_name,
        date_of_birth=checked.date_of_birth,
        reference=checked.reference,
        site=checked.site,
    )


def _apply(person: Person, checked: CheckedPerson) -> tuple[str, list[str]]:
    """Change ``person`` (unsaved) to match the row; return the outcome and fields changed."""
    if person.is_archived:
        if checked.left_on is not None:
            return "unchanged", []
        # The MIS lists them as current again: they have come back (re-enrolled, rehired).
        fields = [*_changed_details(person, checked), "is_archived", "left_on"]
        _set_details(person, checked)
        person.is_archived, person.left_on = False, None
        return "returned", fields
    fields = _changed_details(person, checked)
    _set_details(person, checked)
    if checked.left_on is not None:
        person.is_archived, person.left_on = True, checked.left_on
        return "marked_left", [*fields, "is_archived", "left_on"]
    return ("updated" if fields else "unchanged"), fields


def _set_details(person: Person, checked: CheckedPerson) -> None:
    for name in ("kind", "given_name", "family_name", "date_of_birth"):
        setattr(person, name, getattr(checked, name))
    person.site = checked.site
