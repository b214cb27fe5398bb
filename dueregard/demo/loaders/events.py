"""Events demo data: five external speaker requests per organisation, in different states
(data in ``data/events.json``).

Every speaker, organisation and topic here is invented.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from dueregard.core.scope import organisation_scope
from dueregard.demo.engine import Demo, days, hours, read
from dueregard.events import services
from dueregard.events.models import EventRequest
from dueregard.organisations.models import Membership

_DATA = read("events")
#: (topic, organiser, speakers, venue, mode, audience, under 18s, days from now, state)
REQUESTS: dict[str, list[list[Any]]] = _DATA["requests"]
CHECKS: list[list[str]] = _DATA["checks"]
#: What the checks found for the request that was declined.
CONCERNING_CHECKS: list[list[str]] = _DATA["concerning_checks"]
FREEDOM: str = _DATA["freedom"]


#: One step of the history: when it happens, its place in the plan (ties), the work.
Step = tuple[datetime, int, Callable[[], object]]
#: Adds a step at a moment (see ``_plan``).
At = Callable[[datetime, Callable[[], object]], None]

Request = list[Any]


def _plan(demo: Demo, key: str, steps: list[Step]) -> None:
    """Add one organisation's requests to ``steps``; nothing is written here."""
    assert demo.set_up_at is not None
    org = demo.organisations[key]
    pk = org.organisation.pk
    earliest, latest = demo.set_up_at, demo.real_now

    def at(moment: datetime, work: Callable[[], object]) -> None:
        def scoped() -> None:
            with organisation_scope(pk):
                work()

        steps.append((min(max(moment, earliest), latest), len(steps), scoped))

    for request in REQUESTS[key]:
        _request(at, org.members, demo.real_now, request)


def _request(at: At, members: dict[str, Membership], now: datetime, request: Request) -> None:
    """One request's steps: submitted, checked, assessed, decided, held, as its state goes.

    The steps share ``made``, where the first one puts the request.
    """
    topic, group, speakers, venue, mode, audience, under_18s, offset, state = request
    organiser = members.get("tutor") or members["dsl"]
    checker = members["deputy"]
    starts = (now + days(offset)).replace(hour=13, minute=0, second=0, microsecond=0)
    submitted = min(starts - days(45), now - days(3))
    made: list[EventRequest] = []

    def submit() -> None:
        made.append(
            services.submit_request(
                organiser,
                services.NewEvent(
                    topic=topic,
                    organiser=group,
                    speakers=speakers.replace("; ", "\n"),
                    starts_at=starts,
                    ends_at=starts + hours(1.5),
                    venue=venue,
                    mode=mode,
                    audience=audience,
                    under_18s=under_18s,
                ),
            )
        )

    at(submitted, submit)
    checks: list[list[str]] = CONCERNING_CHECKS if state == "declined" else CHECKS
    checks = checks[:2] if state == "checking" else checks
    for index, (kind, outcome) in enumerate(checks):
        done = submitted + days(1 + index)
        at(done, _check(checker, made, (kind, outcome), done))
    if state == "checking":
        return

    def assess() -> None:
        services.assess(
            checker,
            made[0],
            risk_level="high" if state == "declined" else "medium" if under_18s else "low",
            risk_notes="Topic and audience considered; under-18s present."
            if under_18s
            else "Topic and audience considered.",
            independent_chair=state != "declined",
            recorded=mode != "in_person",
            balance_of_views=True,
            other_mitigations="Q&A open to the floor; a member of staff present throughout.",
        )

    at(submitted + days(6), assess)
    if state == "awaiting_decision":
        return
    decider = members["senior"] if state == "approved_conditions" else members["dsl"]

    def decide() -> None:
        if state == "declined":
            services.decide(
                decider,
                made[0],
                decision="declined",
                rationale=(
                    "The speaker would not accept a chair or questions, and recent talks "
                    "encouraged unlawful action against named groups."
                ),
                freedom_of_speech=(
                    "Lawful free speech weighed heavily; we offered a chaired format with "
                    "a second speaker, which was refused. The refusal, not the views, is "
                    "why we declined."
                ),
            )
        else:
            services.decide(
                decider,
                made[0],
                decision="approved_conditions" if state == "approved_conditions" else "approved",
                rationale="Checks were clear; the topic is of educational value.",
                freedom_of_speech=FREEDOM,
                conditions="An independent chair; slides shared a week before."
                if state == "approved_conditions"
                else "",
            )

    at(submitted + days(8), decide)
    if state == "held":
        at(
            starts + days(1),
            lambda: services.record_outcome(
                organiser,
                made[0],
                notes="Went as planned; good questions from learners; no concerns raised.",
            ),
        )


def _check(
    checker: Membership, made: list[EventRequest], check: tuple[str, str], done: datetime
) -> Callable[[], object]:
    kind, outcome = check
    return lambda: services.add_check(
        checker, made[0], kind=kind, outcome=outcome, done_on=done.date()
    )


def load(demo: Demo) -> Iterator[datetime]:
    """Both organisations' speaker requests, merged into one time order."""
    steps: list[Step] = []
    for key in demo.organisations:
        if key in REQUESTS:
            _plan(demo, key, steps)
    for moment, _, work in sorted(steps, key=lambda step: step[:2]):
        yield moment
        work()
