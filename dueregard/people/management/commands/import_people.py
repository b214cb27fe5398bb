"""``manage.py import_people <organisation public id> <file.csv> --as <email>``.

Imports a CSV file of people through the same service as the web page, acting as the
member with that email address (their role must allow managing people). Prints every
problem as ``line N, column C: message`` and exits with status 1, or prints the count.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dueregard.core.errors import DomainError
from dueregard.core.scope import organisation_scope
from dueregard.organisations.models import Membership
from dueregard.people.services import import_people_csv


class Command(BaseCommand):
    help = "Import people from a CSV file into an organisation's directory (all or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="The organisation's public id (a UUID).")
        parser.add_argument("path", type=Path, help="The CSV file (UTF-8, header row first).")
        parser.add_argument(
            "--as",
            dest="email",
            required=True,
            help="Email address of the member doing the import (DSL, deputy or administrator).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation_id = uuid.UUID(options["organisation"])
        except ValueError as exc:
            raise CommandError("The organisation must be given by its public id (a UUID).") from exc
        membership = (
            Membership.objects.active()
            .select_related("organisation", "user")
            .filter(
                organisation__public_id=organisation_id,
                user__email__iexact=options["email"].strip(),
            )
            .first()
        )
        if membership is None:
            raise CommandError("No active member of that organisation has that email address.")
        path: Path = options["path"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        try:
            with organisation_scope(membership.organisation_id):
                result = import_people_csv(membership, data)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(result.problems)} problem(s) found; nothing was imported.")
        self.stdout.write(f"{result.created} people imported")
