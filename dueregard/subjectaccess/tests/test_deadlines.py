"""The one-calendar-month deadline and the three-month limit of an extension."""

from __future__ import annotations

from datetime import date

import pytest

from dueregard.subjectaccess.deadlines import due_on, latest_extension


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 3, 4), date(2026, 4, 4)),
        (date(2026, 1, 31), date(2026, 2, 28)),  # no 31 February: the month's last day
        (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year
        (date(2028, 1, 30), date(2028, 2, 29)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 15), date(2027, 1, 15)),  # over the year's end
        (date(2026, 2, 28), date(2026, 3, 28)),
    ],
)
def test_the_response_is_due_one_calendar_month_after_receipt(received, due):
    assert due_on(received) == due


def test_an_extension_may_run_to_three_months_after_receipt():
    assert latest_extension(date(2026, 11, 30)) == date(2027, 2, 28)
    assert latest_extension(date(2027, 11, 30)) == date(2028, 2, 29)
    assert latest_extension(date(2026, 5, 10)) == date(2026, 8, 10)
