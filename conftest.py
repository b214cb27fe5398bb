"""Personas shared by every test. Each comment says what the persona may see.

DSLs, deputies and administrators must use a second factor. In tests,
``client.force_login`` stands for a complete sign-in by someone who has set up what their
role requires: it enrols an authenticator app for those roles and records the password and
second-factor steps in the session (``dueregard.accounts.testing.sign_in_completely``).
Tests of the sign-in itself post to the real pages instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from dueregard.accounts.testing import sign_in_completely
from dueregard.core.scope import unscoped
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


@pytest.fixture(autouse=True)
def _platform_scope() -> Iterator[None]:
    """Tests build data for several organisations directly, so they run unscoped.

    Requests through the test client still run inside the member's organisation scope
    (``MembershipMiddleware``), and ``core/tests/test_scope.py`` tests the scope itself.
    """
    with unscoped():
        yield


@pytest.fixture
def org(db: None) -> Organisation:
    return make_organisation("Larkfield Training")


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
