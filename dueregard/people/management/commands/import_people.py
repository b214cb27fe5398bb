"""``manage.py import_people ORG FILE.csv [--as EMAIL]``.

Adds the people of a CSV file to the directory through the same service as the web page
(all or none; a reference the directory already has is a problem: ``sync_people`` is the
command that updates people by reference). Acts as the ``--as`` member, or else the
organisation's DSL (``organisations/commandline.py``). Prints every problem as
``line N, column C: message`` and exits with status 1, or prints the count.
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
from dueregard.people.services import import_people_csv


class Command(BaseCommand):
    help = (
        "Add the people of a CSV file to an organisation's directory (all or none). "
        "Acts as the --as member, or else the organisation's DSL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help=ORGANISATION_HELP)
        parser.add_argument("path", type=Path, help="The CSV file (UTF-8, header row first).")
        parser.add_argument("--as", dest="email", help=AS_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_named(options["organisation"])
        membership = acting_member(organisation, options["email"])
        path: Path = options["path"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            with organisation_scope(organisation.pk):
                result = import_people_csv(membership, data)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(result.problems)} problem(s) found; nothing was imported.")
        self.stdout.write(f"{result.created} people imported")
