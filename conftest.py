"""Personas shared by every test. Each comment says what the persona may see."""

from __future__ import annotations

import pytest
from django.test import Client

from dueregard.organisations.models import Membership, Organisation, Role
from dueregard.people.models import Person
from dueregard.testing.factories import make_member, make_organisation, make_person


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
