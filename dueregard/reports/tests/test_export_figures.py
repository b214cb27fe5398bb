"""``manage.py export_figures``: the dashboard's counts in a file, small numbers hidden."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dueregard.audit.models import AuditEvent
from dueregard.organisations.models import Membership
from dueregard.testing.factories import make_concern, make_person


def test_csv_figures_suppress_small_numbers_and_are_audited(
    dsl: Membership, tmp_path: Path
) -> None:
    make_concern(dsl, make_person(dsl.organisation))
    path = tmp_path / "figures.csv"
    out = StringIO()

    call_command(
        "export_figures",
        dsl.organisation.slug,
        "--format",
        "csv",
        "--output",
        str(path),
        stdout=out,
    )

    rows = list(csv.DictReader(path.open()))
    assert rows and {r["table"] for r in rows} >= {"cases.by_status", "concerns.rows"}
    month_values = [r["value"] for r in rows if r["table"] == "concerns.rows"]
    assert "<5" in month_values and "1" not in month_values
    assert "figures written" in out.getvalue()
    event = AuditEvent.objects.get(code="figures.exported")
    assert (event.actor, event.context["format"]) == (dsl.user, "csv")


def test_json_figures_go_to_standard_output(dsl: Membership) -> None:
    out = StringIO()

    call_command("export_figures", str(dsl.organisation.public_id), "--format", "json", stdout=out)

    figures = json.loads(out.getvalue())
    assert {"table", "label", "value"} == set(figures[0])


def test_a_role_without_the_dashboard_is_refused(dsl: Membership, teacher: Membership) -> None:
    with pytest.raises(CommandError, match="dashboard"):
        call_command(
            "export_figures", dsl.organisation.slug, "--format", "csv", "--as", teacher.user.email
        )
    assert not AuditEvent.objects.filter(code="figures.exported").exists()


def test_an_unwritable_output_is_a_clear_error(dsl: Membership, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot write"):
        call_command(
            "export_figures",
            dsl.organisation.slug,
            "--format",
            "csv",
            "--output",
            str(tmp_path / "missing" / "figures.csv"),
        )
