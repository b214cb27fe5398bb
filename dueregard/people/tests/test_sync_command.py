"""``manage.py sync_people``: an MIS export from the command line, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from dueregard.audit.models import AuditEvent
from dueregard.organisations.models import Membership, Role
from dueregard.people.models import Person
from dueregard.testing.factories import make_member, make_person


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 10, 6, 9, 0, tzinfo=UTC), tick=False):
        yield


def _sync(org: str, path: Path, *extra: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("sync_people", org, str(path), *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_csv_sync_prints_the_counts_and_acts_as_the_dsl(dsl: Membership, tmp_path: Path) -> None:
    make_person(dsl.organisation, "Robin", "Ashdown", reference="L1")
    make_person(dsl.organisation, "Sam", "Okafor", reference="L2")
    make_person(dsl.organisation, "Ari", "Bell", reference="L3")
    path = tmp_path / "mis.csv"
    path.write_text(
        "reference,kind,given_name,family_name,date_of_birth,site,left\n"
        "L1,learner,Robin,Ashdown,,,\n"
        "L2,learner,Sam,Okafor-Reid,,Main campus,no\n"
        "L4,staff,Kit,Moss,1990-01-02,,\n"
    )

    out, _err = _sync(dsl.organisation.slug, path, "--format", "csv", "--mark-missing-left")

    assert out.splitlines() == [
        "Created: 1",
        "Updated: 1",
        "Unchanged: 1",
        "Marked left: 1",
        "Not added (had already left): 0",
    ]
    assert Person.objects.get(reference="L3").is_archived
    event = AuditEvent.objects.get(code="people.synced")
    assert (event.actor, event.context["source"]) == (dsl.user, "csv")


def test_json_sync_by_public_id_as_another_member(
    dsl: Membership, admin: Membership, tmp_path: Path
) -> None:
    path = tmp_path / "mis.json"
    rows = [{"reference": 1001, "kind": "learner", "given_name": "Robin", "family_name": "A"}]
    path.write_text(json.dumps(rows))

    out, _err = _sync(
        str(dsl.organisation.public_id), path, "--format", "json", "--as", admin.user.email
    )

    assert out.splitlines()[0] == "Created: 1"
    assert Person.objects.get().reference == "1001"
    assert AuditEvent.objects.get(code="people.synced").actor == admin.user


def test_bad_rows_are_printed_by_line_and_nothing_changes(dsl: Membership, tmp_path: Path) -> None:
    make_person(dsl.organisation, "Robin", "Ashdown", reference="L1")
    path = tmp_path / "mis.csv"
    path.write_text(
        "reference,kind,given_name,family_name\n"
        "L1,learner,Robin,Changed\n"
        "L2,pupil,Sam,Okafor\n"
        ",learner,No,Reference\n"
    )
    err = StringIO()

    with pytest.raises(CommandError, match="2 problem"):
        call_command("sync_people", dsl.organisation.slug, str(path), "--format", "csv", stderr=err)

    lines = err.getvalue().splitlines()
    assert lines[0].startswith("line 3, field kind: ")
    assert lines[1].startswith("line 4, field reference: ")
    assert Person.objects.get().family_name == "Ashdown"
    assert not AuditEvent.objects.filter(code="people.synced").exists()


def test_a_file_that_is_not_json_is_a_clear_error(dsl: Membership, tmp_path: Path) -> None:
    path = tmp_path / "mis.json"
    path.write_text('[{"reference": "L1",')
    err = StringIO()

    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "sync_people", dsl.organisation.slug, str(path), "--format", "json", stderr=err
        )

    assert "not valid JSON" in err.getvalue()


def test_sync_refuses_a_role_that_cannot_manage_people(
    dsl: Membership, teacher: Membership, tmp_path: Path
) -> None:
    path = tmp_path / "mis.json"
    path.write_text("[]")

    with pytest.raises(CommandError, match="cannot change the people directory"):
        call_command(
            "sync_people",
            dsl.organisation.slug,
            str(path),
            "--format",
            "json",
            "--as",
            teacher.user.email,
        )


def test_with_two_dsls_the_command_asks_who_acts(dsl: Membership, tmp_path: Path) -> None:
    make_member(dsl.organisation, Role.DSL, "second@larkfield.example", "Second Lead")
    path = tmp_path / "mis.json"
    path.write_text("[]")

    with pytest.raises(CommandError, match="--as EMAIL"):
        call_command("sync_people", dsl.organisation.slug, str(path), "--format", "json")


def test_unknown_organisation_and_missing_file_are_clear_errors(
    dsl: Membership, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="No organisation"):
        call_command("sync_people", "nowhere", str(tmp_path / "x.csv"), "--format", "csv")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command(
            "sync_people", dsl.organisation.slug, str(tmp_path / "x.csv"), "--format", "csv"
        )
