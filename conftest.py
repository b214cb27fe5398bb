"""Personas shared by every test. Each comment says what the persona may see.

DSLs, deputies and administrators must use a second factor. In tests,
``client.force_login`` stands for a complete sign-in by someone who has set up what their
role requires: it enrols an authenticator app for those roles and records the password and
second-factor steps in the session (``dueregard.accounts.testing.sign_in_completely``).
Tests of the sign-in itself post to the real pages instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from dueregard.accounts.testing import sign_in_completely
from dueregard.core.scope import organisation_scope, unscoped
from dueregard.organisations.models import Membership, Organisation, Role
from dueregard.people.models import Person
from dueregard.testing.factories import make_member, make_organisation, make_person


@pytest.fixture(autouse=True)
def _force_login_records_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    original = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        sign_in_completely(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


#: ``DUEREGARD_TEST_CLOCK=02:30`` (or ``2026-10-25 01:30``) runs the whole session with
#: the clock moved to that UK time (today's date unless given), still ticking: a test
#: that depends on when it runs fails here rather than on someone's machine at night.
CLOCK_VARIABLE = "DUEREGARD_TEST_CLOCK"
_session_clock: Any = None
_session_instant: datetime | None = None


def _clock_instant(value: str) -> datetime:
    try:
        if " " in value or "T" in value:
            moment = datetime.fromisoformat(value)
        else:
            today = datetime.now(ZoneInfo("Europe/London")).date()
            moment = datetime.combine(today, time.fromisoformat(value))
    except ValueError:
        raise pytest.UsageError(
            f"{CLOCK_VARIABLE}={value!r}: expected HH:MM or YYYY-MM-DD HH:MM (UK time)"
        ) from None
    return moment.replace(tzinfo=ZoneInfo("Europe/London"))


def pytest_configure(config: pytest.Config) -> None:
    global _session_clock, _session_instant
    config.addinivalue_line(
        "markers", "unscoped: the test reads several organisations' data (few should)"
    )
    value = os.environ.get(CLOCK_VARIABLE, "").strip()
    if value:
        _session_instant = _clock_instant(value)
        _session_clock = time_machine.travel(_session_instant, tick=True)
        _session_clock.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _session_clock is not None:
        _session_clock.stop()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Name the instant the clock was moved to, even under ``-q``."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if _session_instant is not None and reporter is not None:
        reporter.write_line(
            f"{CLOCK_VARIABLE}: the clock is moved to {_session_instant.isoformat()} "
            "(Europe/London) and ticks on"
        )


#: A weekday afternoon in term time, UK time. Tests that post times of "today" (a note at
#: 09:00) or count days from now run at it, whenever the suite runs.
WORKING_DAY = datetime(2026, 5, 13, 14, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def working_day() -> Iterator[datetime]:
    """The clock at ``WORKING_DAY`` for the test, still ticking."""
    with time_machine.travel(WORKING_DAY, tick=True):
        yield WORKING_DAY


@pytest.fixture(autouse=True)
def _organisation_scope(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests run fail-closed, as the application does (``core.scope``).

    A test runs with no scope, where a query of organisation data raises, until it uses
    the ``org`` fixture (as every persona does): from then on it runs inside that
    organisation's scope, and another organisation's rows are invisible unless the test
    opens their scope (``dueregard.testing.factories.in_scope``). The few tests that must
    read several organisations at once say so with ``@pytest.mark.unscoped``. Factories
    open the scope they need to build data, and requests through the test client open
    the member's scope (``MembershipMiddleware``).
    """
    if request.node.get_closest_marker("unscoped") is not None:
        with unscoped():
            yield
        return
    with organisation_scope(None):
        yield


@pytest.fixture
def org(db: None, request: pytest.FixtureRequest) -> Iterator[Organisation]:
    """The organisation of the personas: the test runs inside its scope from here on."""
    organisation = make_organisation("Larkfield Training")
    if request.node.get_closest_marker("unscoped") is not None:
        yield organisation
        return
    with organisation_scope(organisation.pk):
        yield organisation


@pytest.fixture
def other_org(db: None) -> Organisation:
    return make_organisation("Brookmere College")


@pytest.fixture
def dsl(org: Organisation) -> Membership:
    """The DSL / Prevent lead: everything in the organisation; approves referrals."""
    return make_member(org, Role.DSL, "dsl@larkfield.example", "Dana Lead")


@pytest.fixture
def deputy(org: Organisation) -> Membership:
    """Deputy DSL: triage and cases; cannot approve referrals or restrict cases."""
    return make_member(org, Role.DEPUTY_DSL, "deputy@larkfield.example", "Devon Second")


@pytest.fixture
def teacher(org: Organisation) -> Membership:
    """Staff: raises concerns, sees only their own receipts and coarse status."""
    return make_member(org, Role.STAFF, "teacher@larkfield.example", "Terry Tutor")


@pytest.fixture
def governor(org: Organisation) -> Membership:
    """Senior leader / board member: aggregated figures only, no case or concern."""
    return make_member(org, Role.SENIOR_LEADER, "governor@larkfield.example", "Gale Board")


@pytest.fixture
def admin(org: Organisation) -> Membership:
    """Administrator: people directory and settings; no case content."""
    return make_member(org, Role.ADMINISTRATOR, "admin@larkfield.example", "Ash Admin")


@pytest.fixture
def inspector(org: Organisation) -> Membership:
    """Inspector: time-limited; no personal data at all."""
    return make_member(org, Role.INSPECTOR, "inspector@larkfield.example", "Ira Visit")


@pytest.fixture
def outsider_dsl(other_org: Organisation) -> Membership:
    """DSL of another organisation: must get 404 for every object of the first."""
    return make_member(other_org, Role.DSL, "dsl@brookmere.example", "Olly Outside")


@pytest.fixture
def learner(org: Organisation) -> Person:
    return make_person(org, "Robin", "Ashdown", reference="L0001")


def login(client: Client, membership: Membership) -> Client:
    client.force_login(membership.user)
    return client


@pytest.fixture
def as_dsl(client: Client, dsl: Membership) -> Client:
    return login(client, dsl)
