"""Reading and checking a CSV file of people. Nothing here writes to the database.

``check_people_csv`` validates a whole file and returns the unsaved people plus every
problem, each with its line (the header is line 1) and column; ``services.import_people_csv``
saves them when there is no problem.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dueregard.core.errors import FieldErrors
from dueregard.organisations.models import Membership
from dueregard.people.models import Person
from dueregard.people.rows import PersonRowChecker

#: The CSV columns, in the order the example file uses. The first three are required.
CSV_COLUMNS = ("kind", "given_name", "family_name", "date_of_birth", "reference", "site")
REQUIRED_CSV_COLUMNS = ("kind", "given_name", "family_name")
MAX_IMPORT_ROWS = 5000


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


class ImportRefused(FieldErrors):
    """A file with problems, so nobody was imported: ``rows`` lists them by line and column,
    and the file field says how many there are."""

    def __init__(self, rows: Sequence[ImportProblem]) -> None:
        self.rows = tuple(rows)
        super().__init__(
            [
                (
                    "file",
                    ngettext(
                        "The file has %(count)d problem, listed below. Nothing was imported: "
                        "fix it and upload the file again.",
                        "The file has %(count)d problems, listed below. Nothing was imported: "
                        "fix them and upload the file again.",
                        len(self.rows),
                    )
                    % {"count": len(self.rows)},
                )
            ]
        )


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


def _read_header(
    line: int, cells: list[str], columns: Sequence[str], required: Sequence[str]
) -> tuple[list[str], list[ImportProblem]]:
    """Column keys by position ("" for a column to ignore) and the header's problems."""
    keys: list[str] = []
    problems: list[ImportProblem] = []
    allowed = ", ".join(columns)
    for cell in cells:
        key = _header_key(cell)
        if not key:
            keys.append("")
        elif key not in columns:
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
    for column in required:
        if column not in keys:
            problems.append(
                ImportProblem(line, column, _("This column is missing from the header row."))
            )
    return keys, problems


def _check_existing_references(
    organisation_id: int, rows_by_reference: dict[str, int], problems: list[ImportProblem]
) -> None:
    """Report every reference of the file that a person in the directory already has."""
    references = list(rows_by_reference)
    taken: set[str] = set()
    # Chunks keep each query under every database's limit on parameters.
    for start in range(0, len(references), 500):
        chunk = references[start : start + 500]
        taken.update(
            Person.objects.filter(organisation_id=organisation_id, reference__in=chunk).values_list(
                "reference", flat=True
            )
        )
    for reference in sorted(taken, key=rows_by_reference.__getitem__):
        problems.append(
            ImportProblem(
                rows_by_reference[reference],
                "reference",
                _("Another person in the directory already has this reference."),
            )
        )


def _read_rows(
    text: str, columns: Sequence[str], required: Sequence[str]
) -> tuple[list[_Row], list[ImportProblem]]:
    """Every data row keyed by column, plus the problems of the file's shape."""
    records = _records(text)
    try:
        first = next(records, None)
        if first is None:
            return [], [
                ImportProblem(1, "", _("The file is empty. The first line must be the header."))
            ]
        header_line, header_cells = first
        if not any(_header_key(cell) in columns for cell in header_cells):
            # Most likely the header was left out; do not echo a person's details back.
            return [], [
                ImportProblem(
                    header_line,
                    "",
                    _("The first line must be the header row: %(columns)s.")
                    % {"columns": ",".join(columns)},
                )
            ]
        keys, problems = _read_header(header_line, header_cells, columns, required)
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


def read_csv(
    data: str | bytes,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    max_rows: int,
) -> tuple[list[tuple[int, dict[str, str]]], list[ImportProblem]]:
    """The file's data rows as (line, values by column), or the problems of its shape.

    ``data`` is UTF-8 (a byte-order mark is fine), header row first, naming some of
    ``columns`` and all of ``required``; at most ``max_rows`` rows. Rows come back alongside
    the shape's problems, so a caller can report the rows' problems too. Nothing about the
    rows' values is checked here.
    """
    text, problem = _decode(data)
    if problem is not None:
        return [], [problem]
    if not text.strip():
        return [], [
            ImportProblem(1, "", _("The file is empty. The first line must be the header."))
        ]
    rows, problems = _read_rows(text, columns, required)
    if not rows and not problems:
        problems.append(
            ImportProblem(1, "", _("The file has a header row but no people under it."))
        )
    if len(rows) > max_rows:
        return [], [
            ImportProblem(
                rows[max_rows].line,
                "",
                _(
                    "The file has %(count)s people; import at most %(max)s at a time. "
                    "Split the file and upload each part."
                )
                % {"count": f"{len(rows):,}", "max": f"{max_rows:,}"},
            )
        ]
    return [(row.line, row.values) for row in rows], problems


def check_people_csv(
    membership: Membership, data: str | bytes
) -> tuple[list[Person], list[ImportProblem]]:
    """Validate a whole import file; return the unsaved people and every problem found.

    Nothing is written. See ``services.import_people_csv`` for the file format.
    """
    rows, shape_problems = read_csv(
        data, columns=CSV_COLUMNS, required=REQUIRED_CSV_COLUMNS, max_rows=MAX_IMPORT_ROWS
    )
    checker = PersonRowChecker(
        membership.organisation_id,
        reference_required=False,
        today=timezone.localdate(),
        by_line=True,
    )
    people = [
        Person(
            organisation=membership.organisation,
            created_by=membership.user,
            kind=checked.kind,
            given_name=checked.given_name,
            family_name=checked.family_name,
            date_of_birth=checked.date_of_birth,
            reference=checked.reference,
            site=checked.site,
        )
        for line, values in rows
        if (checked := checker.check(line, values)) is not None
    ]
    problems = shape_problems + [
        ImportProblem(p.position, p.field, p.message) for p in checker.problems
    ]
    _check_existing_references(
        membership.organisation_id, checker.first_position_of_reference, problems
    )
    return people, sorted(problems, key=lambda p: p.line)
