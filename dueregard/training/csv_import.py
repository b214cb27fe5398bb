"""Reading and checking a CSV of training records. Nothing here writes to the database.

The file has a header row naming the columns ``email``, ``course`` and ``completed_on``
(any order). ``check_training_csv`` returns the unsaved records and every problem, each
with its line (the header is line 1) and column, like the people import; the task in
``training.tasks`` saves them only when there is no problem at all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.organisations.models import Membership, Organisation
from dueregard.organisations.permissions import Can, roles_with
from dueregard.training.models import Course, RecordSource, TrainingRecord
from dueregard.training.services.common import expiry_for

CSV_COLUMNS = ("email", "course", "completed_on")
MAX_IMPORT_ROWS = 20_000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class ImportProblem:
    line: int
    column: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "message": self.message}


def _parse_date(value: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _key(cell: str) -> str:
    return cell.strip().lower().replace(" ", "_").replace("-", "_")


def check_training_csv(
    organisation: Organisation,
    text: str,
    *,
    created_by_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[TrainingRecord], list[ImportProblem]]:
    """Validate the whole file; return the unsaved records and every problem found."""
    problems: list[ImportProblem] = []
    try:
        rows = [
            (line, cells)
            for line, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
            if any(c.strip() for c in cells)
        ]
    except csv.Error as exc:
        return [], [ImportProblem(1, "", _("The file cannot be read as CSV: %(e)s") % {"e": exc})]
    if not rows:
        return [], [
            ImportProblem(1, "", _("The file is empty. The first line must be the header."))
        ]
    header_line, header = rows[0]
    keys = [_key(c) for c in header]
    if not any(k in CSV_COLUMNS for k in keys):
        return [], [
            ImportProblem(
                header_line,
                "",
                _("The first line must be the header row: %(columns)s.")
                % {"columns": ",".join(CSV_COLUMNS)},
            )
        ]
    for cell, key in zip(header, keys, strict=True):
        if key and key not in CSV_COLUMNS:
            problems.append(
                ImportProblem(
                    header_line,
                    cell.strip()[:60],
                    _("Unknown column. The columns are: %(columns)s.")
                    % {"columns": ", ".join(CSV_COLUMNS)},
                )
            )
    for column in CSV_COLUMNS:
        if keys.count(column) > 1:
            problems.append(
                ImportProblem(header_line, column, _("This column appears more than once."))
            )
        elif column not in keys:
            problems.append(
                ImportProblem(header_line, column, _("This column is missing from the header row."))
            )
    if problems:
        return [], problems
    data_rows = rows[1:]
    if not data_rows:
        return [], [ImportProblem(1, "", _("The file has a header row but no records under it."))]
    if len(data_rows) > MAX_IMPORT_ROWS:
        return [], [
            ImportProblem(
                data_rows[MAX_IMPORT_ROWS][0],
                "",
                _("The file has %(count)s rows; import at most %(max)s at a time.")
                % {"count": f"{len(data_rows):,}", "max": f"{MAX_IMPORT_ROWS:,}"},
            )
        ]
    position = {k: keys.index(k) for k in CSV_COLUMNS}
    members = {
        email.casefold(): member_id
        for member_id, email in Membership.objects.active()
        .filter(organisation=organisation)
        .filter(role__in=roles_with(Can.HAVE_TRAINING))
        .values_list("pk", "user__email")
    }
    courses = {
        c.title.strip().casefold(): c
        for c in Course.objects.filter(organisation=organisation, is_active=True)
    }
    existing = set(
        TrainingRecord.objects.filter(
            organisation=organisation, withdrawn_at__isnull=True
        ).values_list("member_id", "course_id", "completed_on")
    )
    seen: dict[tuple[int, int, date], int] = {}
    today = timezone.localdate()
    records: list[TrainingRecord] = []
    for index, (line, cells) in enumerate(data_rows, start=1):
        if progress is not None and index % 500 == 0:
            progress(index, len(data_rows))
        if len(cells) > len(keys) and any(c.strip() for c in cells[len(keys) :]):
            problems.append(
                ImportProblem(line, "", _("This row has more values than the header has columns."))
            )
            continue
        value = {k: (cells[p].strip() if p < len(cells) else "") for k, p in position.items()}
        start = len(problems)
        member_id = members.get(value["email"].casefold())
        if not value["email"]:
            problems.append(ImportProblem(line, "email", _("Enter the member's email address.")))
        elif member_id is None:
            # The address itself is not repeated back: it is personal data.
            problems.append(
                ImportProblem(
                    line,
                    "email",
                    _("No active member of your organisation has this email address."),
                )
            )
        course = courses.get(value["course"].casefold())
        if course is None:
            problems.append(
                ImportProblem(
                    line,
                    "course",
                    _("Enter a course title exactly as the course list shows it.")
                    if not value["course"]
                    else _("There is no course with this title. Add it to the course list first."),
                )
            )
        completed = _parse_date(value["completed_on"])
        if completed is None:
            problems.append(
                ImportProblem(
                    line,
                    "completed_on",
                    _("Write the date as YYYY-MM-DD or DD/MM/YYYY, for example 2026-03-03."),
                )
            )
        elif completed > today:
            problems.append(
                ImportProblem(
                    line, "completed_on", _("The date completed cannot be in the future.")
                )
            )
        elif completed.year < 1990:
            problems.append(
                ImportProblem(line, "completed_on", _("The date is too far in the past."))
            )
        if len(problems) > start or member_id is None or course is None or completed is None:
            continue
        completion = (member_id, course.pk, completed)
        if completion in seen:
            problems.append(
                ImportProblem(
                    line,
                    "",
                    _("Line %(line)d records the same completion.") % {"line": seen[completion]},
                )
            )
            continue
        seen[completion] = line
        if completion in existing:
            problems.append(
                ImportProblem(line, "", _("This completion is already recorded in dueregard."))
            )
            continue
        records.append(
            TrainingRecord(
                organisation=organisation,
                created_by_id=created_by_id,
                member_id=member_id,
                course=course,
                completed_on=completed,
                expires_on=expiry_for(course, completed),
                source=RecordSource.IMPORT,
            )
        )
    return records, problems
