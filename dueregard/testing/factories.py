"""Builders for test and demo data. Every name here is invented."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.concerns.models import Concern
from dueregard.concerns.services import NewConcern, raise_concern
from dueregard.core.scope import organisation_scope
from dueregard.organisations.models import Membership, Organisation, Role, Site
from dueregard.people.models import Person, PersonKind

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 (test and demo only)


@contextmanager
def in_scope(owner: Organisation | Membership) -> Iterator[None]:
    """Run the block inside the scope of this organisation (or member's organisation).

    Tests run inside their own organisation's scope; a test that builds or checks another
    organisation's data (``outsider_dsl``) opens that organisation's scope for it.
    """
    organisation_id = owner.organisation_id if isinstance(owner, Membership) else owner.pk
    with organisation_scope(organisation_id):
        yield


def make_organisation(name: str = "Larkfield Training", **extra: Any) -> Organisation:
    # Tests sign privileged roles in with an authenticator app unless they ask otherwise;
    # the passkey-only default has its own tests (accounts/tests/test_passkey_policy.py).
    extra.setdefault("privileged_factor", "any")
    organisation = Organisation.objects.create(name=name, **extra)
    Site.objects.create(organisation=organisation, name="Main campus")
    return organisation


def make_member(
    organisation: Organisation,
    role: str,
    email: str,
    full_name: str = "",
    *,
    receives_alerts: bool | None = None,
    password: str = PASSWORD,
) -> Membership:
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=password, full_name=full_name or email.split("@")[0].title()
    )
    if receives_alerts is None:
        receives_alerts = role in (Role.DSL, Role.DEPUTY_DSL)
    membership: Membership = Membership.objects.create(
        user=user, organisation=organisation, role=role, receives_alerts=receives_alerts
    )
    return membership


def make_person(
    organisation: Organisation, given: str = "Robin", family: str = "Ashdown", **extra: Any
) -> Person:
    extra.setdefault("kind", PersonKind.LEARNER)
    if extra.get("is_archived"):
        extra.setdefault("left_on", timezone.localdate())  # leaving is archived with a date
    person: Person = Person.objects.create(
        organisation=organisation, given_name=given, family_name=family, **extra
    )
    return person


def make_concern(membership: Membership, person: Person | None = None, **extra: Any) -> Concern:
    data = NewConcern(
        immediate_danger=extra.pop("immediate_danger", False),
        observed_at=extra.pop("observed_at", timezone.now() - timedelta(hours=1)),
        location=extra.pop("location", "Library"),
        narrative=extra.pop("narrative", "Was heard repeating slogans from a video."),
        people=[person] if person else [],
        unknown_subject=extra.pop("unknown_subject", "" if person else "Learner in a red coat"),
        **extra,
    )
    with in_scope(membership):
        return raise_concern(membership, data)
