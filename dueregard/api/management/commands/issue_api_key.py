"""``manage.py issue_api_key ORG NAME --scope people:write [--scope ...]``: prints the key once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dueregard.api.keys import issue_key
from dueregard.api.models import Scope
from dueregard.core.errors import DomainError, FieldErrors
from dueregard.core.scope import organisation_scope
from dueregard.organisations.commandline import (
    AS_HELP,
    ORGANISATION_HELP,
    acting_member,
    organisation_named,
)


class Command(BaseCommand):
    help = (
        "Issue an API key for an organisation and print it (it is shown only this once). "
        "The key acts as the member given with --for-member, else as the issuer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help=ORGANISATION_HELP)
        parser.add_argument("name", help="What will use the key, e.g. 'MIS nightly sync'.")
        parser.add_argument(
            "--scope",
            action="append",
            required=True,
            choices=Scope.values,
            help="What the key may do; repeat for several.",
        )
        parser.add_argument("--expires-days", type=int, default=None)
        parser.add_argument(
            "--for-member",
            metavar="EMAIL",
            help="The member the key acts as (needed for cases:read: a DSL-team member).",
        )
        parser.add_argument("--as", dest="acting", metavar="EMAIL", help=AS_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_named(options["organisation"])
        issuer = acting_member(organisation, options["acting"])
        for_member = (
            acting_member(organisation, options["for_member"]) if options["for_member"] else None
        )
        with organisation_scope(organisation.pk):
            try:
                issued = issue_key(
                    issuer,
                    name=options["name"],
                    scopes=options["scope"],
                    expires_days=options["expires_days"],
                    for_member=for_member,
                )
            except FieldErrors as error:
                raise CommandError(
                    "; ".join(f"{field}: {message}" for field, message in error.problems)
                ) from error
            except DomainError as error:
                raise CommandError(str(error)) from error
        self.stderr.write(
            f"Issued key {issued.key.public_id} ({', '.join(issued.key.scopes)}). "
            "It is shown once, below: keep it in the system that uses it."
        )
        self.stdout.write(issued.token)
