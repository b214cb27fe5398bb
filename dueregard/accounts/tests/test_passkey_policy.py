"""A passkey only, for DSLs, deputies and administrators, where the organisation says so
(the default): an authenticator-app code, a recovery code or a provider's MFA claim then
does not count for them; staff are unaffected."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.core import context
from allauth.mfa.models import Authenticator
from django.test import Client, RequestFactory
from django.urls import reverse

from dueregard.accounts import security
from dueregard.accounts.adapter import AccountAdapter
from dueregard.accounts.testing import _write_records, enrol_totp
from dueregard.audit.models import AuditEvent
from dueregard.organisations.models import Membership, PrivilegedFactor


@pytest.fixture
def passkey_org(dsl: Membership) -> Membership:
    organisation = dsl.organisation
    organisation.privileged_factor = PrivilegedFactor.PASSKEY
    organisation.save()
    return dsl


def add_passkey(user: Any) -> Authenticator:
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.WEBAUTHN, data={"name": "Invented key"}
    )


def sign_in_with(client: Client, user: Any, factor: str) -> None:
    """A session whose second factor was ``factor`` ("totp" or "webauthn")."""
    client.force_login(user)
    now = time.time()
    _write_records(
        client,
        user,
        [
            {"method": "password", "at": now, "email": user.email},
            {"method": "mfa", "at": now, "type": factor},
        ],
    )


def test_the_default_for_an_organisation_is_a_passkey() -> None:
    from dueregard.organisations.models import Organisation

    assert Organisation().privileged_factor == PrivilegedFactor.PASSKEY


def test_an_app_code_does_not_open_case_pages_when_a_passkey_is_required(
    passkey_org: Membership, client: Client
) -> None:
    enrol_totp(passkey_org.user)
    sign_in_with(client, passkey_org.user, "totp")

    response = client.get(reverse("cases:list"))

    # No passkey yet: sent to add one.
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_required")
    page = client.get(reverse("accounts:mfa_required")).content.decode()
    assert "Add a passkey or security key" in page
    assert "authenticator app on your phone" not in page


def test_with_a_passkey_the_member_is_asked_for_it_not_for_a_code(
    passkey_org: Membership, client: Client
) -> None:
    enrol_totp(passkey_org.user)
    add_passkey(passkey_org.user)
    sign_in_with(client, passkey_org.user, "totp")

    response = client.get(reverse("cases:list"))

    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    request = RequestFactory().get("/")
    request.user = passkey_org.user
    request.membership = passkey_org  # type: ignore[attr-defined]
    with context.request_context(request):
        methods = AccountAdapter().get_reauthentication_methods(passkey_org.user)
    assert [m["id"] for m in methods] == ["mfa_reauthenticate:webauthn"]


def test_a_passkey_sign_in_opens_the_case_pages(passkey_org: Membership, client: Client) -> None:
    add_passkey(passkey_org.user)
    sign_in_with(client, passkey_org.user, "webauthn")

    assert client.get(reverse("cases:list")).status_code == 200


def test_a_providers_mfa_claim_does_not_count_as_a_passkey(
    passkey_org: Membership, client: Client
) -> None:
    add_passkey(passkey_org.user)
    client.force_login(passkey_org.user)
    _write_records(client, passkey_org.user, [])
    session = client.session
    session[security.PROVIDER_MFA_SESSION_KEY] = "microsoft"
    session.save()

    assert client.get(reverse("cases:list")).status_code == 302


def test_step_up_needs_the_passkey_again(passkey_org: Membership, rf: RequestFactory) -> None:
    add_passkey(passkey_org.user)
    request = rf.get("/")
    request.user = passkey_org.user
    request.membership = passkey_org  # type: ignore[attr-defined]
    request.session = Client().session
    now = time.time()
    records = [{"method": "mfa", "at": now, "type": "totp"}]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(security, "_records", lambda request: records)
        assert not security.stepped_up(request)
        records.append({"method": "mfa", "at": now, "type": "webauthn"})
        assert security.stepped_up(request)


def test_staff_are_not_asked_for_a_second_factor(
    passkey_org: Membership, teacher: Membership, client: Client
) -> None:
    client.force_login(teacher.user)
    _write_records(client, teacher.user, [{"method": "password", "at": time.time()}])

    assert client.get(reverse("concerns:raise")).status_code == 200


def test_only_the_dsl_changes_the_rule_and_it_is_audited(
    dsl: Membership, admin: Membership, client: Client
) -> None:
    form = {
        "triage_target_hours": "8",
        "emergency_target_minutes": "15",
        "review_interval_hours": "48",
    }
    client.force_login(admin.user)
    response = client.post(
        reverse("organisations:settings"), {**form, "privileged_factor": "passkey"}
    )
    assert response.status_code == 200
    assert "Only the DSL can change which second factor" in response.content.decode()
    dsl.organisation.refresh_from_db()
    assert dsl.organisation.privileged_factor == PrivilegedFactor.ANY

    client.force_login(dsl.user)
    response = client.post(
        reverse("organisations:settings"), {**form, "privileged_factor": "passkey"}
    )
    assert response.status_code == 302
    dsl.organisation.refresh_from_db()
    assert dsl.organisation.privileged_factor == PrivilegedFactor.PASSKEY
    event = AuditEvent.objects.get(code="organisation.privileged_factor_set")
    assert event.context == {"factor": "passkey"}


def test_a_strict_organisation_elsewhere_makes_reauthentication_ask_for_the_passkey(
    teacher: Membership, other_org: Any
) -> None:
    """Staff here (an app is fine) but deputy DSL in an organisation requiring passkeys:
    re-authentication before changing factors asks for the passkey, whichever
    organisation the session is in."""
    from dueregard.organisations.models import Role
    from dueregard.testing.factories import make_member

    other_org.privileged_factor = PrivilegedFactor.PASSKEY
    other_org.save()
    make_member(other_org, Role.DEPUTY_DSL, teacher.user.email, teacher.user.full_name)
    enrol_totp(teacher.user)
    add_passkey(teacher.user)
    request = RequestFactory().get("/")
    request.user = teacher.user
    request.membership = teacher  # type: ignore[attr-defined]

    with context.request_context(request):
        methods = AccountAdapter().get_reauthentication_methods(teacher.user)

    assert [m["id"] for m in methods] == ["mfa_reauthenticate:webauthn"]
