"""``manage.py create_organisation``: a new tenant and its first DSL, no password typed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dueregard.accounts.models import User
from dueregard.audit.models import AuditEvent
from dueregard.core.scope import organisation_scope
from dueregard.organisations.models import Membership, Organisation, Role

pytestmark = pytest.mark.unscoped


def _create(*args: str) -> str:
    out = StringIO()
    call_command("create_organisation", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_creates_the_organisation_and_its_dsl_who_sets_their_own_password() -> None:
    out = _create(
        "Fernhollow College",
        "--slug",
        "fernhollow",
        "--kind",
        "sixth_form",
        "--dsl-email",
        "Lead@Fernhollow.example",
        "--dsl-name",
        "Fern Lead",
    )

    organisation = Organisation.objects.get(slug="fernhollow")
    assert (organisation.name, organisation.kind) == ("Fernhollow College", "sixth_form")
    with organisation_scope(organisation.pk):
        membership = Membership.objects.get()
    assert membership.role == Role.DSL
    user = User.objects.get(email="lead@fernhollow.example")
    assert not user.has_usable_password()
    assert "/accounts/password/reset/" in out and "fernhollow" in out
    codes = set(AuditEvent.objects.filter(organisation=organisation).values_list("code", flat=True))
    assert codes == {"organisation.created", "membership.added", "user.created"}


@pytest.mark.django_db
def test_bad_input_is_refused_with_every_problem_and_nothing_created(org: Organisation) -> None:
    with pytest.raises(CommandError) as caught:
        _create(
            "",
            "--slug",
            org.slug,
            "--kind",
            "school",
            "--dsl-email",
            "not-an-email",
        )

    message = str(caught.value)
    assert "name" in message and "short name" in message
    assert "kind must be one of" in message and "email address" in message
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_a_new_dsl_needs_a_name() -> None:
    with pytest.raises(CommandError, match="full name"):
        _create("Fernhollow", "--slug", "fern", "--kind", "college", "--dsl-email", "a@b.example")
    assert not Organisation.objects.exists()
