"""Test helpers for second factors and step-up. Used by tests only.

``Client.force_login`` skips allauth's sign-in flow, so nothing records which factors the
session used. ``record_sign_in`` writes what a complete sign-in would have written: the
password step and, for a user with an authenticator, the second-factor step.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.test import Client

#: A fixed secret so tests can compute codes (base32, 160 bits).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (tests only)


def enrol_totp(user: Any, secret: str | None = None) -> Authenticator:
    """Give ``user`` an authenticator app, as if they had set one up."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return existing
    return TOTP.activate(user, secret or TEST_TOTP_SECRET).instance


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app would show for ``secret`` now (or at ``at``)."""
    from allauth.mfa import app_settings

    counter = int(at if at is not None else time.time()) // app_settings.TOTP_PERIOD
    return str(format_hotp_value(hotp_value(secret, counter)))


def totp_secret_of(user: Any) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return str(decrypt(authenticator.data["secret"]))


def new_secret() -> str:
    return str(generate_totp_secret())


def _write_records(client: Client, user: Any, records: list[dict[str, Any]]) -> None:
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def _records(client: Client) -> list[dict[str, Any]]:
    return list(client.session.get(AUTHENTICATION_METHODS_SESSION_KEY) or [])


def record_sign_in(client: Client, user: Any, *, second_factor: bool = True) -> None:
    """Record a complete sign-in in the client's session (see the module docstring)."""
    now = time.time()
    records: list[dict[str, Any]] = [{"method": "password", "at": now, "email": user.email}]
    if second_factor:
        for authenticator in Authenticator.objects.filter(user=user).exclude(
            type=Authenticator.Type.RECOVERY_CODES
        )[:1]:
            records.append(
                {"method": "mfa", "at": now, "id": authenticator.pk, "type": authenticator.type}
            )
    _write_records(client, user, records)


def age_sign_in(client: Client, user: Any, seconds: float) -> None:
    """Pretend every factor of this session was entered ``seconds`` earlier."""
    _write_records(client, user, [{**r, "at": float(r["at"]) - seconds} for r in _records(client)])


def step_up(client: Client, user: Any) -> None:
    """Record that the user has just re-entered their second factor (step-up done)."""
    authenticator = Authenticator.objects.filter(user=user).exclude(
        type=Authenticator.Type.RECOVERY_CODES
    )[0]
    records = _records(client)
    records.append(
        {
            "method": "mfa",
            "at": time.time(),
            "id": authenticator.pk,
            "type": authenticator.type,
            "reauthenticated": True,
        }
    )
    _write_records(client, user, records)


def sign_in_completely(client: Client, user: Any) -> None:
    """After ``force_login``: enrol an authenticator app when one of the user's roles needs
    it, and record the sign-in steps (password, then the second factor when enrolled)."""
    from dueregard.organisations.models import Membership
    from dueregard.organisations.permissions import SECOND_FACTOR_ROLES

    if (
        Membership.across_organisations.active()
        .filter(user=user, role__in=SECOND_FACTOR_ROLES)
        .exists()
    ):
        enrol_totp(user)
    record_sign_in(client, user)
