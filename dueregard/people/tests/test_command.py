"""``manage.py import_people``: the same all-or-nothing import from the command line."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dueregard.audit.models import AuditEvent
from dueregard.organisations.models import Membership
from dueregard.people.models import Person

HEADER = "kind,given_name,family_name,date_of_birth,reference,site\n"


def _run(membership: Membership, path: Path, email: str | None = None) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(
        "import_people",
        str(membership.organisation.public_id),
        str(path),
        "--as",
        email or membership.user.email,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def test_command_imports_a_file_and_prints_the_count(admin: Membership, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "learner,Robin,Ashdown,,L0100,\nstaff,Sam,Okafor,,,\n")

    out, _err = _run(admin, path)

    assert out.strip() == "2 people imported"
    assert Person.objects.count() == 2
    assert AuditEvent.objects.get(object_type="person_import").actor == admin.user


def test_command_prints_every_problem_and_fails_without_importing(
    dsl: Membership, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "pupil,Robin,Ashdown,,,\nlearner,Sam,,,,Annexe\n")
    err = StringIO()

    with pytest.raises(CommandError, match="3 problem"):
        call_command(
            "import_people",
            str(dsl.organisation.public_id),
            str(path),
            "--as",
            dsl.user.email,
            stderr=err,
        )

    lines = err.getvalue().splitlines()
    assert lines[0].startswith("line 2, column kind: ")
    assert lines[1].startswith("line 3, column family_name: ")
    assert lines[2].startswith("line 3, column site: ")
    assert not Person.objects.exists()


def test_command_refuses_a_member_whose_role_cannot_manage_people(
    teacher: Membership, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "learner,Robin,Ashdown,,,\n")

    with pytest.raises(CommandError, match="cannot change the people directory"):
        _run(teacher, path)


def test_command_refuses_someone_who_is_not_a_member_of_the_organisation(
    dsl: Membership, outsider_dsl: Membership, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "learner,Robin,Ashdown,,,\n")

    with pytest.raises(CommandError, match="No active member"):
        _run(dsl, path, email=outsider_dsl.user.email)


def test_command_reports_a_missing_file(dsl: Membership, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        _run(dsl, tmp_path / "missing.csv")


def test_import_finds_the_organisation_by_slug_and_acts_as_its_dsl(
    dsl: Membership, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "learner,Robin,Ashdown,,L0100,\n")
    out = StringIO()

    call_command("import_people", dsl.organisation.slug, str(path), stdout=out)

    assert out.getvalue().strip() == "1 people imported"
    assert AuditEvent.objects.get(object_type="person_import").actor == dsl.user


def test_import_names_an_unknown_organisation(dsl: Membership, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No organisation has the short name"):
        call_command("import_people", "no-such-college", str(tmp_path / "people.csv"))
