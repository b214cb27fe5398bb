"""The production profile's cookies and transport settings, and the cookies they produce.

The profile is chosen at import, so the production values are read in a child process
with a complete production environment (as ``test_settings.py`` does); what those values
make Django send is checked here with the same settings applied to the test profile.
"""

from __future__ import annotations

import json
from http.cookies import Morsel
from pathlib import Path

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from dueregard.core.tests.test_settings import PRODUCTION_ENV, manage
from dueregard.organisations.models import Membership
from dueregard.testing.factories import PASSWORD

READ = [
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_PATH",
    "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_PATH",
    "CSRF_COOKIE_DOMAIN",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "DEBUG",
]
PRINT_SETTINGS = (
    "import json; from django.conf import settings; "
    f"values = {{name: getattr(settings, name) for name in {READ!r}}}; "
    "values['CONTENT_SECURITY_POLICY'] = repr(settings.CONTENT_SECURITY_POLICY); "
    "values['MIDDLEWARE'] = settings.MIDDLEWARE; "
    "print('SETTINGS=' + json.dumps(values))"
)

PRODUCTION_COOKIES = {
    "SESSION_COOKIE_NAME": "__Host-sessionid",
    "CSRF_COOKIE_NAME": "__Host-csrftoken",
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def production_settings(tmp_path: Path) -> dict[str, object]:
    completed = manage("shell", "-c", PRINT_SETTINGS, env=PRODUCTION_ENV, tmp_path=tmp_path)
    assert completed.returncode == 0, completed.stderr
    (line,) = [ln for ln in completed.stdout.splitlines() if ln.startswith("SETTINGS=")]
    return json.loads(line.removeprefix("SETTINGS="))


def test_production_cookies_transport_and_headers_are_as_promised(tmp_path: Path) -> None:
    values = production_settings(tmp_path)

    assert values == {
        # __Host- cookies: Secure, Path=/ and no Domain, or the browser refuses them.
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_PATH": "/",
        "SESSION_COOKIE_DOMAIN": None,
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_PATH": "/",
        "CSRF_COOKIE_DOMAIN": None,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "DEBUG": False,
        # The policy the tests check is the one production sends.
        "CONTENT_SECURITY_POLICY": repr(settings.CONTENT_SECURITY_POLICY),
        "MIDDLEWARE": settings.MIDDLEWARE,
    }


def assert_host_prefixed(cookie: Morsel[str]) -> None:
    assert cookie.key.startswith("__Host-")
    assert cookie["secure"] is True
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@override_settings(**PRODUCTION_COOKIES)
def test_signing_in_sets_host_prefixed_secure_http_only_cookies(
    client: Client, teacher: Membership
) -> None:
    form = client.get(reverse("account_login"))
    assert_host_prefixed(form.cookies["__Host-csrftoken"])

    signed_in = client.post(
        reverse("account_login"), {"login": teacher.user.email, "password": PASSWORD}
    )

    assert signed_in.status_code == 302
    assert_host_prefixed(signed_in.cookies["__Host-sessionid"])
    assert "sessionid" not in signed_in.cookies
