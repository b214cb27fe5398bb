"""``manage.py create_organisation NAME --slug SLUG --kind KIND --dsl-email EMAIL``.

Creates an organisation and its first DSL (``organisations.founding``). The DSL sets their
own password: the command prints how. No password is taken on the command line.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from dueregard.organisations.founding import FoundingError, create_organisation
from dueregard.organisations.models import OrganisationKind


class Command(BaseCommand):
    help = "Create an organisation and its first DSL (who then sets their own password)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The organisation's name, e.g. 'Larkfield College'.")
        parser.add_argument(
            "--slug", required=True, help="Short name for commands and API keys: larkfield."
        )
        parser.add_argument(
            "--kind",
            required=True,
            help=f"One of: {', '.join(OrganisationKind.values)}.",
        )
        parser.add_argument("--dsl-email", required=True, help="The first DSL's email address.")
        parser.add_argument(
            "--dsl-name",
            default="",
            help="The first DSL's full name (needed when they have no dueregard account yet).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            membership = create_organisation(
                name=options["name"],
                slug=options["slug"],
                kind=options["kind"],
                dsl_email=options["dsl_email"],
                dsl_full_name=options["dsl_name"],
            )
        except FoundingError as exc:
            raise CommandError(str(exc)) from exc
        organisation = membership.organisation
        self.stdout.write(
            f"Created {organisation.name} (short name {organisation.slug}, "
            f"public id {organisation.public_id}) with its DSL.\n"
            f"The DSL sets their password at {reverse('account_reset_password')} "
            '("Forgotten your password?" on the sign-in page) with their email address, '
            "then adds a second factor when they first sign in."
        )
