"""Partnership demo data: invented meetings with Prevent partners, the national threat
level, notes on the local picture and one staff update most staff have acknowledged
(data in ``data/partnership.json``). No real agency, officer or place.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from functools import partial
from typing import Any

from django.utils import timezone

from dueregard.core.scope import organisation_scope
from dueregard.demo.engine import Demo, DemoOrganisation, read
from dueregard.organisations.models import Membership
from dueregard.partnership import services
from dueregard.partnership.models import Meeting

_DATA: dict[str, Any] = read("partnership")

#: One step of the history: when it happens, its place in the plan (ties), the work.
Step = tuple[datetime, int, Callable[[], object]]


def _plan(demo: Demo, key: str, demo_org: DemoOrganisation, steps: list[Step]) -> None:
    assert demo.set_up_at is not None
    earliest = demo.set_up_at + timedelta(days=1)
    latest = demo.real_now - timedelta(minutes=5)
    dsl = demo_org.members["dsl"]
    org_id = demo_org.organisation.pk
    rng = random.Random(f"partnership-{key}")  # noqa: S311 (demo only)

    def at(days_ago: int, hour: int = 10) -> datetime:
        day = demo.today - timedelta(days=days_ago)
        moment = timezone.make_aware(datetime.combine(day, time(hour, 0)))
        return min(max(moment, earliest), latest)

    def add(moment: datetime, work: Callable[[], object]) -> None:
        def scoped() -> None:
            with organisation_scope(org_id):
                work()

        steps.append((moment, len(steps), scoped))

    for entry in _DATA["threat_level"]:
        moment = at(entry["days_ago"])
        add(
            moment,
            partial(
                services.record_threat_level,
                dsl,
                level=entry["level"],
                changed_on=moment.date(),
                response=entry["response"],
            ),
        )
    for row in _DATA["meetings"]:
        _plan_meeting(dsl, row, at, add)
    update = _DATA["update"]
    sent_at = at(update["days_ago"], hour=9)
    sent: dict[str, Any] = {}
    add(
        sent_at,
        lambda: sent.setdefault(
            "update", services.send_update(dsl, title=update["title"], body=update["body"])
        ),
    )

    def acknowledgements() -> None:
        readers = [
            m
            for m in services.recipients(sent["update"]).order_by("pk")
            if rng.random() < update["share_acknowledged"]
        ]
        for reader in readers:
            services.acknowledge(reader, sent["update"])

    add(at(update["days_ago"] - 2, hour=12), acknowledgements)


def _plan_meeting(
    dsl: Membership,
    row: dict[str, Any],
    at: Callable[..., datetime],
    add: Callable[[datetime, Callable[[], object]], None],
) -> None:
    """A meeting, its note on the local picture and (for some) an action made an item."""
    held = at(row["days_ago"])
    made: list[Meeting] = []

    def record() -> None:
        data = services.MeetingData(
            held_on=held.date(),
            kind=row["kind"],
            title=row["title"],
            attended=row["attended"],
            learnt=row["learnt"],
            actions=row["actions"],
        )
        made.append(services.record_meeting(dsl, data))

    add(held, record)
    if row["note"]:
        noted = at(row["days_ago"], hour=15)

        def note() -> None:
            services.add_picture_note(
                dsl,
                noted_on=noted.date(),
                note=row["note"]["note"],
                response=row["note"]["response"],
                meeting=made[0],
            )

        add(noted, note)
    if row["item_after_days"] is not None:
        when = at(row["days_ago"] - row["item_after_days"])

        def item() -> None:
            action = made[0].actions.order_by("id")[0]
            services.make_action_item(dsl, action, due_on=when.date() + timedelta(days=60))

        add(when, item)


def load(demo: Demo) -> Iterator[datetime]:
    """Both organisations' partnership records, merged into one time order."""
    steps: list[Step] = []
    for key, demo_org in demo.organisations.items():
        _plan(demo, key, demo_org, steps)
    for moment, _, work in sorted(steps, key=lambda step: step[:2]):
        yield moment
        work()
