"""``manage.py revoke_api_key ORG KEY_PUBLIC_ID``: the key stops working at once."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dueregard.api.keys import revoke_key
from dueregard.api.models import ApiKey
from dueregard.core.errors import DomainError
from dueregard.core.scope import organisation_scope
from dueregard.organisations.commandline import (
    AS_HELP,
    ORGANISATION_HELP,
    acting_member,
    organisation_named,
)


class Command(BaseCommand):
    help = "Revoke an organisation's API key by its public id (the key's history is kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help=ORGANISATION_HELP)
        parser.add_argument("key", help="The key's public id (a UUID), as issue_api_key printed.")
        parser.add_argument("--as", dest="acting", metavar="EMAIL", help=AS_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_named(options["organisation"])
        issuer = acting_member(organisation, options["acting"])
        try:
            public_id = uuid.UUID(options["key"])
        except ValueError as exc:
            raise CommandError("The key is named by its public id, a UUID.") from exc
        with organisation_scope(organisation.pk):
            key = ApiKey.objects.filter(public_id=public_id).first()
            if key is None:
                raise CommandError("That organisation has no API key with that id.")
            try:
                revoke_key(issuer, key)
            except DomainError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(f"Revoked key {public_id}.")
