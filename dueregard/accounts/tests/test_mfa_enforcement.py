"""Second factor: required for DSLs, deputies and administrators, offered to everyone."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from dueregard.accounts import security
from dueregard.accounts.testing import (
    TEST_TOTP_SECRET,
    enrol_totp,
    record_sign_in,
    totp_code,
)
from dueregard.organisations.models import Membership, Role
from dueregard.organisations.permissions import SECOND_FACTOR_ROLES
from dueregard.testing.factories import PASSWORD, make_member

PRIVILEGED = ["dsl", "deputy", "admin"]

# One page each privileged role may otherwise open.
HOME_OF = {
    "dsl": "reports:dashboard",
    "deputy": "concerns:triage_queue",
    "admin": "people:list",
}


def sign_in_by_password(client: Client, membership: Membership) -> None:
    response = client.post(
        reverse("account_login"), {"login": membership.user.email, "password": PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("persona", PRIVILEGED)
def test_a_privileged_member_without_a_second_factor_is_sent_to_set_one_up(
    persona: str, request: pytest.FixtureRequest, client: Client
) -> None:
    membership = request.getfixturevalue(persona)
    sign_in_by_password(client, membership)

    for name in [HOME_OF[persona], "organisations:switch", "concerns:raise"]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"] == reverse("accounts:mfa_required"), name


@pytest.mark.parametrize("persona", PRIVILEGED)
def test_the_setup_pages_and_sign_out_stay_open_without_a_second_factor(
    persona: str, request: pytest.FixtureRequest, client: Client
) -> None:
    membership = request.getfixturevalue(persona)
    sign_in_by_password(client, membership)

    assert client.get(reverse("accounts:mfa_required")).status_code == 200
    assert client.get(reverse("accounts:security")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    # Activating an authenticator asks for the password again (allauth), then shows the form.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(response["Location"], {"password": PASSWORD}).status_code == 302
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["teacher", "governor"])
def test_staff_and_senior_leaders_are_offered_but_not_forced(
    persona: str, request: pytest.FixtureRequest, client: Client
) -> None:
    membership = request.getfixturevalue(persona)
    sign_in_by_password(client, membership)

    page = "concerns:mine" if persona == "teacher" else "reports:dashboard"
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert reverse("accounts:security") in response.content.decode()
    assert "Account security" in response.content.decode()
    security_page = client.get(reverse("accounts:security")).content.decode()
    assert reverse("mfa_activate_totp") in security_page
    assert reverse("usersessions_list") in security_page


def test_an_enrolled_dsl_signs_in_with_password_then_authenticator_code(
    client: Client, dsl: Membership
) -> None:
    enrol_totp(dsl.user)
    response = client.post(
        reverse("account_login"), {"login": dsl.user.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: organisation pages still send to sign-in.
    assert client.get(reverse("cases:list"))["Location"].startswith(reverse("account_login"))

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TEST_TOTP_SECRET)})

    assert response.status_code == 302
    assert client.get(reverse("cases:list")).status_code == 200


def test_an_enrolled_dsl_whose_session_used_no_second_factor_must_enter_one(
    client: Client, dsl: Membership
) -> None:
    client.force_login(dsl.user)
    record_sign_in(client, dsl.user, second_factor=False)  # e.g. single sign-on without MFA

    response = client.get(reverse("cases:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.post(
        response["Location"], {"code": totp_code(TEST_TOTP_SECRET)}, follow=False
    )
    assert response.status_code == 302
    assert client.get(reverse("cases:list")).status_code == 200


def test_a_provider_that_asserted_mfa_counts_as_the_sessions_second_factor(
    client: Client, dsl: Membership
) -> None:
    client.force_login(dsl.user)
    record_sign_in(client, dsl.user, second_factor=False)
    session = client.session
    session[security.PROVIDER_MFA_SESSION_KEY] = "microsoft"
    session.save()

    assert client.get(reverse("cases:list")).status_code == 200


def test_the_amr_claim_is_read_as_rfc_8176_says() -> None:
    assert security.provider_asserted_mfa({"amr": ["pwd", "mfa"]})
    assert not security.provider_asserted_mfa({"amr": ["pwd"]})
    assert not security.provider_asserted_mfa({"amr": "mfa"})
    assert not security.provider_asserted_mfa({})


def test_removing_the_last_authenticator_sends_a_dsl_back_to_setup(
    client: Client, dsl: Membership
) -> None:
    client.force_login(dsl.user)
    assert client.get(reverse("cases:list")).status_code == 200

    # allauth asks for the code again before a change to MFA (step-up), then deactivates.
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    client.post(response["Location"], {"code": totp_code(TEST_TOTP_SECRET)})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=dsl.user).exists()

    response = client.get(reverse("cases:list"))
    assert response["Location"] == reverse("accounts:mfa_required")


def test_a_user_with_a_second_factor_never_reauthenticates_by_password_alone(
    client: Client, dsl: Membership
) -> None:
    client.force_login(dsl.user)

    response = client.get(reverse("account_reauthenticate"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_only_those_roles_require_a_second_factor() -> None:
    required = {role for role in Role if role in SECOND_FACTOR_ROLES}
    assert required == {Role.DSL, Role.DEPUTY_DSL, Role.ADMINISTRATOR}


def test_a_dsl_added_by_a_factory_is_enforced_too(client: Client, org) -> None:
    lead = make_member(org, Role.DSL, "new.lead@larkfield.example", "Nia Lead")
    sign_in_by_password(client, lead)

    assert client.get(reverse("cases:list"))["Location"] == reverse("accounts:mfa_required")
