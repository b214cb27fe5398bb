"""Load the demo organisations and 18 months of their safeguarding history (dev and test)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from dueregard.core.scope import unscoped
from dueregard.demo.setup import DEMO_PASSWORD, demo_organisations, load_demo
from dueregard.demo.summary import demo_logins, state_counts


class Command(BaseCommand):
    help = (
        "Create two invented organisations with people, logins and 18 months of concerns and "
        "cases, made through the same services as the web pages. Does nothing if they exist. "
        "Never runs in the production profile."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Refused: the audit trail is append-only. Says how to start afresh instead.",
        )

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        # The demo spans both organisations: platform-wide work, explicitly unscoped.
        with unscoped():
            self._handle(reset=reset, **options)

    def _handle(self, *, reset: bool = False, **options: Any) -> None:
        if settings.PROFILE == "production":
            raise CommandError("load_demo never runs in the production profile.")
        if reset:
            raise CommandError(self._reset_advice())
        if demo_organisations().exists():
            self.stdout.write(
                "The demo organisations are already loaded; nothing changed. To start "
                "afresh, see load_demo --reset."
            )
            return
        started = time.monotonic()
        load_demo()
        self._summarise(time.monotonic() - started)

    def _reset_advice(self) -> str:
        # Only the dev and test profiles get this far: production was refused above.
        where = "drop and recreate the database"
        if connection.vendor == "sqlite":
            where = f"delete {settings.DATABASES['default']['NAME']}"
        return (
            "The audit trail is append-only, so demo data cannot be removed. To start "
            f"afresh, {where}, then run `manage.py migrate` and `manage.py load_demo`."
        )

    def _summarise(self, seconds: float) -> None:
        write = self.stdout.write
        organisations = list(demo_organisations())
        write(self.style.SUCCESS(f"Demo data loaded in {seconds:.1f} s."))
        write("")
        counts = {org.name: state_counts(org) for org in organisations}
        labels = list(next(iter(counts.values())))
        width = max(len(label) for label in labels) + 2
        names = [org.name for org in organisations]
        write(" " * width + "".join(f"{name:>32}" for name in names))
        for label in labels:
            write(f"{label:<{width}}" + "".join(f"{counts[n][label]:>32}" for n in names))
        write("")
        write("Demo logins (every one uses the same password):")
        logins = demo_logins()
        email_width = max(len(email) for email, _, _ in logins) + 2
        role_width = max(len(role) for _, role, _ in logins) + 2
        for email, role, organisation in logins:
            write(f"  {email:<{email_width}}{role:<{role_width}}{organisation}")
        write(f"Password: {DEMO_PASSWORD}")
