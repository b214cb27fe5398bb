"""Checks demo data: termly filtering and monitoring checks (one found a gap), a few
monitoring alerts by category, a multi-faith room with its checks and calendar dates.
All invented; no alert says who it was about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from dueregard.checks import services
from dueregard.core.scope import organisation_scope
from dueregard.demo.engine import Demo

Step = tuple[datetime, int, Callable[[], object]]

CHECKS = [
    (
        160,
        "filtering",
        "A test page in each blocked category, from a learner account",
        "worked",
        "",
    ),
    (
        75,
        "monitoring",
        "A test phrase typed on a learner laptop raised an alert to the DSL",
        "gap",
        "Alerts went to a former deputy's address; the alert list was corrected the same day.",
    ),
    (20, "filtering", "Blocked categories and a new proxy site, from the guest wifi", "worked", ""),
]
ALERTS = [
    (120, "extremism", 0, "no_action"),
    (64, "self-harm", 0, "concern"),
    (9, "weapons", 1, "false_positive"),
]
DATES = [
    (25, "Diwali", "Prayer room open late"),
    (95, "Eid al-Adha", "Prayer room bookable all day"),
]


def _plan(demo: Demo, key: str, steps: list[Step]) -> None:
    assert demo.set_up_at is not None
    org = demo.organisations[key]
    dsl = org.members["dsl"]
    checker = org.members.get("admin", dsl)
    earliest = demo.set_up_at + timedelta(days=2)
    latest = demo.real_now - timedelta(minutes=5)

    def at(days_ago: int, hour: int = 11) -> datetime:
        day = demo.today - timedelta(days=days_ago)
        moment = timezone.make_aware(datetime.combine(day, time(hour, 0)))
        return min(max(moment, earliest), latest)

    def add(moment: datetime, work: Callable[[], object]) -> None:
        def scoped() -> None:
            with organisation_scope(org.organisation.pk):
                work()

        steps.append((moment, len(steps), scoped))

    for days_ago, kind, tested, result, action in CHECKS:
        moment = at(days_ago)

        def check(
            m: datetime = moment, k: str = kind, t: str = tested, r: str = result, a: str = action
        ) -> None:
            services.record_check(
                checker,
                kind=k,
                checked_on=m.date(),
                tested=t,
                result=r,
                action=a,
                checked_by=checker.user,
            )

        add(moment, check)
    for days_ago, category, delay, outcome in ALERTS:
        moment = at(days_ago - delay)

        def alert(
            m: datetime = moment, c: str = category, d: int = delay, o: str = outcome
        ) -> None:
            received: date = max(m.date() - timedelta(days=d), earliest.date())
            services.log_alert(dsl, received_on=received, category=c, passed_on=m.date(), outcome=o)

        add(moment, alert)
    room_at = at(180, hour=9)
    made: list[object] = []

    def room() -> None:
        made.append(
            services.save_room(
                dsl,
                None,
                name="Multi-faith room",
                site=org.sites[0] if org.sites else None,
                rules="Open 8am to 6pm; bookable for groups at reception; open to learners and "
                "staff of every faith and none; no materials left in the room.",
                overseen_by=dsl.user,
            )
        )

    add(room_at, room)
    for days_ago in (120, 30):
        moment = at(days_ago, hour=16)

        def room_check(m: datetime = moment) -> None:
            services.check_room(
                dsl,
                made[0],  # type: ignore[arg-type]
                checked_on=m.date(),
                findings="Tidy; rules and booking sheet displayed; nothing left in the room.",
                action="",
            )

        add(moment, room_check)
    dates_at = at(40, hour=10)

    def calendar() -> None:
        for ahead, name, notes in DATES:
            services.add_faith_date(
                dsl, observed_on=demo.today + timedelta(days=ahead), name=name, notes=notes
            )

    add(dates_at, calendar)


def load(demo: Demo) -> Iterator[datetime]:
    steps: list[Step] = []
    for key in demo.organisations:
        _plan(demo, key, steps)
    for moment, _, work in sorted(steps, key=lambda step: step[:2]):
        yield moment
        work()
