"""``manage.py export_figures ORG --format csv|json [--output FILE] [--as EMAIL]``.

Writes the dashboard's aggregate figures (``reports.figures``; small numbers always shown
as <5) to standard output or a file, and records a ``figures.exported`` audit event. Acts
as the ``--as`` member, or else the organisation's DSL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dueregard.audit.services import log
from dueregard.core.errors import DomainError
from dueregard.core.scope import organisation_scope
from dueregard.organisations.commandline import (
    AS_HELP,
    ORGANISATION_HELP,
    acting_member,
    organisation_named,
)
from dueregard.reports.audit_codes import FIGURES_EXPORTED
from dueregard.reports.figures import FORMATS, figures, render


class Command(BaseCommand):
    help = (
        "Export an organisation's dashboard figures (counts only, under 5 shown as <5). "
        "Acts as the --as member, or else the organisation's DSL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help=ORGANISATION_HELP)
        parser.add_argument("--format", dest="file_format", choices=FORMATS, required=True)
        parser.add_argument("--output", type=Path, help="Write here instead of standard output.")
        parser.add_argument("--as", dest="email", help=AS_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_named(options["organisation"])
        membership = acting_member(organisation, options["email"])
        file_format = options["file_format"]
        output: Path | None = options["output"]
        try:
            with organisation_scope(organisation.pk):
                rows = figures(membership)
                text = render(rows, file_format)
                if output is not None:
                    output.write_text(text, encoding="utf-8")
                log(
                    membership,
                    FIGURES_EXPORTED,
                    object_type="figures",
                    context={"format": file_format, "figures": len(rows), "source": "command"},
                )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}") from exc
        if output is None:
            self.stdout.write(text, ending="")
        else:
            self.stdout.write(f"{len(rows)} figures written to {output}")
