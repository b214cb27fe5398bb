"""Training demo data: courses, requirements, a year of records, sessions and briefings.

Everyone and everything here is invented. A dozen more staff join each organisation (no
usable password: they are rows in the matrix, not logins). Records are spread so that most
people are in date, some fall due within 30 days, some are overdue and a few have never
done it, as a real college's matrix would look. Names and courses: ``data/training.json``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from dueregard.core.scope import organisation_scope
from dueregard.demo.engine import Demo, DemoOrganisation, read
from dueregard.organisations.members import MemberTerms, add_member
from dueregard.organisations.models import Membership, Role
from dueregard.training.models import Course
from dueregard.training.services import briefings, records
from dueregard.training.services import courses as course_services

_DATA = read("training")
GIVEN: list[str] = _DATA["given"]
FAMILY: list[str] = _DATA["family"]
JOBS: list[str] = _DATA["jobs"]
#: title, provider, kind, months
COURSES: list[list[Any]] = _DATA["courses"]


#: One step of the history: when it happens, its place in the plan (ties), the work.
Step = tuple[datetime, int, Callable[[], object]]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _plan(demo: Demo, key: str, steps: list[Step]) -> None:
    """Add one organisation's training history to ``steps``; nothing is written here.

    Steps share ``courses`` and ``extra``, which the earlier steps fill in; every random
    draw is made here, in the order the history was first written, so the data is the same.
    """
    assert demo.set_up_at is not None
    org: DemoOrganisation = demo.organisations[key]
    pk = org.organisation.pk
    earliest, latest = demo.set_up_at, demo.real_now

    def at(moment: datetime, work: Callable[[], object]) -> None:
        def scoped() -> None:
            with organisation_scope(pk):
                work()

        steps.append((min(max(moment, earliest), latest), len(steps), scoped))

    rng = random.Random(f"training-{key}")  # noqa: S311 (demo only)
    dsl, admin = org.members["dsl"], org.members["admin"]
    today = demo.today
    set_up = min(m.created_at for m in org.members.values())
    start = timezone.localdate(set_up) + timedelta(days=1)
    courses: dict[str, Course] = {}
    extra: list[Membership] = []

    def add_courses() -> None:
        for title, provider, kind, months in COURSES:
            courses[title] = course_services.add_course(
                dsl, title=title, provider=provider, kind=kind, validity_months=months
            )
        course_services.add_default_requirements(dsl)

    at(_at(start), add_courses)

    # A dozen more staff, no usable password: rows in the matrix, not logins.
    domain = dsl.user.email.split("@")[1]
    joiners = []
    for index in range(12):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        email = f"{given}.{family}.{index}@{domain}".lower().replace("'", "")
        joiners.append((email, f"{given} {family}", rng.choice(JOBS)))

    def add_extra_staff() -> None:
        for email, full_name, job in joiners:
            terms = MemberTerms(role=Role.STAFF, job_title=job)
            extra.append(add_member(dsl, email=email, full_name=full_name, terms=terms))

    at(_at(start), add_extra_staff)

    # Staff by position: the logins (not the inspector), then the extra staff.
    logins = [m for k, m in org.members.items() if k != "inspector"]

    def member_at(position: int) -> Membership:
        return logins[position] if position < len(logins) else extra[position - len(logins)]

    staff = range(len(logins) + len(joiners))
    # New starters: two of them joined last month, so they are within their 28 days.
    new_starters = {len(logins), len(logins) + 1}

    def profile(position: int, started: date) -> Callable[[], object]:
        site = org.sites[position % len(org.sites)]
        return lambda: records.save_profile(dsl, member_at(position), site=site, started_on=started)

    for position in staff:
        if position in new_starters:
            joined = today - timedelta(days=10 + position)
            at(_at(joined), profile(position, joined))
        else:
            started = start - timedelta(days=rng.randrange(200, 2000))
            at(_at(start), profile(position, started))

    # A year of Prevent awareness: most in date, some due soon, some overdue, a few never.
    def prevent(position: int, done: date) -> Callable[[], object]:
        # Nobody verifies their own training: the DSL records the administrator's.
        return lambda: records.record_training(
            dsl if member_at(position).pk == admin.pk else admin,
            member=member_at(position),
            course=courses["Prevent awareness"],
            completed_on=done,
            verified=True,
            past_record=True,
        )

    for position in staff:
        if position in new_starters:
            continue  # not done yet
        roll = rng.random()
        if roll < 0.08:
            continue  # never done
        if roll < 0.2:
            done = today - timedelta(days=rng.randrange(372, 420))  # overdue
        elif roll < 0.35:
            done = today - timedelta(days=rng.randrange(336, 362))  # due within 30 days
        else:
            done = today - timedelta(days=rng.randrange(20, 320))
        recorded = max(done + timedelta(days=rng.randrange(1, 6)), start)
        at(_at(min(recorded, today), 14), prevent(position, done))

    # A face-to-face refresher session for the safeguarding team, recorded from the register.
    team = [m for m in logins if m.role in (Role.DSL, Role.DEPUTY_DSL)]
    refresher = "DSL safeguarding and Prevent refresher"
    session_day = max(today - timedelta(days=150), start)
    at(
        _at(session_day, 16),
        lambda: records.record_session(
            dsl, course=courses[refresher], completed_on=session_day, attendees=team[1:]
        ),
    )
    # The DSL's own refresher falls due within the month (a past record, which the
    # administrator verifies: nobody verifies their own).
    at(
        _at(start, 15),
        lambda: records.record_training(
            admin,
            member=dsl,
            course=courses[refresher],
            completed_on=today - timedelta(days=710),
            verified=True,
            past_record=True,
        ),
    )
    # Board members: a briefing that the DSL counts toward their annual requirement.
    seniors = [m for m in logins if m.role == Role.SENIOR_LEADER]
    board_day = today - timedelta(days=95)
    at(
        _at(board_day, 18),
        lambda: briefings.add_briefing(
            dsl,
            title="Prevent duty update for the board",
            given_by="The DSL",
            held_on=board_day,
            summary="The duty, our risk register and action plan, referral figures (anonymised).",
            attendees=[*seniors, dsl],
            counts_as=courses["Prevent briefing for governors and board members"],
        ),
    )
    # A police counter-terrorism briefing: CPD for the team, not counted toward a course.
    police_day = today - timedelta(days=40)
    at(
        _at(police_day, 12),
        lambda: briefings.add_briefing(
            dsl,
            title="Counter-terrorism local picture",
            given_by="Invented Constabulary Prevent Engagement Team",
            held_on=police_day,
            summary=(
                "Trends in online radicalisation locally; how to refer; no individuals discussed."
            ),
            attendees=team,
        ),
    )


def _own_record(demo: Demo, key: str, steps: list[Step]) -> None:
    """A tutor records their own Channel awareness e-learning: it awaits verification."""
    org = demo.organisations[key]
    pk, tutor = org.organisation.pk, org.members["tutor"]
    done = demo.today - timedelta(days=3)

    def work() -> None:
        with organisation_scope(pk):
            course = Course.objects.get(organisation_id=pk, title="Channel awareness")
            records.record_own_training(tutor, course=course, completed_on=done)

    moment = min(_at(done + timedelta(days=1), 17), demo.real_now)
    steps.append((moment, len(steps), work))


def load(demo: Demo) -> Iterator[datetime]:
    """Both organisations' training histories, merged into one time order."""
    steps: list[Step] = []
    for key in demo.organisations:
        _plan(demo, key, steps)
    for key in demo.organisations:
        _own_record(demo, key, steps)
    for moment, _, work in sorted(steps, key=lambda step: step[:2]):
        yield moment
        work()
