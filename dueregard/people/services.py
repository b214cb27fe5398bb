"""Every change to the people directory: add, change, archive, and import from CSV.

Each function checks that the membership may manage people (``NotPermitted`` if not),
keeps the person and their site inside the membership's organisation, runs in one
transaction and writes the audit event. Views, the ``import_people`` command and any
future API call these; none of them writes ``Person`` rows directly.

Audit summaries name what happened, never to whom: no names, references or dates.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.audit.models import AuditAction
from dueregard.audit.services import record
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.organisations.models import Membership, Site
from dueregard.people.models import Person, PersonKind

#: The CSV columns, in the order the example file uses. The first three are required.
CSV_COLUMNS = ("kind", "given_name", "family_name", "date_of_birth", "reference", "site")
REQUIRED_CSV_COLUMNS = ("kind", "given_name", "family_name")
MAX_IMPORT_ROWS = 5000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
EARLIEST_BIRTH_YEAR = 1900

# Only people not archived may be changed; archiving is one-way for now.
ALLOWED_FROM_ARCHIVED: dict[str, frozenset[bool]] = {
    "change": frozenset({False}),
    "archive": frozenset({False}),
}

_NAME_MAX = Person._meta.get_field("given_name").max_length or 100
_REFERENCE_MAX = Person._meta.get_field("reference").max_length or 40


class PersonDetailsError(DomainError):
    """The details of a person are not valid; ``problems`` maps field names to messages.

    ``str(error)`` joins the messages, so a caller that does not look at fields can still
    show it as one form message.
    """

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__(" ".join(message for _field, message in self.problems))


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


# --- Checks shared by the form path and the import ------------------------------------


def _require_manager(membership: Membership) -> None:
    if not membership.can_manage_people:
        raise NotPermitted(_("Your role cannot change the people directory."))


def _name_problem(value: str, label: str) -> str | None:
    if not value:
        return _("Enter the %(label)s.") % {"label": label}
    if len(value) > _NAME_MAX:
        return _("The %(label)s must be %(max)d characters or fewer.") % {
            "label": label,
            "max": _NAME_MAX,
        }
    return None


def _date_of_birth_problem(value: date | None) -> str | None:
    if value is None:
        return None
    if value > timezone.localdate():
        return _("The date of birth must be today or in the past.")
    if value.year < EARLIEST_BIRTH_YEAR:
        return _("The date of birth must be after %(year)d.") % {"year": EARLIEST_BIRTH_YEAR}
    return None


def _reference_problem(value: str) -> str | None:
    if len(value) > _REFERENCE_MAX:
        return _("The reference must be %(max)d characters or fewer.") % {"max": _REFERENCE_MAX}
    return None


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
        message = _name_problem(getattr(details, name), label)
        if message:
            problems.append((name, message))
    message = _date_of_birth_problem(details.date_of_birth)
    if message:
        problems.append(("date_of_birth", message))
    message = _reference_problem(details.reference)
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
    request: HttpRequest | None = None,
) -> Person:
    """Add a person to the membership's organisation.

    DSL, deputy DSL and administrator only (``NotPermitted`` otherwise). Raises
    ``PersonDetailsError`` for missing names, an unknown kind, a future date of birth, a
    reference another person already has, or another organisation's site.
    """
    _require_manager(membership)
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
        record(
            action=AuditAction.CREATE,
            actor=membership.user,
            organisation=membership.organisation,
            obj=person,
            summary="Person added",
            request=request,
        )
    return person


def _locked(membership: Membership, person: Person, change: str) -> Person:
    """The person's row, locked for this transaction, after the organisation and state check."""
    if person.organisation_id != membership.organisation_id:
        raise NotPermitted(_("This person is not in your organisation's directory."))
    locked = Person.objects.select_for_update().get(pk=person.pk)
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
    request: HttpRequest | None = None,
) -> Person:
    """Change a person's details; returns the saved person.

    Same permission and checks as ``create_person``; an archived person cannot be changed
    (``TransitionNotAllowed``). The audit event lists which fields changed, not their values;
    nothing is written when nothing changed.
    """
    _require_manager(membership)
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
        labels = ", ".join(name.replace("_", " ") for name in changed)
        record(
            action=AuditAction.CHANGE,
            actor=membership.user,
            organisation=membership.organisation,
            obj=locked,
            summary=f"Person changed: {labels}",
            request=request,
        )
    return locked


def archive_person(
    membership: Membership, person: Person, *, request: HttpRequest | None = None
) -> Person:
    """Take a person out of the directory list and pickers; their records stay linked.

    Same permission as ``create_person``; only a person not yet archived can be archived
    (``TransitionNotAllowed``).
    """
    _require_manager(membership)
    with transaction.atomic():
        locked = _locked(membership, person, "archive")
        locked.is_archived = True
        locked.save(update_fields=["is_archived", "updated_at"])
        record(
            action=AuditAction.CHANGE,
            actor=membership.user,
            organisation=membership.organisation,
            obj=locked,
            summary="Person archived",
            request=request,
        )
    return locked


# --- CSV import ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """One problem in an import file. ``line`` counts the header row as line 1."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"line {self.line}, column {self.column}: {self.message}"
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class ImportResult:
    """What an import did: how many people it added, or every problem (and added none)."""

    created: int = 0
    problems: tuple[ImportProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Row:
    line: int
    values: dict[str, str] = field(default_factory=dict)


def _decode(data: str | bytes) -> tuple[str, ImportProblem | None]:
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return "", ImportProblem(
            line,
            "",
            _(
                "The file is not saved as UTF-8 text (the first character that cannot be read "
                "is on this line). In Excel, choose Save As and the type "
                "'CSV UTF-8 (Comma delimited)', then upload the new file."
            ),
        )


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line of the record, cells) for every record that is not blank."""
    reader = csv.reader(io.StringIO(text, newline=""))
    last_line = 0
    for cells in reader:
        start = last_line + 1
        last_line = reader.line_num
        if any(cell.strip() for cell in cells):
            yield start, cells


def _header_key(cell: str) -> str:
    return cell.strip().lower().replace(" ", "_").replace("-", "_")


def _read_header(line: int, cells: list[str]) -> tuple[list[str], list[ImportProblem]]:
    """Column keys by position ("" for a column to ignore) and the header's problems."""
    keys: list[str] = []
    problems: list[ImportProblem] = []
    allowed = ", ".join(CSV_COLUMNS)
    for cell in cells:
        key = _header_key(cell)
        if not key:
            keys.append("")
        elif key not in CSV_COLUMNS:
            problems.append(
                ImportProblem(
                    line,
                    cell.strip(),
                    _("Unknown column. The columns are: %(columns)s.") % {"columns": allowed},
                )
            )
            keys.append("")
        elif key in keys:
            problems.append(ImportProblem(line, key, _("This column appears more than once.")))
            keys.append("")
        else:
            keys.append(key)
    for column in REQUIRED_CSV_COLUMNS:
        if column not in keys:
            problems.append(
                ImportProblem(line, column, _("This column is missing from the header row."))
            )
    return keys, problems


def _parse_date(value: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _parse_kind(value: str) -> str | None:
    wanted = value.strip().lower()
    for choice in PersonKind:
        if wanted in (choice.value, str(choice.label).lower()):
            return choice.value
    return None


class _RowChecker:
    """Turns CSV rows into ``Person`` objects, collecting every problem on the way."""

    def __init__(self, membership: Membership) -> None:
        self.membership = membership
        self.sites = {
            site.name.strip().casefold(): site
            for site in Site.objects.filter(organisation_id=membership.organisation_id)
        }
        self.problems: list[ImportProblem] = []
        self.first_line_of_reference: dict[str, int] = {}

    def problem(self, line: int, column: str, message: str) -> None:
        self.problems.append(ImportProblem(line, column, message))

    def check(self, row: _Row) -> Person | None:
        """The unsaved person for ``row``, or None when the row has a problem."""
        start = len(self.problems)
        values, line = row.values, row.line
        kind = None
        if "kind" in values:
            kind = _parse_kind(values["kind"])
            if kind is None:
                self.problem(
                    line,
                    "kind",
                    _("Write one of: %(kinds)s.") % {"kinds": ", ".join(PersonKind.values)},
                )
        for column, label in (("given_name", _("given name")), ("family_name", _("family name"))):
            if column in values:
                message = _name_problem(values[column].strip(), label)
                if message:
                    self.problem(line, column, message)
        born = None
        raw_date = values.get("date_of_birth", "").strip()
        if raw_date:
            born = _parse_date(raw_date)
            message = (
                _date_of_birth_problem(born)
                if born
                else _("Write the date as YYYY-MM-DD or DD/MM/YYYY, for example 2009-03-03.")
            )
            if message:
                self.problem(line, "date_of_birth", message)
        reference = values.get("reference", "").strip()
        if reference:
            message = _reference_problem(reference)
            earlier = self.first_line_of_reference.setdefault(reference, line)
            if message:
                self.problem(line, "reference", message)
            elif earlier != line:
                self.problem(
                    line,
                    "reference",
                    _("Line %(line)d has the same reference.") % {"line": earlier},
                )
        site = None
        site_name = values.get("site", "").strip()
        if site_name:
            site = self.sites.get(site_name.casefold())
            if site is None:
                self.problem(line, "site", self.unknown_site_message(site_name))
        if len(self.problems) > start or kind is None:
            return None
        return Person(
            organisation=self.membership.organisation,
            created_by=self.membership.user,
            kind=kind,
            given_name=values.get("given_name", "").strip(),
            family_name=values.get("family_name", "").strip(),
            date_of_birth=born,
            reference=reference,
            site=site,
        )

    def unknown_site_message(self, name: str) -> str:
        if not self.sites:
            return _("There is no site called '%(name)s': your organisation has no sites.") % {
                "name": name
            }
        names = ", ".join(sorted(site.name for site in self.sites.values()))
        return _("There is no site called '%(name)s'. The sites are: %(names)s.") % {
            "name": name,
            "names": names,
        }

    def check_existing_references(self, rows_by_reference: dict[str, int]) -> None:
        """Report every reference of the file that a person in the directory already has."""
        references = list(rows_by_reference)
        taken: set[str] = set()
        # Chunks keep each query under every database's limit on parameters.
        for start in range(0, len(references), 500):
            chunk = references[start : start + 500]
            taken.update(
                Person.objects.filter(
                    organisation_id=self.membership.organisation_id, reference__in=chunk
                ).values_list("reference", flat=True)
            )
        for reference in sorted(taken, key=rows_by_reference.__getitem__):
            self.problem(
                rows_by_reference[reference],
                "reference",
                _("Another person in the directory already has this reference."),
            )


def _read_rows(text: str) -> tuple[list[_Row], list[ImportProblem]]:
    """Every data row keyed by column, plus the problems of the file's shape."""
    records = _records(text)
    try:
        first = next(records, None)
        if first is None:
            return [], [
                ImportProblem(1, "", _("The file is empty. The first line must be the header."))
            ]
        header_line, header_cells = first
        if not any(_header_key(cell) in CSV_COLUMNS for cell in header_cells):
            # Most likely the header was left out; do not echo a person's details back.
            return [], [
                ImportProblem(
                    header_line,
                    "",
                    _("The first line must be the header row: %(columns)s.")
                    % {"columns": ",".join(CSV_COLUMNS)},
                )
            ]
        keys, problems = _read_header(header_line, header_cells)
        rows: list[_Row] = []
        for line, cells in records:
            # A short row leaves its last columns blank; the required ones are reported.
            row = _Row(line, dict.fromkeys(filter(None, keys), ""))
            for position, cell in enumerate(cells):
                key = keys[position] if position < len(keys) else ""
                if key:
                    row.values[key] = cell
                elif cell.strip() and position >= len(keys):
                    problems.append(
                        ImportProblem(
                            line, "", _("This row has more values than the header has columns.")
                        )
                    )
                    break
            rows.append(row)
    except csv.Error as exc:
        return [], [
            ImportProblem(1, "", _("The file cannot be read as CSV: %(error)s") % {"error": exc})
        ]
    return rows, problems


def check_people_csv(
    membership: Membership, data: str | bytes
) -> tuple[list[Person], list[ImportProblem]]:
    """Validate a whole import file; return the unsaved people and every problem found.

    Nothing is written. See ``import_people_csv`` for the file format.
    """
    text, problem = _decode(data)
    if problem is not None:
        return [], [problem]
    if not text.strip():
        return [], [
            ImportProblem(1, "", _("The file is empty. The first line must be the header."))
        ]
    rows, problems = _read_rows(text)
    if not rows and not problems:
        problems.append(
            ImportProblem(1, "", _("The file has a header row but no people under it."))
        )
    if len(rows) > MAX_IMPORT_ROWS:
        return [], [
            ImportProblem(
                rows[MAX_IMPORT_ROWS].line,
                "",
                _(
                    "The file has %(count)s people; import at most %(max)s at a time. "
                    "Split the file and upload each part."
                )
                % {"count": f"{len(rows):,}", "max": f"{MAX_IMPORT_ROWS:,}"},
            )
        ]
    checker = _RowChecker(membership)
    checker.problems = problems
    people = [person for row in rows if (person := checker.check(row)) is not None]
    checker.check_existing_references(checker.first_line_of_reference)
    problems = sorted(checker.problems, key=lambda p: p.line)
    return people, problems


def import_people_csv(
    membership: Membership, text: str | bytes, *, request: HttpRequest | None = None
) -> ImportResult:
    """Add everyone in a CSV file to the directory, or no one.

    The file (UTF-8, header row first) has the columns ``kind, given_name, family_name``
    and optionally ``date_of_birth`` (YYYY-MM-DD or DD/MM/YYYY, not in the future),
    ``reference`` (unique in the organisation and in the file) and ``site`` (the name of one
    of the organisation's sites); at most ``MAX_IMPORT_ROWS`` people. Every row is checked
    first: if anything is wrong the result lists every problem by line and column and
    nothing is added. Otherwise all people are added in one transaction with one audit event.
    Raises ``NotPermitted`` for roles that may not manage people.
    """
    _require_manager(membership)
    people, problems = check_people_csv(membership, text)
    if problems:
        return ImportResult(problems=tuple(problems))
    try:
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=500)
            record(
                action=AuditAction.CREATE,
                actor=membership.user,
                organisation=membership.organisation,
                object_type="person_import",
                summary=f"People imported: {len(people)}",
                request=request,
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
