"""Single sign-on with OpenID Connect: off by default, no sign-up, MFA still required."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from types import SimpleNamespace
from typing import Any

from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory
from django.urls import reverse

from dueregard.accounts import security
from dueregard.accounts.adapter import SocialAccountAdapter
from dueregard.accounts.signals import on_signed_in_by_allauth

MICROSOFT: dict[str, dict[str, list[dict[str, Any]]]] = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "microsoft",
                "name": "Microsoft",
                "client_id": "invented-client-id",
                "secret": "invented-secret",
                "settings": {
                    "server_url": "https://login.microsoftonline.com/invented-tenant/v2.0"
                },
            }
        ]
    }
}


def _settings_in_a_fresh_process(**env: str) -> Any:
    code = (
        "import json, django; django.setup(); from django.conf import settings;"
        "print(json.dumps(settings.SOCIALACCOUNT_PROVIDERS))"
    )
    full_env = {
        **os.environ,
        "DUEREGARD_PROFILE": "dev",
        "DJANGO_SETTINGS_MODULE": "dueregard.settings",
        **env,
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=full_env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_single_sign_on_is_off_unless_configured() -> None:
    assert _settings_in_a_fresh_process() == {}


def test_providers_are_built_from_the_environment() -> None:
    providers = _settings_in_a_fresh_process(
        OIDC_MICROSOFT_CLIENT_ID="ms-id",
        OIDC_MICROSOFT_CLIENT_SECRET="ms-secret",
        OIDC_MICROSOFT_TENANT="college-tenant",
        OIDC_GOOGLE_CLIENT_ID="g-id",
        OIDC_GOOGLE_CLIENT_SECRET="g-secret",
    )

    apps = {app["provider_id"]: app for app in providers["openid_connect"]["APPS"]}
    assert apps["microsoft"]["settings"]["server_url"] == (
        "https://login.microsoftonline.com/college-tenant/v2.0"
    )
    assert apps["google"]["client_id"] == "g-id"
    assert providers["openid_connect"]["OAUTH_PKCE_ENABLED"] is True


def test_the_sign_in_page_has_no_provider_button_by_default(client: Client, db: None) -> None:
    assert "Continue with" not in client.get(reverse("account_login")).content.decode()


def test_the_sign_in_page_offers_a_configured_provider(
    client: Client, db: None, settings: Any
) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = MICROSOFT

    page = client.get(reverse("account_login")).content.decode()

    assert "Continue with Microsoft" in page
    assert 'action="/accounts/oidc/microsoft/login/' in page


def test_no_one_can_sign_up_through_a_provider(rf: RequestFactory) -> None:
    assert not SocialAccountAdapter().is_open_for_signup(rf.get("/"), sociallogin=None)


def _sociallogin(amr: list[str]) -> Any:
    return SimpleNamespace(
        account=SimpleNamespace(provider="microsoft", extra_data={"id_token": {"amr": amr}})
    )


def test_a_provider_sign_in_asserting_mfa_marks_the_session(rf: RequestFactory) -> None:
    request = rf.get("/")
    request.session = SessionStore()

    on_signed_in_by_allauth(None, request, user=None, sociallogin=_sociallogin(["pwd", "mfa"]))

    assert request.session[security.PROVIDER_MFA_SESSION_KEY] == "microsoft"


def test_a_provider_sign_in_without_mfa_does_not(rf: RequestFactory) -> None:
    request = rf.get("/")
    request.session = SessionStore()

    on_signed_in_by_allauth(None, request, user=None, sociallogin=_sociallogin(["pwd"]))

    assert security.PROVIDER_MFA_SESSION_KEY not in request.session


# --- Which provider emails may match an existing account --------------------------------


def _microsoft(settings: Any, verified_email: object) -> Any:
    from allauth.socialaccount.adapter import get_adapter

    app = {**MICROSOFT["openid_connect"]["APPS"][0]}
    app["settings"] = {**app["settings"], "verified_email": verified_email}
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [app]}}
    return get_adapter().get_provider(RequestFactory().get("/"), "microsoft")


def _emails(provider: Any, claims: dict[str, Any]) -> list[tuple[str, bool]]:
    """The addresses allauth's own login flow would take from these ID-token claims."""
    addresses = provider.extract_email_addresses(claims)
    provider.cleanup_email_addresses(claims.get("email"), addresses)
    return [(a.email, bool(a.verified)) for a in addresses]


def test_an_entra_email_without_a_verified_domain_matches_nobody(db: None, settings: Any) -> None:
    provider = _microsoft(settings, False)

    # Entra sends no email_verified claim: the address is unverified, so it cannot be
    # used to find an existing account.
    assert _emails(provider, {"sub": "1", "email": "dsl@larkfield.example"}) == [
        ("dsl@larkfield.example", False)
    ]


def test_an_entra_email_in_a_listed_domain_counts_as_verified(db: None, settings: Any) -> None:
    provider = _microsoft(settings, ["larkfield.example"])

    assert _emails(provider, {"sub": "1", "email": "DSL@Larkfield.example"}) == [
        ("dsl@larkfield.example", True)
    ]
    assert _emails(provider, {"sub": "2", "email": "dsl@elsewhere.example"}) == [
        ("dsl@elsewhere.example", False)
    ]


def test_verified_domains_are_read_from_the_environment() -> None:
    providers = _settings_in_a_fresh_process(
        OIDC_MICROSOFT_CLIENT_ID="ms-id",
        OIDC_MICROSOFT_TENANT="00000000-0000-0000-0000-000000000001",
        OIDC_MICROSOFT_VERIFIED_DOMAINS="Larkfield.example, staff.larkfield.example",
    )

    (app,) = providers["openid_connect"]["APPS"]
    assert app["settings"]["verified_email"] == ["larkfield.example", "staff.larkfield.example"]


def test_verified_domains_need_the_organisations_own_tenant() -> None:
    code = "import django; django.setup()"
    env = {
        **os.environ,
        "DUEREGARD_PROFILE": "dev",
        "DJANGO_SETTINGS_MODULE": "dueregard.settings",
        "OIDC_MICROSOFT_CLIENT_ID": "ms-id",
        "OIDC_MICROSOFT_VERIFIED_DOMAINS": "larkfield.example",
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )

    assert done.returncode != 0
    assert "needs OIDC_MICROSOFT_TENANT set to your own tenant id" in done.stderr
