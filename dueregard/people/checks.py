"""Checks on a person's details, shared by the services and the CSV import.

Each returns the message to show, or None when the value is fine. Messages never repeat
the value back, so they are safe to print and show.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.people.models import Person

EARLIEST_BIRTH_YEAR = 1900
NAME_MAX = Person._meta.get_field("given_name").max_length or 100
REFERENCE_MAX = Person._meta.get_field("reference").max_length or 40


def name_problem(value: str, label: str) -> str | None:
    if not value:
        return _("Enter the %(label)s.") % {"label": label}
    if len(value) > NAME_MAX:
        return _("The %(label)s must be %(max)d characters or fewer.") % {
            "label": label,
            "max": NAME_MAX,
        }
    return None


def date_of_birth_problem(value: date | None) -> str | None:
    if value is None:
        return None
    if value > timezone.localdate():
        return _("The date of birth must be today or in the past.")
    if value.year < EARLIEST_BIRTH_YEAR:
        return _("The date of birth must be after %(year)d.") % {"year": EARLIEST_BIRTH_YEAR}
    return None


def reference_problem(value: str) -> str | None:
    if len(value) > REFERENCE_MAX:
        return _("The reference must be %(max)d characters or fewer.") % {"max": REFERENCE_MAX}
    return None
