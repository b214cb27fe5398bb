"""The compliance rule at every boundary: a pure function of requirement, records and date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dueregard.training.compliance import State, add_months, state_for

TODAY = date(2026, 6, 15)


def state(
    completed: list[date], *, months: int | None = 12, started: date = date(2020, 1, 1)
) -> State:
    return state_for(
        interval_months=months,
        new_starter_days=28,
        completed=completed,
        started_on=started,
        today=TODAY,
    ).state


def done_so_due_on(due: date) -> date:
    """The completion date that makes a 12-month requirement fall due on ``due``."""
    return date(due.year - 1, due.month, due.day)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (TODAY - timedelta(days=1), State.OVERDUE),  # expired yesterday
        (TODAY, State.DUE_SOON),  # due today: still current, due now
        (TODAY + timedelta(days=30), State.DUE_SOON),  # due in 30 days
        (TODAY + timedelta(days=31), State.IN_DATE),  # due in 31 days
        (TODAY - timedelta(days=400), State.OVERDUE),
    ],
)
def test_state_at_each_boundary(due: date, expected: State) -> None:
    assert state([done_so_due_on(due)]) == expected


def test_never_done_is_its_own_state_with_a_new_starter_deadline() -> None:
    status = state_for(
        interval_months=12, new_starter_days=28, completed=[], started_on=TODAY, today=TODAY
    )
    assert status.state == State.NEVER
    assert status.due_on == TODAY + timedelta(days=28)
    assert not status.compliant


def test_the_latest_completion_counts() -> None:
    old = done_so_due_on(TODAY - timedelta(days=100))
    recent = TODAY - timedelta(days=10)
    assert state([old, recent]) == State.IN_DATE
    assert state([recent, old]) == State.IN_DATE


def test_one_off_requirement_is_in_date_for_ever_once_done() -> None:
    assert state([date(2001, 1, 1)], months=None) == State.IN_DATE


def test_due_soon_still_counts_as_compliant_but_overdue_does_not() -> None:
    soon = state_for(
        interval_months=12,
        new_starter_days=28,
        completed=[done_so_due_on(TODAY)],
        started_on=TODAY,
        today=TODAY,
    )
    late = state_for(
        interval_months=12,
        new_starter_days=28,
        completed=[done_so_due_on(TODAY - timedelta(days=1))],
        started_on=TODAY,
        today=TODAY,
    )
    assert soon.compliant and not late.compliant


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 6, 15), 24, date(2028, 6, 15)),
    ],
)
def test_add_months_keeps_to_the_calendar(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected
