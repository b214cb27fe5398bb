"""Concerns by month on the dashboard: months are UK calendar months."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from dueregard.concerns.dashboard import concerns_by_month
from dueregard.testing.factories import make_concern

UK = ZoneInfo("Europe/London")


def raised_at(moment: datetime, teacher, learner) -> None:
    with time_machine.travel(moment, tick=False):
        make_concern(teacher, learner)


def test_the_twelve_months_start_at_midnight_uk_time_on_the_first_day(teacher, learner):
    # 00:30 on 1 June 2025 UK time is 23:30 on 31 May in UTC: it counts in June.
    raised_at(datetime(2025, 5, 31, 23, 30, tzinfo=UK), teacher, learner)
    raised_at(datetime(2025, 6, 1, 0, 30, tzinfo=UK), teacher, learner)
    raised_at(datetime(2025, 6, 30, 23, 30, tzinfo=UK), teacher, learner)
    raised_at(datetime(2026, 5, 13, 9, 0, tzinfo=UK), teacher, learner)

    with time_machine.travel(datetime(2026, 5, 13, 14, 0, tzinfo=UK), tick=False):
        rows = concerns_by_month(teacher.organisation_id)

    assert [(row.label, row.count) for row in rows][:2] == [("Jun 2025", 2), ("Jul 2025", 0)]
    assert (rows[-1].label, rows[-1].count) == ("May 2026", 1)
    assert len(rows) == 12
    assert sum(row.count for row in rows) == 3
