"""Partnership demo data: invented meetings with Prevent partners, the national threat
level, notes on the local picture and one staff update most staff have acknowledged
(data in ``data/partnership.json``). No real agency, officer or place.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from dueregard.core.scope import organisation_scope
from dueregard.demo.engine import Demo, DemoOrganisation, read
from dueregard.partnership import services

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
            lambda e=entry, m=moment: services.record_threat_level(
                dsl, level=e["level"], changed_on=m.date(), response=e["response"]
            ),
        )
    for row in _DATA["meetings"]:
        moment = at(row["days_ago"])
        holder: dict[str, Any] = {}

        def record(
            r: dict[str, Any] = row, m: datetime = moment, h: dict[str, Any] = holder
        ) -> None:
            h["meeting"] = services.record_meeting(
                dsl,
                services.MeetingData(
                    held_on=m.date(),
                    kind=r["kind"],
                    title=r["title"],
                    attended=r["attended"],
                    learnt=r["learnt"],
                    actions=r["actions"],
                ),
            )

        add(moment, record)
        if row["note"]:
            later = at(row["days_ago"], hour=15)
            add(
                later,
                lambda r=row, m=later, h=holder: services.add_picture_note(
                    dsl,
                    noted_on=m.date(),
                    note=r["note"]["note"],
                    response=r["note"]["response"],
                    meeting=h["meeting"],
                ),
            )
        if row["item_after_days"] is not None:
            when = at(row["days_ago"] - row["item_after_days"])
            add(
                when,
                lambda h=holder, w=when: services.make_action_item(
                    dsl,
                    h["meeting"].actions.order_by("id")[0],
                    due_on=w.date() + timedelta(days=60),
                ),
            )
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


def load(demo: Demo) -> Iterator[datetime]:
    """Both organisations' partnership records, merged into one time order."""
    steps: list[Step] = []
    for key, demo_org in demo.organisations.items():
        _plan(demo, key, demo_org, steps)
    for moment, _, work in sorted(steps, key=lambda step: step[:2]):
        yield moment
        work()
