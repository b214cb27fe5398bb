"""``manage.py sync_people ORG FILE --format csv|json [--mark-missing-left] [--as EMAIL]``.

Brings the organisation's people directory in step with an MIS export through
``people.sync.sync_people`` (the same function the API calls): prints how many people were
created, updated, unchanged and marked left, or every bad row by line (CSV) or index
(JSON) and exits with status 1 having changed nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dueregard.core.errors import DomainError
from dueregard.core.scope import organisation_scope
from dueregard.organisations.commandline import (
    AS_HELP,
    ORGANISATION_HELP,
    acting_member,
    organisation_named,
)
from dueregard.people.sync import read_file, sync_people


class Command(BaseCommand):
    help = (
        "Sync an organisation's people directory from an MIS export (CSV or JSON), all or "
        "nothing: people are matched by reference, leavers are marked left, never deleted. "
        "Acts as the --as member, or else the organisation's DSL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help=ORGANISATION_HELP)
        parser.add_argument("path", type=Path, help="The export file (UTF-8).")
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=("csv", "json"),
            required=True,
            help="csv: a header row naming the fields; json: a list of objects.",
        )
        parser.add_argument(
            "--mark-missing-left",
            action="store_true",
            help=(
                "Mark as left, today, every current person with a reference that the file "
                "does not list (for a full nightly export). People without a reference are "
                "never touched."
            ),
        )
        parser.add_argument("--as", dest="email", help=AS_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_named(options["organisation"])
        membership = acting_member(organisation, options["email"])
        path: Path = options["path"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        source = options["file_format"]
        rows, lines, problems = read_file(data, source)
        report = None
        if not problems:
            try:
                with organisation_scope(organisation.pk):
                    report = sync_people(
                        membership,
                        rows,
                        source=source,
                        mark_missing_left=options["mark_missing_left"],
                        lines=lines,
                    )
            except DomainError as exc:
                raise CommandError(str(exc)) from exc
            problems = list(report.problems)
        if problems or report is None:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(problems)} problem(s) found; nothing was changed.")
        self.stdout.write(
            f"Created: {report.created}\n"
            f"Updated: {report.updated}\n"
            f"Unchanged: {report.unchanged}\n"
            f"Marked left: {report.marked_left}\n"
            f"Not added (had already left): {report.skipped_left}"
        )
