"""Policy register demo data: eight invented policies per organisation, with versions,
acknowledgements and one review overdue. The text is invented, not copied from any policy
(data in ``data/policies.json``).
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from itertools import count
from typing import Any

from django.utils import timezone

from dueregard.core.scope import organisation_scope
from dueregard.demo.engine import Demo, read
from dueregard.organisations.models import Membership, Role
from dueregard.policies import services
from dueregard.policies.models import Policy

_DATA = read("policies")
#: title, owner key, versions, months since the latest approval, review interval (months)
Row = list[Any]
POLICIES: list[Row] = _DATA["policies"]
LINKS: list[list[int]] = _DATA["links"]
SUMMARIES: list[str] = _DATA["summaries"]
BODY: str = _DATA["body"]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))


def _months_ago(today: date, months: int) -> date:
    return today - timedelta(days=round(months * 30.44))


#: One step of the history: when it happens, its place in the plan (ties), the work.
Step = tuple[datetime, int, Callable[[], object]]
#: Adds a step at a moment; a step may add later ones (see ``load``).
At = Callable[[datetime, Callable[[], object]], None]


def _plan(demo: Demo, key: str, at: At) -> None:
    """Add one organisation's first step, which adds the rest when it runs.

    The versions and acknowledgements are planned once the policies exist, from the staff
    then (the training demo's extra staff among them), with the draws in the same order.
    """
    org = demo.organisations[key]
    rng = random.Random(f"policies-{key}")  # noqa: S311 (demo only)
    today = demo.today
    set_up = min(timezone.localdate(m.created_at) for m in org.members.values())
    dsl = org.members["dsl"]
    name = org.organisation.name

    def plan_versions(policy: Policy, row: Row, readers: list[Membership]) -> None:
        title, _owner, versions, ago, _interval = row
        latest = _months_ago(today, ago)
        approvals = [latest - timedelta(days=365 * step) for step in reversed(range(versions))]
        approvals = [max(day, set_up + timedelta(days=3 + i)) for i, day in enumerate(approvals)]
        for number, approved in enumerate(approvals, start=1):
            at(
                _at(approved),
                _version(dsl, policy, number, approved, BODY.format(title=title, org=name)),
            )
            # Most staff confirm they have read each version within a few weeks (and before
            # the next version comes in).
            until = _at(approvals[number]) - timedelta(hours=1) if number < versions else None
            share = 0.85 if number == len(approvals) else 0.95
            for reader in readers:
                if rng.random() < share:
                    read_on = min(approved + timedelta(days=rng.randrange(1, 40)), today)
                    moment = _at(read_on) if until is None else min(_at(read_on), until)
                    at(moment, _acknowledge(reader, policy))

    def create_policies() -> None:
        made: list[Policy] = []
        for index, (title, owner_key, _versions, _ago, interval) in enumerate(POLICIES):
            # Each link is made when its second policy is added (links go both ways).
            others = {b if a == index else a for a, b in LINKS if index in (a, b)}
            made.append(
                services.create_policy(
                    dsl,
                    services.PolicyDetails(
                        title=title,
                        owner=org.members[owner_key].user,
                        review_interval_months=interval,
                        next_review_on=set_up + timedelta(days=30),
                        linked=[made[o] for o in sorted(others) if o < index],
                    ),
                )
            )
        readers = list(
            Membership.objects.active()
            .filter(organisation=org.organisation)
            .exclude(role=Role.INSPECTOR)
        )
        for policy, row in zip(made, POLICIES, strict=True):
            plan_versions(policy, row, readers)
        # Last week a deputy reviewed the external speakers policy and found no change
        # needed: its review dates move on, and the staff who read it need not read it again.
        reviewed_on = today - timedelta(days=7)
        at(
            _at(reviewed_on),
            lambda: services.record_review(
                org.members["deputy"],
                made[2],
                reviewed_on=reviewed_on,
                note=(
                    "Checked against the current Prevent duty guidance, this year's events "
                    "and the risk register. No change needed; the contacts are still right."
                ),
            ),
        )

    at(_at(set_up + timedelta(days=2)), create_policies)


def _version(
    dsl: Membership, policy: Policy, number: int, approved: date, text: str
) -> Callable[[], object]:
    return lambda: services.add_version(
        dsl,
        policy,
        summary=SUMMARIES[min(number - 1, len(SUMMARIES) - 1)],
        approved_by="Board of governors" if number % 2 else "Senior leadership team",
        approved_on=approved,
        effective_on=approved,
        text=text,
    )


def _acknowledge(reader: Membership, policy: Policy) -> Callable[[], object]:
    return lambda: services.acknowledge(reader, policy)


def load(demo: Demo) -> Iterator[datetime]:
    """Both organisations' policy registers, merged into one time order.

    A step may add later steps, so the steps wait in a heap, earliest first.
    """
    assert demo.set_up_at is not None
    earliest, latest = demo.set_up_at, demo.real_now
    queue: list[Step] = []
    order = count()
    now = earliest

    def at_for(pk: int) -> At:
        def at(moment: datetime, work: Callable[[], object]) -> None:
            def scoped() -> None:
                with organisation_scope(pk):
                    work()

            when = min(max(moment, earliest), latest)
            if when < now:
                raise ValueError("A policies demo step would act before the step adding it")
            heapq.heappush(queue, (when, next(order), scoped))

        return at

    for key, org in demo.organisations.items():
        _plan(demo, key, at_for(org.organisation.pk))
    while queue:
        now, _, work = heapq.heappop(queue)
        yield now
        work()
