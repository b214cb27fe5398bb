"""A DSL is made to set up an authenticator app before reaching any case; pages pass axe."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Page, expect

from dueregard.accounts.models import User
from dueregard.accounts.testing import totp_code, totp_secret_of
from dueregard.organisations.models import Role
from dueregard.testing.factories import PASSWORD, make_member, make_organisation
from tests.browser.scope import work_in

_USED: set[tuple[str, int]] = set()


def _fresh_code(secret: str) -> str:
    """A code valid for the next few seconds and not used before (allauth refuses reuse)."""
    while time.time() % 30 > 25 or (secret, int(time.time()) // 30) in _USED:
        time.sleep(30 - time.time() % 30 + 0.5)
    _USED.add((secret, int(time.time()) // 30))
    return totp_code(secret)


def enter_second_factor_if_asked(page: Page, email: str) -> None:
    """After the password: enter the authenticator code of ``email`` when the page asks.

    For browser tests whose DSLs, deputies or administrators were enrolled with
    ``dueregard.accounts.testing.enrol_totp``.
    """
    if page.get_by_role("button", name="Sign In", exact=True).count():
        user = User.objects.get(email=email)
        page.get_by_label("Code").fill(_fresh_code(totp_secret_of(user)))
        page.get_by_role("button", name="Sign In", exact=True).click()


@pytest.mark.django_db(transaction=True)
def test_a_dsl_sets_up_an_authenticator_app_then_signs_in_with_it(
    page: Page, live_server: Any, a11y: Any
) -> None:
    base = live_server.url
    org = work_in(make_organisation("Fernhollow Training"))
    lead = make_member(org, Role.DSL, "dsl@fernhollow.example", "Dora Lead")

    page.goto(f"{base}/accounts/login/")
    a11y.check(page, "mfa-00-sign-in")
    page.get_by_label("Email").fill(lead.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    # Every organisation page sends the lead to set up a second factor.
    expect(page.get_by_role("heading", name="Set up a second factor to continue")).to_be_visible()
    a11y.check(page, "mfa-01-required")
    page.goto(f"{base}/cases/")
    expect(page.get_by_role("heading", name="Set up a second factor to continue")).to_be_visible()

    page.get_by_role("link", name="an authenticator app on your phone").click()
    # allauth asks for the password again before a change to sign-in methods.
    a11y.check(page, "mfa-02-confirm-password")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    a11y.check(page, "mfa-03-activate-totp")
    secret = page.locator("#authenticator-secret").inner_text().strip()
    page.get_by_label("Authenticator code").fill(_fresh_code(secret))
    page.get_by_role("button", name="Activate").click()

    # Recovery codes are generated and shown once the app is set up.
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    a11y.check(page, "mfa-04-recovery-codes")
    assert totp_secret_of(lead.user) == secret

    page.goto(f"{base}/accounts/2fa/")
    a11y.check(page, "mfa-05-index")
    page.goto(f"{base}/accounts/security/")
    a11y.check(page, "mfa-06-account-security")
    page.goto(f"{base}/accounts/sessions/")
    a11y.check(page, "mfa-07-sessions")

    page.goto(f"{base}/")
    expect(page.get_by_role("link", name="Cases")).to_be_visible()
    a11y.check(page, "mfa-08-dashboard")

    # Next time: password, then a code from the app.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(lead.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    a11y.check(page, "mfa-09-enter-code")
    enter_second_factor_if_asked(page, lead.user.email)
    expect(page.get_by_role("link", name="Cases")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_the_passkey_page_passes_axe(page: Page, live_server: Any, a11y: Any) -> None:
    base = live_server.url
    org = work_in(make_organisation("Fernhollow Training"))
    member = make_member(org, Role.STAFF, "tutor@fernhollow.example", "Tamsin Tutor")

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(member.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("link", name="Account security").click()
    page.get_by_role("link", name="Add a passkey").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    a11y.check(page, "mfa-10-add-passkey")


@pytest.mark.django_db(transaction=True)
def test_a_member_adds_a_passkey_and_signs_in_with_it_with_or_without_a_password(
    page: Page, live_server: Any
) -> None:
    """Through Chromium's virtual authenticator (CTAP2, resident keys, user verification)."""
    base = live_server.url.replace("127.0.0.1", "localhost")  # WebAuthn needs a domain
    org = work_in(make_organisation("Fernhollow Training"))
    member = make_member(org, Role.STAFF, "tutor@fernhollow.example", "Tamsin Tutor")
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(member.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.goto(f"{base}/accounts/2fa/webauthn/add/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Name").fill("Laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    assert Authenticator.objects.filter(user=member.user, type="webauthn").exists()

    # With a password, the passkey is the second factor.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(member.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("button", name="Use a security key").click()
    expect(page.get_by_role("link", name="My concerns")).to_be_visible()

    # A passwordless passkey signs in on its own (it verifies the user: PIN or biometrics).
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{base}/accounts/login/")
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("link", name="My concerns")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_where_a_passkey_is_required_a_dsl_with_an_app_adds_one_and_is_asked_for_it(
    page: Page, live_server: Any
) -> None:
    """The organisation's default: a passkey only for DSLs, deputies and administrators."""
    from dueregard.accounts.testing import enrol_totp

    base = live_server.url.replace("127.0.0.1", "localhost")  # WebAuthn needs a domain
    org = work_in(make_organisation("Fernhollow Training", privileged_factor="passkey"))
    dsl = make_member(org, Role.DSL, "dsl@fernhollow.example", "Dora Lead")
    enrol_totp(dsl.user)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    # Signed in with the app's code: not enough for the case pages.
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(dsl.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    enter_second_factor_if_asked(page, dsl.user.email)
    page.goto(f"{base}/cases/")
    expect(page.get_by_role("heading", name="Set up a second factor to continue")).to_be_visible()
    page.get_by_role("link", name="Add a passkey or security key").click()
    if page.get_by_label("Code").count():  # allauth asks for a factor before adding one
        page.get_by_label("Code").fill(_fresh_code(totp_secret_of(dsl.user)))
        page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Name").fill("Laptop")
    page.get_by_role("button", name="Add").click()
    # The virtual authenticator answers, then the page posts the new credential.
    page.wait_for_url(lambda url: "/webauthn/add" not in url)
    assert Authenticator.objects.filter(user=dsl.user, type="webauthn").exists()

    # Now the case pages ask for the passkey, never for a code, and then open.
    page.goto(f"{base}/cases/")
    expect(page.get_by_label("Code")).to_have_count(0)
    page.get_by_role("button", name="Use a security key").click()
    expect(page.get_by_role("heading", name="Cases")).to_be_visible()
