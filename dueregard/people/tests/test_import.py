"""Importing people from CSV: all or nothing, every problem by line and column."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from dueregard.audit.models import AuditAction, AuditEvent
from dueregard.core.errors import NotPermitted
from dueregard.organisations.models import Membership, Site
from dueregard.people.csv_import import MAX_IMPORT_ROWS, ImportResult
from dueregard.people.models import Person, PersonKind
from dueregard.people.services import import_people_csv

HEADER = "kind,given_name,family_name,date_of_birth,reference,site\n"


def _where(result: ImportResult) -> list[tuple[int, str]]:
    return [(problem.line, problem.column) for problem in result.problems]


def test_import_adds_everyone_with_one_audit_event(admin: Membership) -> None:
    text = (
        HEADER
        + "learner,Robin,Ashdown,2009-03-03,L0100,Main campus\n"
        + "Staff,Sam,Okafor,03/04/1980,S0042,main CAMPUS\n"
        + "visitor,Alex,Morgan,,,\n"
    )

    result = import_people_csv(admin, text)

    assert result.ok
    assert result.created == 3
    people = {p.reference: p for p in Person.objects.filter(organisation=admin.organisation)}
    assert people["S0042"].kind == PersonKind.STAFF
    assert people["S0042"].date_of_birth == date(1980, 4, 3)
    assert people["S0042"].site == Site.objects.get(organisation=admin.organisation)
    assert people[""].site is None
    assert all(p.created_by == admin.user for p in people.values())
    event = AuditEvent.objects.get(action=AuditAction.CREATE)
    assert event.object_type == "person_import"
    assert (event.code, event.context) == ("person.imported", {"count": 3})


def test_import_accepts_columns_in_any_order_without_the_optional_ones(
    dsl: Membership,
) -> None:
    result = import_people_csv(dsl, "family_name,Given_Name,kind\r\nAshdown,Robin,learner\r\n")

    assert result.created == 1


def test_import_reads_utf8_bytes_with_a_byte_order_mark(dsl: Membership) -> None:
    data = ("\ufeff" + HEADER + "learner,Renée,Ó Briain,,,\n").encode()

    result = import_people_csv(dsl, data)

    assert result.created == 1
    assert Person.objects.get().family_name == "Ó Briain"


def test_import_with_several_bad_rows_reports_every_one_and_adds_no_one(
    dsl: Membership,
) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    text = (
        HEADER
        + "learner,Robin,Ashdown,2009-03-03,L0100,\n"  # line 2: fine
        + "pupil,Sam,Okafor,,,\n"  # line 3: bad kind
        + f"learner,Alex,Morgan,{tomorrow},,\n"  # line 4: future date of birth
        + "staff,,Jones,31/02/1990,,\n"  # line 5: no given name, impossible date
        + "visitor,Kim,Lee,,,North campus\n"  # line 6: unknown site
    )

    result = import_people_csv(dsl, text)

    assert not result.ok
    assert result.created == 0
    assert _where(result) == [
        (3, "kind"),
        (4, "date_of_birth"),
        (5, "given_name"),
        (5, "date_of_birth"),
        (6, "site"),
    ]
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_import_reports_bad_kind_with_the_allowed_values(dsl: Membership) -> None:
    result = import_people_csv(dsl, HEADER + "student,Robin,Ashdown,,,\n")

    assert _where(result) == [(2, "kind")]
    assert "learner, staff, contractor, visitor" in result.problems[0].message


def test_import_refuses_a_future_date_of_birth(dsl: Membership) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")

    result = import_people_csv(dsl, HEADER + f"learner,Robin,Ashdown,{tomorrow},,\n")

    assert _where(result) == [(2, "date_of_birth")]
    assert "past" in result.problems[0].message


def test_import_refuses_an_unknown_site_and_names_the_real_ones(dsl: Membership) -> None:
    result = import_people_csv(dsl, HEADER + "learner,Robin,Ashdown,,,Annexe\n")

    assert _where(result) == [(2, "site")]
    assert "Main campus" in result.problems[0].message


def test_import_refuses_a_reference_repeated_within_the_file(dsl: Membership) -> None:
    text = (
        HEADER
        + "learner,Robin,Ashdown,,L0100,\n"
        + "learner,Sam,Okafor,,L0200,\n"
        + "learner,Alex,Morgan,,L0100,\n"
    )

    result = import_people_csv(dsl, text)

    assert _where(result) == [(4, "reference")]
    assert "Line 2" in result.problems[0].message
    assert not Person.objects.exists()


def test_import_refuses_a_reference_already_in_the_directory(
    dsl: Membership, learner: Person
) -> None:
    text = HEADER + "learner,Sam,Okafor,,L0200,\n" + "learner,Alex,Morgan,,L0001,\n"

    result = import_people_csv(dsl, text)

    assert _where(result) == [(3, "reference")]
    assert Person.objects.count() == 1


def test_import_reports_missing_and_unknown_columns_against_line_1(dsl: Membership) -> None:
    result = import_people_csv(dsl, "kind,given_name,surname\nlearner,Robin,Ashdown\n")

    assert _where(result) == [(1, "surname"), (1, "family_name")]
    assert not Person.objects.exists()


def test_import_without_a_header_row_says_so_without_echoing_the_row(dsl: Membership) -> None:
    result = import_people_csv(dsl, "learner,Robin,Ashdown\n")

    assert _where(result) == [(1, "")]
    assert "header" in result.problems[0].message
    assert "Ashdown" not in result.problems[0].message


def test_import_refuses_a_file_that_is_not_utf8_naming_the_line(dsl: Membership) -> None:
    data = (HEADER + "learner,Renée,Ashdown,,,\n").encode("cp1252")

    result = import_people_csv(dsl, data)

    assert _where(result) == [(2, "")]
    assert "UTF-8" in result.problems[0].message
    assert not Person.objects.exists()


@pytest.mark.parametrize("text", ["", "  \n\n", b""])
def test_import_refuses_an_empty_file(dsl: Membership, text: str | bytes) -> None:
    result = import_people_csv(dsl, text)

    assert _where(result) == [(1, "")]
    assert "empty" in result.problems[0].message


def test_import_refuses_a_header_with_no_people(dsl: Membership) -> None:
    result = import_people_csv(dsl, HEADER)

    assert _where(result) == [(1, "")]


def test_import_refuses_more_than_the_row_limit(dsl: Membership) -> None:
    rows = "".join(f"learner,Given{n},Family{n},,,\n" for n in range(MAX_IMPORT_ROWS + 1))

    result = import_people_csv(dsl, HEADER + rows)

    assert len(result.problems) == 1
    assert "5,000" in result.problems[0].message
    assert not Person.objects.exists()


def test_import_of_the_row_limit_succeeds(dsl: Membership) -> None:
    rows = "".join(f"learner,Given{n},Family{n},,R{n},\n" for n in range(MAX_IMPORT_ROWS))

    result = import_people_csv(dsl, HEADER + rows)

    assert result.created == MAX_IMPORT_ROWS


def test_import_line_numbers_count_blank_lines_and_multiline_cells(dsl: Membership) -> None:
    text = HEADER + "\n" + 'learner,"Robin\nJames",Ashdown,,,\n' + "pupil,Sam,Okafor,,,\n"

    result = import_people_csv(dsl, text)

    # Line 2 is blank, the quoted name spans lines 3-4, the bad row is line 5.
    assert _where(result) == [(5, "kind")]


def test_import_reports_a_row_longer_than_the_header(dsl: Membership) -> None:
    result = import_people_csv(dsl, "kind,given_name,family_name\nlearner,Robin,Ashdown,extra\n")

    assert _where(result) == [(2, "")]


def test_import_treats_missing_cells_of_a_short_row_as_blank(dsl: Membership) -> None:
    result = import_people_csv(dsl, HEADER + "learner,Robin\n")

    assert _where(result) == [(2, "family_name")]


def test_teacher_cannot_import_people(teacher: Membership) -> None:
    with pytest.raises(NotPermitted):
        import_people_csv(teacher, HEADER + "learner,Robin,Ashdown,,,\n")
