"""Checking rows of people, shared by the CSV import and the MIS sync. Nothing here writes.

A row is a mapping of field names to values: strings from a CSV file, JSON values from a
JSON file or the API. ``PersonRowChecker.check`` turns one row into a ``CheckedPerson`` or
records every problem of it, each with the row's position (a file line or a list index)
and the field. The rules themselves are the ones the add and change forms use
(``people/checks.py``); messages never repeat the value back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from dueregard.organisations.models import Site
from dueregard.people.checks import date_of_birth_problem, name_problem, reference_problem
from dueregard.people.models import PersonKind

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
TRUE_WORDS = frozenset({"yes", "y", "true", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", ""})


@dataclass(frozen=True)
class RowProblem:
    """One problem of one row: where (a line or an index, as the caller counts), which field."""

    position: int
    field: str
    message: str


@dataclass(frozen=True)
class CheckedPerson:
    """A row's details, tidied and checked. ``left_on`` is None while the person is current."""

    kind: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    reference: str
    site: Site | None
    left_on: date | None = None


def parse_date(value: str) -> date | None:
    """A date written as YYYY-MM-DD or DD/MM/YYYY, or None."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_kind(value: str) -> str | None:
    """The kind's value from its value or its label, in any case; None when neither."""
    wanted = value.strip().lower()
    for choice in PersonKind:
        if wanted in (choice.value, str(choice.label).lower()):
            return choice.value
    return None


class PersonRowChecker:
    """Checks rows one by one for one organisation, collecting every problem.

    ``reference_required``: the sync matches people by reference, so every row needs one;
    the CSV import does not. A reference may appear once among the rows checked.
    ``today`` is the day a ``left`` without a date counts as the day left; a date left after
    ``today`` is not a leaving yet. ``by_line``: positions are the lines of a CSV file (else
    list indexes); the file's header row has already reported a missing required column, so
    a row without that column is not reported again.
    """

    def __init__(
        self, organisation_id: int, *, reference_required: bool, today: date, by_line: bool
    ) -> None:
        self.sites = {
            site.name.strip().casefold(): site
            for site in Site.objects.filter(organisation_id=organisation_id)
        }
        self.reference_required = reference_required
        self.today = today
        self.by_line = by_line
        self.problems: list[RowProblem] = []
        self.first_position_of_reference: dict[str, int] = {}

    def problem(self, position: int, field: str, message: str) -> None:
        self.problems.append(RowProblem(position, field, message))

    def _text(self, position: int, values: Mapping[str, object], field: str) -> str | None:
        """The field's text, stripped ("" when absent or null); None (and a problem) if not text."""
        value = values.get(field)
        if value is None:
            return ""
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # an MIS's numeric id
        self.problem(position, field, _("Write this as text."))
        return None

    def check(self, position: int, values: Mapping[str, object]) -> CheckedPerson | None:
        """The checked details of the row, or None when it has a problem (recorded)."""
        start = len(self.problems)
        kind = self._kind(position, values)
        names = {"given_name": "", "family_name": ""}
        for field, label in (("given_name", _("given name")), ("family_name", _("family name"))):
            text = self._text(position, values, field)
            if text is not None and (field in values or not self.by_line):
                message = name_problem(text, label)
                if message:
                    self.problem(position, field, message)
            if text is not None:
                names[field] = text
        born = self._date_of_birth(position, values)
        reference = self._reference(position, values)
        site = self._site(position, values)
        left_on = self._left_on(position, values)
        if len(self.problems) > start or kind is None or reference is None:
            return None
        return CheckedPerson(
            kind=kind,
            given_name=names["given_name"],
            family_name=names["family_name"],
            date_of_birth=born,
            reference=reference,
            site=site,
            left_on=left_on,
        )

    def _kind(self, position: int, values: Mapping[str, object]) -> str | None:
        text = self._text(position, values, "kind")
        if text is None or ("kind" not in values and self.by_line):
            return None
        kind = parse_kind(text)
        if kind is None:
            self.problem(
                position,
                "kind",
                _("Write one of: %(kinds)s.") % {"kinds": ", ".join(PersonKind.values)},
            )
        return kind

    def _date(self, position: int, values: Mapping[str, object], field: str) -> date | None:
        text = self._text(position, values, field)
        if not text:
            return None
        parsed = parse_date(text)
        if parsed is None:
            self.problem(
                position,
                field,
                _("Write the date as YYYY-MM-DD or DD/MM/YYYY, for example 2009-03-03."),
            )
        return parsed

    def _date_of_birth(self, position: int, values: Mapping[str, object]) -> date | None:
        born = self._date(position, values, "date_of_birth")
        message = date_of_birth_problem(born)
        if message:
            self.problem(position, "date_of_birth", message)
        return born

    def _reference(self, position: int, values: Mapping[str, object]) -> str | None:
        reference = self._text(position, values, "reference")
        if reference is None:
            return None
        if not reference:
            if self.reference_required:
                self.problem(
                    position,
                    "reference",
                    _("Enter the person's reference: the MIS's own id for them."),
                )
                return None
            return reference
        message = reference_problem(reference)
        earlier = self.first_position_of_reference.setdefault(reference, position)
        if message:
            self.problem(position, "reference", message)
        elif earlier != position:
            message = (
                _("Line %(n)d has the same reference.")
                if self.by_line
                else _("The row at index %(n)d has the same reference.")
            )
            self.problem(position, "reference", message % {"n": earlier})
        return reference

    def _site(self, position: int, values: Mapping[str, object]) -> Site | None:
        name = self._text(position, values, "site")
        if not name:
            return None
        site = self.sites.get(name.casefold())
        if site is None:
            self.problem(position, "site", self.unknown_site_message(name))
        return site

    def _left_on(self, position: int, values: Mapping[str, object]) -> date | None:
        """The day the person left, or None while they are current."""
        raw = values.get("left")
        left: bool | None
        if raw is None or isinstance(raw, bool):
            left = raw
        elif isinstance(raw, str) and raw.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            left = raw.strip().lower() in TRUE_WORDS
        else:
            self.problem(position, "left", _("Write true or false (yes or no)."))
            return None
        left_on = self._date(position, values, "left_on")
        if left is False and left_on is not None:
            self.problem(position, "left_on", _("A date left is given but the row says not left."))
            return None
        if left_on is not None:
            # A planned leaving date: the person is current until that day's sync.
            return left_on if left_on <= self.today else None
        return self.today if left else None

    def unknown_site_message(self, name: str) -> str:
        if not self.sites:
            return _("There is no site called '%(name)s': your organisation has no sites.") % {
                "name": name
            }
        names = ", ".join(sorted(site.name for site in self.sites.values()))
        return _("There is no site called '%(name)s'. The sites are: %(names)s.") % {
            "name": name,
            "names": names,
        }
