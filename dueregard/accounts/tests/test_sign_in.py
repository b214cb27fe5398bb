"""Sign-in throttling, no user enumeration, password rules and hashing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from dueregard.organisations.models import Membership
from dueregard.testing.factories import PASSWORD

UNKNOWN = "nobody.invented@larkfield.example"
WRONG = "wrong-password-123"
THROTTLED = "Too many failed login attempts. Try again later."


def _sign_in(client: Client, email: str, password: str = WRONG):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _errors(response) -> str:
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


def test_an_unknown_email_and_a_wrong_password_get_the_same_answer(
    client: Client, teacher: Membership
) -> None:
    wrong_password = _sign_in(client, teacher.user.email)
    unknown = _sign_in(client, UNKNOWN)

    assert wrong_password.status_code == unknown.status_code == 200
    assert _errors(wrong_password) == _errors(unknown)
    assert _errors(unknown)


def test_after_five_failures_the_account_is_throttled_even_with_the_right_password(
    client: Client, teacher: Membership
) -> None:
    for _ in range(5):
        assert THROTTLED not in _errors(_sign_in(client, teacher.user.email))

    response = _sign_in(client, teacher.user.email, PASSWORD)

    assert response.status_code == 200
    assert _errors(response) == THROTTLED


def test_an_unknown_email_is_throttled_in_the_same_way(client: Client, db: None) -> None:
    for _ in range(5):
        _sign_in(client, UNKNOWN)

    assert _errors(_sign_in(client, UNKNOWN)) == THROTTLED


def test_the_throttle_lifts_after_the_window_so_no_one_is_locked_out_for_good(
    client: Client, teacher: Membership, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(6):
        _sign_in(client, teacher.user.email)
    later = time.time() + 5 * 60 + 1
    monkeypatch.setattr(
        "allauth.core.internal.ratelimit.time",
        SimpleNamespace(time=lambda: later, monotonic=time.monotonic, sleep=time.sleep),
    )

    response = _sign_in(client, teacher.user.email, PASSWORD)

    assert response.status_code == 302


def test_throttling_one_account_does_not_throttle_another(
    client: Client, teacher: Membership, governor: Membership
) -> None:
    for _ in range(6):
        _sign_in(client, teacher.user.email)

    assert _sign_in(client, governor.user.email, PASSWORD).status_code == 302


def test_one_address_is_throttled_after_ten_failures_a_minute_whatever_the_account(
    client: Client, teacher: Membership
) -> None:
    for n in range(10):
        _sign_in(client, f"guess{n}@larkfield.example")

    response = _sign_in(client, teacher.user.email, PASSWORD)

    assert response.status_code == 200
    assert _errors(response) == THROTTLED


def test_password_reset_answers_the_same_for_known_and_unknown_emails(
    client: Client, teacher: Membership
) -> None:
    known = client.post(reverse("account_reset_password"), {"email": teacher.user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": UNKNOWN})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_sign_up_is_closed_and_answers_the_same_for_existing_and_new_emails(
    client: Client, teacher: Membership
) -> None:
    data = {"password1": "a-long-enough-passphrase", "password2": "a-long-enough-passphrase"}
    existing = client.post(reverse("account_signup"), {"email": teacher.user.email, **data})
    new = client.post(reverse("account_signup"), {"email": UNKNOWN, **data})

    assert existing.status_code == new.status_code
    assert _page(existing) == _page(new) == _page(client.get(reverse("account_signup")))
    assert "Sign Up Closed" in _page(new)


def _page(response) -> str:
    """The page without its per-response tokens (CSRF, CSP nonces)."""
    return re.sub(r'(nonce|value)="[^"]*"', "", response.content.decode())


def test_passwords_are_hashed_with_argon2id_outside_the_test_profile() -> None:
    # The test profile uses a fast hasher; dev (like production) puts Argon2 first.
    code = (
        "import django; django.setup(); from django.contrib.auth.hashers import get_hasher;"
        "h = get_hasher(); print(h.encode('correct-horse-battery-staple', h.salt()))"
    )
    env = {**os.environ, "DUEREGARD_PROFILE": "dev", "DJANGO_SETTINGS_MODULE": "dueregard.settings"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("argon2$argon2id$")


@pytest.mark.parametrize(
    "password",
    ["correct horse battery", "lowercaseonlyisfine", "1234 5678 abcd"],
)
def test_long_passwords_need_no_mix_of_character_classes(password: str) -> None:
    validate_password(password)


@pytest.mark.parametrize("password", ["short-pass1", "password1234", "qwertyuiop123"])
def test_short_or_common_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)
